/** A throwaway CloudBase project for realtime tests and the latency benchmark: one writer function, two collections. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REALTIME_FIXTURES = path.join(__dirname, 'fixtures');
export const REALTIME_ENV_ID = 'demo-realtime';

export function realtimeTestProject(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-realtime-'));
  fs.writeFileSync(
    path.join(root, 'cloudbaserc.json'),
    JSON.stringify({
      envId: REALTIME_ENV_ID,
      functions: [{ name: 'rt-writer', dir: path.join(REALTIME_FIXTURES, 'functions', 'rt-writer'), timeout: 60 }],
      framework: { plugins: { database: { use: '@cloudbase/framework-plugin-database', inputs: { collections: require(path.join(REALTIME_FIXTURES, 'collections.js')).collections } } } },
    }),
  );
  return root;
}
