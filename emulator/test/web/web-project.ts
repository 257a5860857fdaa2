/** A throwaway CloudBase project for the web emulator tests: fixture functions and one collection per rule kind. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const WEB_FIXTURES = path.join(__dirname, 'fixtures');
export const WEB_ENV_ID = 'demo-web';

export function webTestProject(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-web-'));
  const fn = (name: string) => ({ name, dir: path.join(WEB_FIXTURES, 'functions', name), timeout: 10 });
  fs.writeFileSync(
    path.join(root, 'cloudbaserc.json'),
    JSON.stringify({
      envId: WEB_ENV_ID,
      functions: [fn('whoami'), fn('fails'), fn('make-collection')],
      framework: { plugins: { database: { use: '@cloudbase/framework-plugin-database', inputs: { collections: require(path.join(WEB_FIXTURES, 'collections.js')).collections } } } },
    }),
  );
  return root;
}
