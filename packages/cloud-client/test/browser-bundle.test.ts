/**
 * What the mini-program and the H5 build ship: the contract and cloud-client, bundled for the browser by
 * esbuild. Nothing server-side may get in: not wx-server-sdk, not @cloudbase/node-sdk, no node built-in
 * (fs, crypto, …) — any of those would either break the build or drag a server SDK into every page.
 * The detector is checked too: bundling packages/shared (server code) must be caught.
 */
import { builtinModules } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';

const ROOT = path.resolve(__dirname, '../../..');
const SERVER_SDKS = ['wx-server-sdk', '@cloudbase/node-sdk'];
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

interface Forbidden {
  path: string;
  importer: string;
}

/** Records (and keeps out of the bundle) every import of a server SDK or a node built-in, with who imported it. */
function forbiddenImports(found: Forbidden[]): Plugin {
  return {
    name: 'forbidden-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.split('/').slice(0, args.path.startsWith('@') ? 2 : 1).join('/');
        if (NODE_BUILTINS.has(args.path) || NODE_BUILTINS.has(bare) || SERVER_SDKS.includes(bare)) {
          found.push({ path: args.path, importer: path.relative(ROOT, args.importer) });
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
}

let workDir: string;
beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'browser-bundle-'));
});
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

async function bundleForBrowser(entrySource: string, taroEnv: 'h5' | 'weapp'): Promise<{ forbidden: Forbidden[]; inputs: string[]; bytes: number }> {
  const entry = path.join(workDir, `entry-${taroEnv}-${Math.random().toString(36).slice(2)}.ts`);
  fs.writeFileSync(entry, entrySource);
  const forbidden: Forbidden[] = [];
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    minify: true,
    absWorkingDir: ROOT,
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"', 'process.env.TARO_ENV': JSON.stringify(taroEnv), 'process.env.TCB_ENV_ID': '"demo-partner-desk"' },
    plugins: [forbiddenImports(forbidden)],
    logLevel: 'silent',
  });
  const inputs = Object.keys((result.metafile as Metafile).inputs);
  return { forbidden, inputs, bytes: result.outputFiles.reduce((n, f) => n + f.contents.length, 0) };
}

const clientEntry = (root: string) =>
  `import * as contract from ${JSON.stringify(path.join(root, 'packages/contract/src/index.ts'))};\n` +
  `import * as client from ${JSON.stringify(path.join(root, 'packages/cloud-client/src/index.ts'))};\n` +
  `(globalThis as any).app = { contract, client };\n`;

const serverInputs = (inputs: string[]) => inputs.filter((input) => SERVER_SDKS.some((sdk) => input.includes(`node_modules/${sdk}/`)) || input.includes('packages/shared/'));

jest.setTimeout(60_000);

describe('the browser bundle of the contract and cloud-client', () => {
  test.each(['h5', 'weapp'] as const)('When bundled for %s, then no server SDK, no node built-in and no server code gets in, while every contract module does', async (taroEnv) => {
    const { forbidden, inputs } = await bundleForBrowser(clientEntry(ROOT), taroEnv);
    expect(forbidden).toEqual([]);
    expect(serverInputs(inputs)).toEqual([]);
    // Not vacuous: the whole contract (every function's schemas), zod and the client are in the bundle.
    for (const file of fs.readdirSync(path.join(ROOT, 'packages/contract/src/functions'))) expect(inputs).toContain(`packages/contract/src/functions/${file}`);
    expect(inputs).toContain('packages/cloud-client/src/call-cloud.ts');
    expect(inputs.some((input) => input.includes('node_modules/zod/'))).toBe(true);
    // The browser SDK is the H5 transport; the weapp build folds it away (wx.cloud is its transport).
    expect(inputs.some((input) => input.includes('node_modules/@cloudbase/js-sdk/'))).toBe(taroEnv === 'h5');
  });

  test('When bundled for h5 with code splitting (as the H5 build loads pages), then @cloudbase/js-sdk is a chunk of its own, imported on demand, and not in the entry the first page loads', async () => {
    const entry = path.join(workDir, 'entry-split.ts');
    fs.writeFileSync(entry, clientEntry(ROOT));
    const outdir = path.join(workDir, 'split');
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      splitting: true,
      platform: 'browser',
      format: 'esm',
      outdir,
      write: false,
      metafile: true,
      minify: true,
      absWorkingDir: ROOT,
      tsconfig: path.join(ROOT, 'tsconfig.json'),
      define: { 'process.env.NODE_ENV': '"production"', 'process.env.TARO_ENV': '"h5"', 'process.env.TCB_ENV_ID': '"demo-partner-desk"' },
      logLevel: 'silent',
    });
    const outputs = Object.entries((result.metafile as Metafile).outputs).filter(([file]) => file.endsWith('.js'));
    const hasSdk = (inputs: Record<string, unknown>) => Object.keys(inputs).some((input) => input.includes('node_modules/@cloudbase/js-sdk/'));
    const [, first] = outputs.find(([, output]) => output.entryPoint !== undefined)!;
    expect(hasSdk(first.inputs)).toBe(false);
    expect(Object.keys(first.inputs)).toContain('packages/cloud-client/src/call-cloud.ts');
    const sdkChunks = outputs.filter(([, output]) => hasSdk(output.inputs)).map(([file]) => file);
    expect(sdkChunks).toHaveLength(1);
    expect(first.imports).toContainEqual(expect.objectContaining({ path: sdkChunks[0], kind: 'dynamic-import' }));
  });

  test('When the server library is bundled the same way, then the detector names what got in (so a pass above means something)', async () => {
    const { forbidden } = await bundleForBrowser(`import * as shared from ${JSON.stringify(path.join(ROOT, 'packages/shared/src/index.ts'))};\n(globalThis as any).shared = shared;\n`, 'h5');
    const paths = new Set(forbidden.map((f) => f.path));
    expect(paths).toContain('wx-server-sdk');
    expect(paths).toContain('node:crypto');
    expect(forbidden.find((f) => f.path === 'wx-server-sdk')).toEqual({ path: 'wx-server-sdk', importer: 'packages/shared/src/cloud.ts' });
  });
});
