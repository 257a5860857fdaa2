/**
 * Contract tests: the real server SDKs' storage calls against the running suite — wx-server-sdk 4.0.2
 * (cloud.uploadFile / getTempFileURL / downloadFile / deleteFile, reporting each file's problem as its
 * status: STORAGE_FILE_NONEXIST → -503003, INVALID_PARAM → -501007) and @cloudbase/node-sdk 3.18.3
 * (app.uploadFile / getTempFileURL / getFileInfo / downloadFile / deleteFile). Both send
 * storage.getUploadMetadata, storage.batchGetDownloadUrl and storage.batchDeleteFile to the admin endpoint
 * and move the content over the storage port. The server side is the administrator: the project's
 * storage rule (clients write only under uploads/) does not apply to it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningEmulators } from '../../src/suite';
import { startTestEmulators } from '../helpers/test-emulators';
import { STORAGE_PROJECT_ENV, storageTestProject } from './storage-project';

/* eslint-disable @typescript-eslint/no-require-imports */
let emu: RunningEmulators;
let cloud: any;
let app: any;
let errors: unknown[];
const BUCKET = `6465-${STORAGE_PROJECT_ENV}-1300000000`;

beforeAll(async () => {
  errors = [];
  emu = await startTestEmulators({ root: storageTestProject(), logLevel: 'error', logSink: (entry) => errors.push(entry.error ?? entry.message) });
  Object.assign(process.env, emu.env, { SILENCE: 'true' });
  cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  const tcb = require('@cloudbase/node-sdk');
  app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
});
afterAll(() => emu?.stop());
afterEach(() => expect(errors).toEqual([]));

