import { execFile } from 'node:child_process';
import path from 'node:path';

export const MINIPROGRAM_ROOT = path.resolve(__dirname, '..');

export type TaroTarget = 'weapp' | 'h5';

/** Where `taro build --type <target>` writes (config/index.ts outputRoot). */
export function outputDir(target: TaroTarget): string {
  return path.join(MINIPROGRAM_ROOT, target === 'h5' ? 'dist-h5' : 'dist');
}

/**
 * Runs the real production build, as `npm run build:<target>` does. Resolves with the build's wall time;
 * rejects with Taro's output when the build fails.
 */
export function buildMiniprogram(target: TaroTarget, env: Record<string, string> = {}): Promise<{ ms: number; dir: string }> {
  const taro = require.resolve('@tarojs/cli/bin/taro', { paths: [MINIPROGRAM_ROOT] });
  // Not jest's NODE_ENV=test: with it Taro's babel preset builds for development (React Refresh).
  const { NODE_ENV: _jestNodeEnv, ...parentEnv } = process.env;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [taro, 'build', '--type', target],
      { cwd: MINIPROGRAM_ROOT, env: { ...parentEnv, ...env }, maxBuffer: 32 * 1024 * 1024, timeout: 10 * 60_000 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`taro build --type ${target} failed: ${err.message}\n${stdout}\n${stderr}`));
        resolve({ ms: Date.now() - started, dir: outputDir(target) });
      },
    );
  });
}
