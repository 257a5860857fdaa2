import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, DATABASE_PLUGIN, FALLBACK_ENV_ID, loadProjectConfig } from '../src/config';
import { FIXTURE_PROJECT_ROOT } from './helpers/project-root';

const SRC = path.join(__dirname, '../src');

const roots: string[] = [];

function projectWith(rc: unknown, files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-config-'));
  roots.push(dir);
  fs.writeFileSync(path.join(dir, 'cloudbaserc.json'), JSON.stringify(rc));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

afterAll(() => {
  for (const dir of roots) fs.rmSync(dir, { recursive: true, force: true });
});

const databasePlugin = (collections: unknown[]) => ({ use: DATABASE_PLUGIN, inputs: { collections } });

describe('loadProjectConfig', () => {
  test('When cloudbaserc.json declares functions, triggers, service paths and database plugin collections, then they are read with CloudBase defaults', async () => {
    const root = projectWith({
      envId: 'demo-x',
      functionRoot: './fns',
      functions: [
        { name: 'a', timeout: 20, triggers: [{ name: 'nightly', type: 'timer', config: '0 0 2 * * * *' }], envVariables: { K: 'v' } },
        { name: 'b', config: { timeout: 7, memorySize: 512 } },
      ],
      framework: {
        plugins: {
          fn: { use: '@cloudbase/framework-plugin-function', inputs: { servicePaths: { a: 'pc' } } },
          // As docs.cloudbase.net/framework/plugins/framework-plugin-database declares them: directions are strings.
          db: databasePlugin([
            { collectionName: 'things', description: '东西', aclTag: 'CUSTOM', aclRule: { read: true }, createIndexes: [{ name: 'by_owner', unique: true, keys: [{ name: 'owner', direction: '1' }, { name: 'at', direction: '-1' }] }] },
            { collectionName: 'board', description: '公告', aclTag: 'READONLY' },
          ]),
        },
      },
    });
    const config = await loadProjectConfig(root, {});
    expect(config.envId).toBe('demo-x');
    expect(config.functions[0]).toMatchObject({ name: 'a', dir: path.join(root, 'fns/a'), handler: 'index.main', timeout: 20, memorySize: 256, envVariables: { K: 'v' } });
    expect(config.functions[0].unresolvedEnv).toBeUndefined();
    expect(config.functions[0].triggers).toEqual([{ functionName: 'a', name: 'nightly', config: '0 0 2 * * * *' }]);
    expect(config.functions[1]).toMatchObject({ timeout: 7, memorySize: 512 });
    expect(config.httpRoutes).toEqual([{ functionName: 'a', path: '/pc' }]);
    expect(config.collections).toEqual([
      { name: 'things', indexes: [{ name: 'by_owner', unique: true, keys: [{ name: 'owner', direction: 1 }, { name: 'at', direction: -1 }] }], rule: { read: true } },
      { name: 'board', indexes: [], rule: 'READONLY' },
    ]);
  });

  test('When a timeout is out of CloudBase range, then loading fails with a ConfigError naming the function', async () => {
    const root = projectWith({ functions: [{ name: 'slow', timeout: 900 }] });
    await expect(loadProjectConfig(root)).rejects.toThrow(ConfigError);
    await expect(loadProjectConfig(root)).rejects.toThrow(/slow/);
  });

  test('When the old database.declarations key is present, then loading fails saying where collections belong', async () => {
    const root = projectWith({ database: { declarations: 'database/index.ts' } });
    await expect(loadProjectConfig(root)).rejects.toThrow(/database\.declarations .*framework\.plugins.*@cloudbase\/framework-plugin-database/);
  });

  test('When a database plugin entry is malformed, then the ConfigError names the collection and the problem', async () => {
    const bad = (collection: unknown) => loadProjectConfig(projectWith({ framework: { plugins: { db: databasePlugin([collection]) } } }));
    await expect(bad({ description: 'no name' })).rejects.toThrow(/has no collectionName/);
    await expect(bad({ collectionName: 'c', createIndexes: [{ name: 'x' }] })).rejects.toThrow(/collection c: every index needs a name and keys/);
    await expect(bad({ collectionName: 'c', aclTag: 'EVERYONE' })).rejects.toThrow(/collection c: aclTag must be one of/);
    await expect(bad({ collectionName: 'c', aclTag: 'CUSTOM', aclRule: '{nope' })).rejects.toThrow(/collection c: aclRule is not JSON/);
    const twice = projectWith({ framework: { plugins: { a: databasePlugin([{ collectionName: 'c' }]), b: databasePlugin([{ collectionName: 'c' }]) } } });
    await expect(loadProjectConfig(twice)).rejects.toThrow(/collection c is declared twice/);
  });

  test('When envId is a {{env.X}} template with X unset, then the demo env id is used; set in .env, it is filled', async () => {
    const rc = { envId: '{{env.ENV_ID}}' };
    expect((await loadProjectConfig(projectWith(rc), {})).envId).toBe(FALLBACK_ENV_ID);
    expect((await loadProjectConfig(projectWith(rc, { '.env': 'ENV_ID=demo-from-dotenv\n' }), {})).envId).toBe('demo-from-dotenv');
  });

  test('When the emulator tests load their fixture project, then its functions, route and collections are there', async () => {
    const config = await loadProjectConfig(FIXTURE_PROJECT_ROOT, {});
    expect(config.envId).toBe('demo-emulator-fixture');
    expect(config.functions.map((f) => f.name)).toEqual(['ping', 'echo', 'fails']);
    expect(config.functions[1].envVariables).toEqual({ FIXTURE_GREETING: '你好' });
    expect(config.httpRoutes).toEqual([{ functionName: 'echo', path: '/echo' }]);
    expect(config.collections.map((c) => [c.name, c.rule])).toEqual([
      ['pings', 'ADMINONLY'],
      ['notes', { read: 'doc._openid == auth.openid || doc._openid == auth.uid', write: 'doc._openid == auth.openid || doc._openid == auth.uid' }],
      ['board', 'READONLY'],
    ]);
  });
});

/**
 * `{{env.X}}` as the tcb CLI fills it (docs.cloudbase.net/cli-v1/config, 环境变量: .env and .env.local are
 * always loaded, .env.local overriding .env; @cloudbase/toolbox's ConfigParser puts the process environment
 * over both).
 */
describe('envVariables templates', () => {
  const rc = { functions: [{ name: 'f', envVariables: { KEY: '{{env.SECRET}}', MIXED: 'v-{{ env.SECRET }}-{{env.OTHER}}', PLAIN: 'p' } }] };

  test('When X is only in .env, then it is used; .env.local overrides .env; the process environment overrides both', async () => {
    const onlyEnv = projectWith(rc, { '.env': 'SECRET=from-env\nOTHER=o\n' });
    expect((await loadProjectConfig(onlyEnv, {})).functions[0].envVariables).toEqual({ KEY: 'from-env', MIXED: 'v-from-env-o', PLAIN: 'p' });

    const both = projectWith(rc, { '.env': 'SECRET=from-env\nOTHER=o\n', '.env.local': '# local\nSECRET="from local"\n' });
    expect((await loadProjectConfig(both, {})).functions[0].envVariables.KEY).toBe('from local');

    const fromProcess = await loadProjectConfig(both, { SECRET: 'from-process' });
    expect(fromProcess.functions[0].envVariables).toEqual({ KEY: 'from-process', MIXED: 'v-from-process-o', PLAIN: 'p' });
    expect(fromProcess.functions[0].unresolvedEnv).toBeUndefined();
  });

  test('When X is set nowhere (or empty), then it renders empty and the function lists it as unresolved', async () => {
    const root = projectWith(rc, { '.env': 'OTHER=\n' });
    const [fn] = (await loadProjectConfig(root, {})).functions;
    expect(fn.envVariables).toEqual({ KEY: '', MIXED: 'v--', PLAIN: 'p' });
    expect(fn.unresolvedEnv).toEqual(['SECRET', 'OTHER']);
  });
});

test('When the emulator\'s sources are read, then none imports the product (database/, packages/, cloudfunctions/): it learns the project from cloudbaserc.json alone', () => {
  const files = (fs.readdirSync(SRC, { recursive: true }) as string[]).filter((f) => /\.(ts|cjs|js)$/.test(f));
  expect(files.length).toBeGreaterThan(50);
  const offenders: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(SRC, file), 'utf8');
    for (const [, specifier] of text.matchAll(/(?:from|require\()\s*['"]([^'"]+)['"]/g)) {
      const escapes = specifier.startsWith('.') && !path.resolve(SRC, path.dirname(file), specifier).startsWith(SRC);
      if (escapes || specifier.startsWith('@partner-desk/')) offenders.push(`${file}: ${specifier}`);
    }
    if (/\bimport\(/.test(text)) offenders.push(`${file}: dynamic import`);
  }
  expect(offenders).toEqual([]);
});
