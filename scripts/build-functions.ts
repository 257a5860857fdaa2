import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles each cloudfunctions/<name>/index.ts, with the shared library and every npm dependency but the
 * CloudBase SDKs, into build/functions/<name>/ — a self-contained folder that cloudbaserc.json deploys
 * (installDependency installs the SDKs in the cloud) and that the emulator runs unchanged.
 */

const root = path.resolve(__dirname, '..');
const sourceRoot = path.join(root, 'cloudfunctions');
const outRoot = path.join(root, 'build', 'functions');
/** Installed by CloudBase at deploy (installDependency), resolved from node_modules locally. */
const PLATFORM_PACKAGES = ['wx-server-sdk', '@cloudbase/node-sdk'];

function sdkVersions(): Record<string, string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const all = { ...pkg.dependencies, ...pkg.devDependencies } as Record<string, string>;
  return Object.fromEntries(PLATFORM_PACKAGES.filter((name) => all[name]).map((name) => [name, all[name]]));
}

export async function buildFunctions(only?: string[]): Promise<string[]> {
  const names = fs
    .readdirSync(sourceRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(sourceRoot, d.name, 'index.ts')))
    .map((d) => d.name)
    .filter((name) => !only?.length || only.includes(name));
  const dependencies = sdkVersions();
  await Promise.all(
    names.map(async (name) => {
      const outDir = path.join(outRoot, name);
      fs.mkdirSync(outDir, { recursive: true });
      await build({
        entryPoints: [path.join(sourceRoot, name, 'index.ts')],
        outfile: path.join(outDir, 'index.js'),
        bundle: true,
        platform: 'node',
        target: 'node18',
        format: 'cjs',
        external: PLATFORM_PACKAGES,
        tsconfig: path.join(root, 'tsconfig.json'),
        sourcemap: 'linked',
        sourcesContent: false,
        logLevel: 'error',
        legalComments: 'none',
      });
      const manifest = { name, version: '1.0.0', private: true, main: 'index.js', dependencies };
      const manifestPath = path.join(outDir, 'package.json');
      const text = `${JSON.stringify(manifest, null, 2)}\n`;
      // Leave an unchanged manifest alone so its mtime doesn't look like a redeploy.
      if (!fs.existsSync(manifestPath) || fs.readFileSync(manifestPath, 'utf8') !== text) fs.writeFileSync(manifestPath, text);
    }),
  );
  return names;
}

if (require.main === module) {
  const started = Date.now();
  buildFunctions(process.argv.slice(2)).then(
    (names) => console.log(`built ${names.length} function(s) into build/functions in ${Date.now() - started} ms: ${names.join(', ')}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
