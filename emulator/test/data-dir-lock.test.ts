/**
 * One emulator per data folder: a second suite on a folder in use is refused with a message naming the
 * holder, so two writers never append to one write-ahead log; a lock left by a process that died
 * (kill -9) is taken over by the next start.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../src/data-dir-lock';
import { FIXTURE_PROJECT_ROOT, REPO_ROOT, startTestEmulators } from './helpers/test-emulators';

const CLI = path.join(REPO_ROOT, 'emulator/src/cli.ts');
const FREE_PORTS = ['--port-hub', '0', '--port-admin', '0', '--port-http', '0', '--port-web', '0', '--port-realtime', '0', '--port-console', '0'];
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-lock-'));
  dirs.push(dir);
  return dir;
};
const readLock = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as { pid: number; hostname: string; startedAt: string };

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

test('When a second suite starts on a data folder in use, then it is refused naming the holder; the first keeps working; after stop the folder is free', async () => {
  const dataDir = tempDir();
  const first = await startTestEmulators({ dataDir });
  try {
    expect(readLock(dataDir)).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    const second = startTestEmulators({ dataDir });
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(`the data folder ${dataDir} is in use by another emulator (pid ${process.pid}`);
    await first.database.insert('pings', [{ _id: 'after-refusal', count: 1 }]);
    expect(await first.database.count('pings', { _id: 'after-refusal' })).toBe(1);
  } finally {
    await first.stop();
  }
  expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  const third = await startTestEmulators({ dataDir });
  try {
    expect(await third.database.count('pings', { _id: 'after-refusal' })).toBe(1);
  } finally {
    await third.stop();
  }
});

function startEmulatorProcess(dataDir: string): Promise<ChildProcess> {
  // node itself (not the tsx wrapper), so the pid in the lock is the child's own.
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'start', '--project', FIXTURE_PROJECT_ROOT, '--data-dir', dataDir, ...FREE_PORTS, '--no-timers'], { cwd: REPO_ROOT });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${out}`)), 30_000);
    const onData = (b: Buffer) => {
      out += b;
      if (out.includes('Ctrl-C')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
  });
}

test('When the emulator holding a folder is killed with SIGKILL, then its stale lock is taken over by the next start; while it lived, the CLI refused a second start', async () => {
  const dataDir = tempDir();
  const child = await startEmulatorProcess(dataDir);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    expect(readLock(dataDir).pid).toBe(child.pid);
    const again = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'start', '--project', FIXTURE_PROJECT_ROOT, '--data-dir', dataDir, ...FREE_PORTS, '--no-timers'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`is in use by another emulator (pid ${child.pid}`);
    expect(again.stderr).not.toMatch(/\n\s+at /); // one clear line, no stack
    await expect(startTestEmulators({ dataDir })).rejects.toThrow(`(pid ${child.pid}`);
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
  expect(readLock(dataDir).pid).toBe(child.pid); // SIGKILL left it behind
  const next = await startTestEmulators({ dataDir });
  try {
    expect(readLock(dataDir).pid).toBe(process.pid);
  } finally {
    await next.stop();
  }
}, 90_000);

test('When a lock names a live pid on another machine, is unreadable, or was replaced before release, then it stands, is taken over, and is left alone', () => {
  const dir = tempDir();
  const file = path.join(dir, LOCK_FILE);
  // A shared folder held by another host: its pid cannot be checked from here.
  fs.writeFileSync(file, JSON.stringify({ pid: 1, hostname: 'some-other-host', startedAt: '2026-01-01T00:00:00.000Z' }));
  expect(() => lockDataDir(dir, { isAlive: () => false })).toThrow(/pid 1 on some-other-host/);
  // Garbage (a crash while writing can not happen — the file is linked in whole — but a person may edit it).
  fs.writeFileSync(file, 'not a lock');
  const lock = lockDataDir(dir);
  expect(readLock(dir).pid).toBe(process.pid);
  // Someone replaced it meanwhile: release removes only its own.
  fs.writeFileSync(file, JSON.stringify({ pid: 424242, hostname: os.hostname(), startedAt: 'x' }));
  lock.release();
  expect(readLock(dir).pid).toBe(424242);
  // A dead pid on this machine is stale.
  const taken = lockDataDir(dir, { isAlive: (pid) => pid !== 424242 });
  expect(readLock(dir).pid).toBe(process.pid);
  taken.release();
  expect(fs.existsSync(file)).toBe(false);
});
