/**
 * Files the database writes hold every document (password hashes, session tokens, encrypted fields and
 * their envelopes), so only their owner may read them: files 0600, folders the database creates 0700.
 * Modes are set on the open descriptor as well, because a file left by an older version keeps the mode
 * it was created with, and the process umask only narrows what `open` asks for.
 */
import fs from 'node:fs';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIRECTORY_MODE = 0o700;

/**
 * Creates the folder (and missing parents) owner-only. An existing folder is left as its owner set it,
 * unless `claim`: the database's own data folder is made owner-only even when something else created it.
 */
export function ensurePrivateDirectory(dir: string, claim = false): void {
  if (fs.existsSync(dir)) {
    if (claim) fs.chmodSync(dir, PRIVATE_DIRECTORY_MODE);
    return;
  }
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  fs.chmodSync(dir, PRIVATE_DIRECTORY_MODE);
}

/** `fs.openSync` for a data file, made owner-only whether it is new or not. */
export function openPrivateFile(file: string, flags: 'a' | 'w'): number {
  const fd = fs.openSync(file, flags, PRIVATE_FILE_MODE);
  try {
    fs.fchmodSync(fd, PRIVATE_FILE_MODE);
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
  return fd;
}

/** Writes a whole owner-only file. */
export function writePrivateFile(file: string, data: string | Buffer): void {
  const fd = openPrivateFile(file, 'w');
  try {
    fs.writeFileSync(fd, data);
  } finally {
    fs.closeSync(fd);
  }
}
