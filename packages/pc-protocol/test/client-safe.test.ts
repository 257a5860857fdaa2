/**
 * The package's entry is client-safe (the contract or a page may import its schemas): bundled for the
 * browser, it pulls in no node built-in; the signing module does (node:crypto), which shows the check works.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const ROOT = path.resolve(__dirname, '../../..');
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

async function nodeBuiltinsIn(entry: string): Promise<{ builtins: string[]; inputs: string[] }> {
  const builtins: string[] = [];
  const detect: Plugin = {
    name: 'node-builtins',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!NODE_BUILTINS.has(args.path)) return undefined;
        builtins.push(args.path);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    stdin: { contents: `export * from ${JSON.stringify(entry)};`, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    absWorkingDir: ROOT,
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    plugins: [detect],
    logLevel: 'silent',
  });
  return { builtins, inputs: Object.keys(result.metafile!.inputs) };
}

jest.setTimeout(60_000);

test('When @partner-desk/pc-protocol is bundled for a browser, then no node built-in gets in, while every schema module does', async () => {
  const { builtins, inputs } = await nodeBuiltinsIn('@partner-desk/pc-protocol');
  expect(builtins).toEqual([]);
  for (const file of ['headers', 'events', 'existing-system', 'issues']) expect(inputs).toContain(`packages/pc-protocol/src/${file}.ts`);
  expect(inputs.some((input) => input.startsWith('packages/pc-protocol/src/signing'))).toBe(false);
});

test('When the signing module is bundled the same way, then node:crypto is found (so the pass above means something)', async () => {
  const { builtins } = await nodeBuiltinsIn('@partner-desk/pc-protocol/signing');
  expect(builtins).toContain('node:crypto');
});
