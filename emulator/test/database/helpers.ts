import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type EngineOptions, type LocalDatabaseEngine } from '../../src/database/index';
import type { CollectionDeclaration } from '../../src/types';

const opened: LocalDatabaseEngine[] = [];
const dirs: string[] = [];

export function tempDir(prefix = 'db-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export async function openTestDb(collections: CollectionDeclaration[] = [], extra: Partial<EngineOptions> = {}): Promise<LocalDatabaseEngine> {
  const db = await openDatabase({ dataDir: extra.dataDir ?? tempDir(), collections, ...extra });
  opened.push(db);
  return db;
}

export async function cleanup(): Promise<void> {
  for (const db of opened.splice(0)) await db.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export const MERGE = { multi: false, upsert: false, merge: true };
export const MERGE_MULTI = { multi: true, upsert: false, merge: true };

/** Resolves to the DatabaseError code a promise rejects with (fails the test if it resolves). */
export async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? `plain error: ${(error as Error).message}`;
  }
  throw new Error('expected the operation to fail');
}

/** Resolves to the code and message a promise rejects with (fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  throw new Error('expected the operation to fail');
}
