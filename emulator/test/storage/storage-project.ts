/**
 * A throwaway CloudBase project for the storage tests: no functions, and a storage permission in
 * cloudbaserc.json's `storage` entry. By default the one a product with per-user upload folders uses:
 * clients read their own files and write only their own, under uploads/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StorageAccessDeclaration } from '../../src/types';

export const STORAGE_PROJECT_ENV = 'demo-storage-sdk';
export const OWNER_RULE = 'resource.openid == auth.openid || resource.openid == auth.uid';
export const UPLOADS_ONLY: StorageAccessDeclaration = {
  acl: 'CUSTOM',
  rules: { read: OWNER_RULE, write: `(${OWNER_RULE}) && /^uploads\\//.test(resource.path) == true` },
};

export function storageTestProject(storage: StorageAccessDeclaration = UPLOADS_ONLY): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-storage-'));
  fs.writeFileSync(path.join(root, 'cloudbaserc.json'), JSON.stringify({ envId: STORAGE_PROJECT_ENV, functions: [], storage }));
  return root;
}
