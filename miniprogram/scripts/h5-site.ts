/**
 * The H5 app as `npm start`, the browser tests and the screenshot script serve it: built once for its
 * sources (a stamp of what went in skips the 20–30 s build when nothing changed), then served as static
 * hosting would, with one addition: index.html names the CloudBase env and the emulator's web endpoint of
 * the running emulators (`window.__PD_CLOUD__`, read by src/services/cloud-config.ts). So one build works
 * against any emulator port; a production build served elsewhere has no such line and keeps its build-time
 * env.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildMiniprogram, MINIPROGRAM_ROOT, outputDir } from './taro-build';

const REPO_ROOT = path.resolve(MINIPROGRAM_ROOT, '..');
const STAMP_FILE = '.build-stamp';
const LOCK_DIR = path.join(MINIPROGRAM_ROOT, '.h5-build.lock');
/** A lock older than this was left by a build that died. */
const STALE_LOCK_MS = 10 * 60_000;

/** What the H5 bundle is made of: a change to any of these needs a new build. */
const BUILD_INPUTS = ['miniprogram/src', 'miniprogram/config', 'miniprogram/babel.config.js', 'miniprogram/package.json', 'packages/cloud-client/src', 'packages/contract/src', 'package-lock.json'];

function filesOf(entry: string): string[] {
  if (!fs.existsSync(entry)) return [];
  if (!fs.statSync(entry).isDirectory()) return [entry];
  return fs
    .readdirSync(entry, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((child) => filesOf(path.join(entry, child.name)));
}

/** A hash of every build input's path and content (and of the env the build reads). */
export function h5SourceStamp(env: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash('sha256');
  for (const file of BUILD_INPUTS.flatMap((input) => filesOf(path.join(REPO_ROOT, input)))) {
    hash.update(path.relative(REPO_ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  for (const name of ['TCB_ENV_ID', 'ENV_ID', 'TCB_EMULATOR_WEB_HOST']) hash.update(`${name}=${env[name] ?? ''}\0`);
  return hash.digest('hex');
}

async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = Date.now() - fs.statSync(LOCK_DIR).mtimeMs;
      if (age > STALE_LOCK_MS) fs.rmSync(LOCK_DIR, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

export interface H5Build {
  dir: string;
  /** False when the existing build already matched its sources. */
  built: boolean;
  ms: number;
}

/**
 * Builds miniprogram/dist-h5 unless it was built from exactly these sources. Builds of several processes
 * (parallel test files) wait for each other instead of writing the same folder at once.
 */
export function ensureH5Build(options: { force?: boolean } = {}): Promise<H5Build> {
  const dir = outputDir('h5');
  const stampPath = path.join(dir, STAMP_FILE);
  return withBuildLock(async () => {
    const stamp = h5SourceStamp();
    const current = fs.existsSync(stampPath) ? fs.readFileSync(stampPath, 'utf8') : '';
    if (!options.force && current === stamp && fs.existsSync(path.join(dir, 'index.html'))) return { dir, built: false, ms: 0 };
    const { ms } = await buildMiniprogram('h5');
    fs.writeFileSync(stampPath, stamp);
    return { dir, built: true, ms };
  });
}

export interface PageCloud {
  envId: string;
  /** host:port of the emulator's web endpoint. */
  webHost: string;
}

export interface H5Server {
  url: string;
  port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** index.html with the cloud config as the first script of <head> (before the app's bundles run). */
export function withPageCloud(html: string, cloud: PageCloud): string {
  // JSON inside <script>: `<` escaped so no value can close the element.
  const json = JSON.stringify(cloud).replace(/</g, '\\u003c');
  return html.replace('<head>', `<head><script>window.__PD_CLOUD__=${json};</script>`);
}

/** Serves `dir` on host:port (0 = a free port); `/` and /index.html carry the cloud config. */
export async function serveH5(dir: string, options: { cloud: PageCloud; port?: number; host?: string }): Promise<H5Server> {
  const host = options.host ?? '127.0.0.1';
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' }).end('method not allowed');
      return;
    }
    const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile() || path.basename(file) === STAMP_FILE) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    if (path.basename(file) === 'index.html') {
      // Never cached: it names the emulator of this run, and the hashed bundles it loads change per build.
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(withPageCloud(fs.readFileSync(file, 'utf8'), options.cloud));
      return;
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
