import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles each cloudfunctions/<name>/index.ts, with the shared library and every npm dependency but the
 * CloudBase SDKs, into build/functions/<name>/ — a self-contained folder that cloudbaserc.json deploys
 * (installDependency installs the SDKs in the cloud) and that the emulator runs unchanged.
 *
 * Minified, because the bundle is what a cold start reads and compiles (DEPLOY_BUDGET_BYTES per function).
 * Packages' ES module entries are preferred (mainFields module,main) so unused exports can be dropped.
 * The source map is a separate index.js.map next to the bundle (never inline, which would double what a
 * cold start parses); the emulator's workers run with --enable-source-maps, so stacks name the .ts lines.
 */

const root = path.resolve(__dirname, '..');
const sourceRoot = path.join(root, 'cloudfunctions');
const outRoot = path.join(root, 'build', 'functions');
/** Installed by CloudBase at deploy (installDependency), resolved from node_modules locally. */
const PLATFORM_PACKAGES = ['wx-server-sdk', '@cloudbase/node-sdk'];
/** Goal for each function's index.js (issue 8): well under SCF's limits, and quick to load cold. */
export const DEPLOY_BUDGET_BYTES = 300 * 1024;

export interface BuiltFunction {
  name: string;
  /** build/functions/<name>/index.js */
  bundleFile: string;
  bundleBytes: number;
  sourceMapBytes: number;
}

function sdkVersions(): Record<string, string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const all = { ...pkg.dependencies, ...pkg.devDependencies } as Record<string, string>;
  return Object.fromEntries(PLATFORM_PACKAGES.filter((name) => all[name]).map((name) => [name, all[name]]));
}

export async function buildFunctions(only?: string[]): Promise<BuiltFunction[]> {
  const names = fs
    .readdirSync(sourceRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(sourceRoot, d.name, 'index.ts')))
    .map((d) => d.name)
    .filter((name) => !only?.length || only.includes(name));
  const dependencies = sdkVersions();
  return Promise.all(
    names.map(async (name): Promise<BuiltFunction> => {
      const outDir = path.join(outRoot, name);
      const bundleFile = path.join(outDir, 'index.js');
      fs.mkdirSync(outDir, { recursive: true });
      await build({
        entryPoints: [path.join(sourceRoot, name, 'index.ts')],
        outfile: bundleFile,
        bundle: true,
        platform: 'node',
        target: 'node18',
        format: 'cjs',
        external: PLATFORM_PACKAGES,
        tsconfig: path.join(root, 'tsconfig.json'),
        minify: true,
        mainFields: ['module', 'main'],
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
      return { name, bundleFile, bundleBytes: fs.statSync(bundleFile).size, sourceMapBytes: fs.statSync(`${bundleFile}.map`).size };
    }),
  );
}

export function formatKilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** One line per function: bundle size against the budget, and the source map beside it. */
export function describeBundles(built: BuiltFunction[]): string[] {
  const width = Math.max(...built.map((f) => f.name.length));
  return built.map(
    (f) =>
      `  ${f.name.padEnd(width)}  index.js ${formatKilobytes(f.bundleBytes).padStart(9)}${f.bundleBytes > DEPLOY_BUDGET_BYTES ? `  OVER the ${formatKilobytes(DEPLOY_BUDGET_BYTES)} budget` : ''}  (index.js.map ${formatKilobytes(f.sourceMapBytes)})`,
  );
}

if (require.main === module) {
  const started = Date.now();
  buildFunctions(process.argv.slice(2)).then(
    (built) => {
      console.log(`built ${built.length} function(s) into build/functions in ${Date.now() - started} ms (minified):`);
      for (const line of describeBundles(built)) console.log(line);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