describe('wx-server-sdk', () => {
  test('When a function uploads a Buffer and a file stream, then each gets a cloud:// fileID of this environment’s bucket, and downloadFile returns the same bytes', async () => {
    const buffer = await cloud.uploadFile({ cloudPath: 'reports/2026/日报.txt', fileContent: Buffer.from('今日工单 12 张') });
    expect(buffer).toMatchObject({ fileID: `cloud://${STORAGE_PROJECT_ENV}.${BUCKET}/reports/2026/日报.txt`, errMsg: 'uploadFile:ok' });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-upload-')), 'logo.png');
    fs.writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    const stream = await cloud.uploadFile({ cloudPath: 'reports/logo.png', fileContent: fs.createReadStream(file) });
    expect(stream.fileID).toBe(`cloud://${STORAGE_PROJECT_ENV}.${BUCKET}/reports/logo.png`);

    const downloaded = await cloud.downloadFile({ fileID: buffer.fileID });
    expect(downloaded).toMatchObject({ statusCode: 200, errMsg: 'downloadFile:ok' });
    expect(downloaded.fileContent.toString('utf8')).toBe('今日工单 12 张');
    // Uploaded by the server: nobody owns it, and the client-side rule (uploads/ only) did not stop it.
    expect(emu.storage.store.get('reports/logo.png')).toMatchObject({ owner: null, size: 7, contentType: 'image/png' });
  });

  test('When temporary URLs are asked for files that exist, do not exist, and belong to another environment, then each file answers its own status and only the first gets a URL', async () => {
    const { fileID } = await cloud.uploadFile({ cloudPath: 'reports/a.txt', fileContent: Buffer.from('a') });
    const missing = `cloud://${STORAGE_PROJECT_ENV}.${BUCKET}/reports/missing.txt`;
    const foreign = `cloud://other-env.6f74-other-env-1300000000/reports/a.txt`;
    const res = await cloud.getTempFileURL({ fileList: [{ fileID, maxAge: 300 }, missing, foreign] });
    expect(res.errMsg).toBe('getTempFileURL:ok');
    expect(res.fileList).toEqual([
      { fileID, status: 0, errMsg: 'ok', maxAge: 300, tempFileURL: expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/${BUCKET}/reports/a\\.txt\\?sign=[0-9a-f]{64}&t=\\d+$`)) },
      { fileID: missing, status: -503003, errMsg: 'storage file not exists', tempFileURL: '' },
      { fileID: foreign, status: -501007, errMsg: 'invalid parameters', tempFileURL: '' },
    ]);
    const t = Number(new URL(res.fileList[0].tempFileURL).searchParams.get('t'));
    expect(t * 1000 - Date.now()).toBeGreaterThan(290_000);
    expect(t * 1000 - Date.now()).toBeLessThanOrEqual(300_000);
    expect(await (await fetch(res.fileList[0].tempFileURL)).text()).toBe('a');
  });

  test('When a file is deleted, then its temporary URL stops working and deleting it again reports -503003', async () => {
    const { fileID } = await cloud.uploadFile({ cloudPath: 'reports/gone.txt', fileContent: Buffer.from('bye') });
    const [{ tempFileURL }] = (await cloud.getTempFileURL({ fileList: [fileID] })).fileList;
    const first = await cloud.deleteFile({ fileList: [fileID] });
    expect(first).toEqual({ fileList: [{ fileID, status: 0, errMsg: 'ok' }], errMsg: 'deleteFile:ok' });
    expect((await fetch(tempFileURL)).status).toBe(404);
    const again = await cloud.deleteFile({ fileList: [fileID] });
    expect(again.fileList).toEqual([{ fileID, status: -503003, errMsg: 'storage file not exists' }]);
    const download = await cloud.downloadFile({ fileID }).catch((e: any) => e);
    // node-sdk throws the item's code itself here (processReturn), so wx-server-sdk reports it as a thrown error (errCode -1).
    expect(download).toMatchObject({ code: 'STORAGE_FILE_NONEXIST', errMsg: expect.stringMatching(/^downloadFile:fail /) });
  });

  test('When the cloud path climbs out of its folder or starts with /, or more than 50 files are asked at once, then the call fails with INVALID_PARAM and nothing is stored', async () => {
    const before = emu.storage.list().length;
    for (const cloudPath of ['../escape.txt', 'a/../../b.txt', '/abs.txt', 'a//b.txt', 'q?.txt']) {
      const err = await cloud.uploadFile({ cloudPath, fileContent: Buffer.from('x') }).catch((e: any) => e);
      expect(err).toMatchObject({ code: 'INVALID_PARAM', errMsg: expect.stringMatching(/^uploadFile:fail .*cloudPath/) });
    }
    expect(emu.storage.list().length).toBe(before);
    const many = Array.from({ length: 51 }, (_, i) => `cloud://${STORAGE_PROJECT_ENV}.${BUCKET}/reports/${i}.txt`);
    const err = await cloud.getTempFileURL({ fileList: many }).catch((e: any) => e);
    expect(err.errMsg).toMatch(/at most 50 per call/);
  });
});

describe('@cloudbase/node-sdk', () => {
  test('When node-sdk uploads, then getFileInfo reports size and type (HEAD of the temporary URL), and downloadFile writes the file to a path', async () => {
    const content = Buffer.from('GIF89a-node-sdk');
    const { fileID } = await app.uploadFile({ cloudPath: 'reports/pic.gif', fileContent: content });
    expect(fileID).toBe(`cloud://${STORAGE_PROJECT_ENV}.${BUCKET}/reports/pic.gif`);
    const info = await app.getFileInfo({ fileList: [fileID] });
    expect(info.fileList).toEqual([expect.objectContaining({ code: 'SUCCESS', fileID, fileName: 'pic.gif', contentType: 'image/gif', mime: 'image/gif', size: content.length })]);
    const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-download-')), 'pic.gif');
    await app.downloadFile({ fileID, tempFilePath: target });
    await new Promise((resolve) => setTimeout(resolve, 100)); // the SDK resolves before its write stream closes
    expect(fs.readFileSync(target)).toEqual(content);
    const urls = await app.getTempFileURL({ fileList: [{ fileID, maxAge: 60 }] });
    expect(urls.fileList).toEqual([expect.objectContaining({ fileID, code: 'SUCCESS', maxAge: 60, tempFileURL: expect.stringContaining('/reports/pic.gif?sign=') })]);
    expect((await app.deleteFile({ fileList: [fileID] })).fileList).toEqual([{ fileID, code: 'SUCCESS' }]);
  });
});
