/**
 * Stored files are data like documents: they live in the data folder (`storage/objects/`, named by a
 * hash of their path, never by the path), owner-only (files 0600, folders 0700, as the database's and
 * web-auth.json), survive a restart — temporary URLs too, as the signing key is kept — and travel with
 * an export (`POST /database:export`, `--export-on-exit`) into `--import`. What a crash leaves behind is
 * cleared at start, and neither a stored metadata file nor an import folder can point outside the folder.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FREE_PORTS } from '../../src/constants';
import { SERVER_CALLER } from '../../src/storage';
import type { RunningEmulators } from '../../src/suite';
import type { ClientAuth } from '../../src/types';
import { startTestEmulators } from '../helpers/test-emulators';
import { storageTestProject } from './storage-project';

const alice: ClientAuth = { uid: 'uid-alice', loginType: 'ANONYMOUS' };
const mode = (file: string) => fs.statSync(file).mode & 0o777;
const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** Uploads as the SDKs do: metadata from the service, then the PUT to the storage port. */
async function upload(emu: RunningEmulators, key: string, content: string, caller: Parameters<RunningEmulators['storage']['prepareUpload']>[0] = SERVER_CALLER) {
  const ticket = await emu.storage.prepareUpload(caller, key);
  const res = await fetch(ticket.url, { method: 'PUT', headers: { authorization: ticket.authorization, 'x-cos-security-token': ticket.token, 'x-cos-meta-fileid': ticket.cosFileId, 'content-type': 'image/jpeg' }, body: content });
  if (res.status !== 200) throw new Error(`upload of ${key} failed: ${res.status} ${await res.text()}`);
  return ticket.fileId;
}

async function temporaryUrl(emu: RunningEmulators, fileId: string): Promise<string> {
  const [outcome] = await emu.storage.downloadUrls(SERVER_CALLER, [{ fileId }]);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.url;
}

const port = (emu: RunningEmulators) => emu.infos().find((i) => i.name === 'storage')!.port;

describe('storage persistence', () => {
  const root = storageTestProject();

  test('When the emulators restart on the same data folder, then files, owners and earlier temporary URLs are still there, and every file is owner-only', async () => {
    const dataDir = tempDir('storage-data-');
    let emu = await startTestEmulators({ root, dataDir });
    let url: string;
    let fileId: string;
    try {
      fileId = await upload(emu, 'uploads/uid-alice/202612/keep.jpg', '持久化', { kind: 'client', auth: alice });
      url = await temporaryUrl(emu, fileId);
    } finally {
      await emu.stop();
    }
    const storageDir = path.join(dataDir, 'storage');
    expect(mode(storageDir)).toBe(0o700);
    expect(mode(path.join(storageDir, 'objects'))).toBe(0o700);
    expect(mode(path.join(storageDir, 'signing-key'))).toBe(0o600);
    const stored = fs.readdirSync(path.join(storageDir, 'objects'));
    expect(stored).toHaveLength(2); // the metadata and the content, named by the path's hash
    expect(stored.every((name) => name.startsWith(crypto.createHash('sha256').update('uploads/uid-alice/202612/keep.jpg').digest('hex')))).toBe(true);
    for (const name of stored) expect(mode(path.join(storageDir, 'objects', name))).toBe(0o600);

    // The same port again, so the URL handed out before the restart names the service that now runs.
    emu = await startTestEmulators({ root, dataDir, ports: { ...FREE_PORTS, storage: Number(new URL(url).port) } });
    try {
      expect(emu.storage.list()).toEqual([expect.objectContaining({ key: 'uploads/uid-alice/202612/keep.jpg', owner: 'uid-alice', contentType: 'image/jpeg', size: Buffer.byteLength('持久化') })]);
      expect(await (await fetch(url)).text()).toBe('持久化');
      expect(await (await fetch(await temporaryUrl(emu, fileId))).text()).toBe('持久化');
    } finally {
      await emu.stop();
    }
  });

  test('When data is exported through the hub and imported into a fresh folder, then the files come along with their owners', async () => {
    const exportDir = tempDir('storage-export-');
    const source = await startTestEmulators({ root });
    let fileId: string;
    try {
      fileId = await upload(source, 'uploads/uid-alice/202612/exported.jpg', 'exported bytes', { kind: 'client', auth: alice });
      const res = await fetch(`${source.hubUrl}/database:export`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dir: exportDir }) });
      expect(res.status).toBe(200);
    } finally {
      await source.stop();
    }
    expect(fs.readdirSync(path.join(exportDir, 'storage', 'objects'))).toHaveLength(2);

    const target = await startTestEmulators({ root, importDir: exportDir });
    try {
      expect(target.storage.store.get('uploads/uid-alice/202612/exported.jpg')).toMatchObject({ owner: 'uid-alice', size: 14 });
      expect(await (await fetch(await temporaryUrl(target, fileId))).text()).toBe('exported bytes');
    } finally {
      await target.stop();
    }
  });

  test('When the folder holds a crash’s leftovers, a metadata file pointing outside it, or an import names files it does not hold, then those are dropped and nothing outside is read', async () => {
    const dataDir = tempDir('storage-crash-');
    const objects = path.join(dataDir, 'storage', 'objects');
    const outside = path.join(dataDir, 'secret.txt');
    fs.writeFileSync(outside, 'not storage');
    fs.mkdirSync(objects, { recursive: true });
    const hash = crypto.createHash('sha256').update('evil.txt').digest('hex');
    fs.writeFileSync(path.join(objects, `${hash}.json`), JSON.stringify({ key: 'evil.txt', size: 11, contentType: 'text/plain', owner: null, uploadedAt: new Date().toISOString(), etag: '""', contentFile: '../../secret.txt' }));
    fs.writeFileSync(path.join(objects, `${'a'.repeat(64)}.${'b'.repeat(16)}.bin`), 'orphan');
    fs.writeFileSync(path.join(objects, `${'c'.repeat(64)}.${'d'.repeat(16)}.bin.tmp`), 'half');

    const importDir = tempDir('storage-bad-import-');
    fs.mkdirSync(path.join(importDir, 'storage', 'objects'), { recursive: true });
    const wrongHash = crypto.createHash('sha256').update('other.txt').digest('hex');
    fs.writeFileSync(path.join(importDir, 'storage', 'objects', `${wrongHash}.json`), JSON.stringify({ key: 'claims-another-name.txt', contentFile: `${wrongHash}.${'e'.repeat(16)}.bin` }));
    fs.writeFileSync(path.join(importDir, 'storage', 'objects', `${wrongHash}.${'e'.repeat(16)}.bin`), 'x');

    const emu = await startTestEmulators({ root, dataDir, importDir });
    try {
      expect(emu.storage.list()).toEqual([]);
      expect(fs.readdirSync(objects).sort()).toEqual([`${hash}.json`]);
      expect(fs.readFileSync(outside, 'utf8')).toBe('not storage');
      const res = await fetch(`http://127.0.0.1:${port(emu)}/${emu.storage.bucket}/evil.txt`);
      expect(res.status).toBe(403);
    } finally {
      await emu.stop();
    }
  });
});
