/**
 * Files the database writes hold every document (password hashes, session tokens, encrypted fields), so
 * only their owner may read them: 0600 for the write-ahead log, snapshots, torn-tail copies and exports;
 * 0700 for the data folder and export folders the database creates (issue 8, Deliver 5: "data files that
 * hold secrets are 0600"). The process umask is set wide open here so the modes come from the code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cleanup, openTestDb, tempDir } from './helpers';

const mode = (file: string) => fs.statSync(file).mode & 0o777;
let previousUmask: number;
beforeAll(() => {
  previousUmask = process.umask(0o000);
});
afterAll(() => {
  process.umask(previousUmask);
});
afterEach(cleanup);

describe('data file modes', () => {
  it('the data folder is 0700; log, snapshot and torn-tail copies are 0600', async () => {
    const parent = tempDir();
    const dir = path.join(parent, 'nested', 'data');
    const db = await openTestDb([{ name: 'users', indexes: [] }], { dataDir: dir, compactBytes: 1 });
    await db.insert('users', [{ _id: 'u', passwordHash: 'scrypt$…' }]); // compactBytes 1: a snapshot follows
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(parent, 'nested'))).toBe(0o700);
    const files = fs.readdirSync(dir);
    expect(files).toEqual(expect.arrayContaining(['snapshot.jsonl']));
    for (const file of files) expect([file, mode(path.join(dir, file))]).toEqual([file, 0o600]);
    await db.close();

    // A torn log tail is kept for forensics: owner-only too.
    const log = fs.readdirSync(dir).find((f) => /^wal-\d+\.log$/.test(f))!;
    fs.appendFileSync(path.join(dir, log), '{"s":9,"o":[{"op":"put"');
    await openTestDb([], { dataDir: dir });
    const torn = fs.readdirSync(dir).find((f) => f.includes('.torn-'))!;
    expect(mode(path.join(dir, torn))).toBe(0o600);
  });

  it('files an older version left world-readable, and a data folder made by someone else, are narrowed on open', async () => {
    const dir = tempDir();
    const first = await openTestDb([{ name: 'c', indexes: [] }], { dataDir: dir });
    await first.insert('c', [{ _id: 'a' }]);
    await first.close();
    for (const file of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, file), 0o644);
    fs.chmodSync(dir, 0o755);
    await openTestDb([], { dataDir: dir });
    expect(mode(dir)).toBe(0o700);
    expect(fs.readdirSync(dir).map((file) => [file, mode(path.join(dir, file))])).toEqual(fs.readdirSync(dir).map((file) => [file, 0o600]));
  });

  it('an export writes 0600 files into a 0700 folder it creates', async () => {
    const db = await openTestDb([{ name: 'sessions', indexes: [] }]);
    await db.insert('sessions', [{ _id: 's', token: 'secret' }]);
    const target = path.join(tempDir(), 'export', 'today');
    await db.exportTo(target);
    expect(mode(target)).toBe(0o700);
    expect(fs.readdirSync(target).sort()).toEqual(['collections.json', 'sessions.jsonl']);
    for (const file of fs.readdirSync(target)) expect(mode(path.join(target, file))).toBe(0o600);
  });
});
