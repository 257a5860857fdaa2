/**
 * One emulator per data folder: two suites replaying and appending the same write-ahead log would
 * each build their own state and interleave their writes, and a restart would read a log neither wrote
 * alone. The folder holds `emulator.lock` with the holder's pid while a suite runs; a second start on the
 * folder is refused, naming that pid. A lock whose process is gone (kill -9, a crash) is taken over.
 *
 * The lock file is created whole and atomically (written aside, then hard-linked into place, which fails
 * if the name exists), so nobody ever reads a half-written lock.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const LOCK_FILE = 'emulator.lock';

export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
}

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  readonly code = 'DATA_DIR_LOCKED';

  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `数据目录正被另一个模拟器使用 / the data folder ${dataDir} is in use by another emulator ` +
        `(pid ${holder.pid} on ${holder.hostname}, started ${holder.startedAt}). Stop that one first, or use another --data-dir. ` +
        `If no emulator is running there, delete ${path.join(dataDir, LOCK_FILE)}.`,
    );
  }
}

export interface DataDirLock {
  readonly file: string;
  /** Removes the lock if it is still this one; safe to call twice. */
  release(): void;
}

export interface LockOptions {
  pid?: number;
  /** Whether a pid on this machine is a running process (default: signal 0). */
  isAlive?: (pid: number) => boolean;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): { raw: string; holder: LockHolder | null } | null {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<LockHolder>;
    if (Number.isInteger(parsed.pid) && typeof parsed.hostname === 'string' && typeof parsed.startedAt === 'string') return { raw, holder: parsed as LockHolder };
  } catch {
    // not ours or corrupted: treated as stale below
  }
  return { raw, holder: null };
}

/** Creates `file` with `content` only if it does not exist yet; false when it does. */
function createExclusive(file: string, content: string): boolean {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(aside, content, { mode: 0o600 });
  try {
    fs.linkSync(aside, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

export function lockDataDir(dataDir: string, options: LockOptions = {}): DataDirLock {
  const isAlive = options.isAlive ?? isProcessAlive;
  const holder: LockHolder = { pid: options.pid ?? process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  const content = `${JSON.stringify(holder)}\n`;
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);

  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(file, content)) {
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          if (readHolder(file)?.raw === content) fs.rmSync(file, { force: true });
        },
      };
    }
    const existing = readHolder(file);
    if (!existing) continue; // released in between: try again
    const other = existing.holder;
    // Another machine's pid cannot be checked from here: its lock stands.
    if (other && (other.hostname !== holder.hostname || isAlive(other.pid))) throw new DataDirLockedError(dataDir, other);
    // Stale (its process is gone) or unreadable: take it over, unless someone replaced it meanwhile.
    if (readHolder(file)?.raw === existing.raw) fs.rmSync(file, { force: true });
  }
  throw new Error(`could not lock the data folder ${dataDir}: ${file} keeps changing`);
}
