import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadProjectConfig } from '../src/config';
import { PROJECT_ROOT } from './helpers/project-root';

function projectWith(rc: unknown, declarations?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-config-'));
  fs.writeFileSync(path.join(dir, 'cloudbaserc.json'), JSON.stringify(rc));
  if (declarations) {
    fs.mkdirSync(path.join(dir, 'database'));
    fs.writeFileSync(path.join(dir, 'database/index.ts'), declarations);
  }
  return dir;
}

describe('loadProjectConfig', () => {
  test('When cloudbaserc.json declares functions, triggers and service paths, then they are read with CloudBase defaults', async () => {
    const root = projectWith(
      {
        envId: 'demo-x',
        functionRoot: './fns',
        functions: [
          { name: 'a', timeout: 20, triggers: [{ name: 'nightly', type: 'timer', config: '0 0 2 * * * *' }], envVariables: { K: 'v' } },
          { name: 'b', config: { timeout: 7, memorySize: 512 } },
        ],
        framework: { plugins: { fn: { use: '@cloudbase/framework-plugin-function', inputs: { servicePaths: { a: 'pc' } } } } },
      },
      `export const collections = [{ collectionName: 'things', createIndexes: [{ name: 'by_owner', unique: true, keys: [{ name: 'owner', direction: '1' }, { name: 'at', direction: '-1' }] }], aclRule: { read: true } }];`,
    );
    const config = await loadProjectConfig(root);
    expect(config.envId).toBe('demo-x');
    expect(config.functions[0]).toMatchObject({ name: 'a', dir: path.join(root, 'fns/a'), handler: 'index.main', timeout: 20, memorySize: 256, envVariables: { K: 'v' } });
    expect(config.functions[0].triggers).toEqual([{ functionName: 'a', name: 'nightly', config: '0 0 2 * * * *' }]);
    expect(config.functions[1]).toMatchObject({ timeout: 7, memorySize: 512 });
    expect(config.httpRoutes).toEqual([{ functionName: 'a', path: '/pc' }]);
    expect(config.collections).toEqual([
      { name: 'things', indexes: [{ name: 'by_owner', unique: true, keys: [{ name: 'owner', direction: 1 }, { name: 'at', direction: -1 }] }], rule: { read: true } },
    ]);
  });

  test('When a timeout is out of CloudBase range, then loading fails with a ConfigError naming the function', async () => {
    const root = projectWith({ functions: [{ name: 'slow', timeout: 900 }] });
    await expect(loadProjectConfig(root)).rejects.toThrow(ConfigError);
    await expect(loadProjectConfig(root)).rejects.toThrow(/slow/);
  });

  test('When envId is a {{env.X}} template with X unset, then a demo env id is used; the repo config loads', async () => {
    delete process.env.ENV_ID;
    const config = await loadProjectConfig(PROJECT_ROOT);
    expect(config.envId).toBe('demo-partner-desk');
    expect(config.functions.map((f) => f.name)).toContain('health');
    expect(config.collections.map((c) => c.name)).toContain('health_checks');
  });
});
