/**
 * The real @cloudbase/js-sdk 3.7.0 in headless chromium, storing files in the emulator as a browser
 * user: uploadFile (get-objects-upload-info on the web endpoint, then the XHR PUT — or the form POST — of
 * the content to the storage port from the page's origin, so CORS is exercised), getTempFileURL
 * (get-objects-download-info), downloadFile (a GET of the temporary URL) and deleteFile (delete-objects).
 * The project's storage rule is the per-user one: clients read and write only their own files, and write
 * only under uploads/ (storage-project.ts). Documented in docs.cloudbase.net/http-api/storage (the three
 * /v1/storages calls and STORAGE_EXCEED_AUTHORITY) and .../storage/security-rules.
 */
import { loadedImageWidth, type BrowserClient } from '../browser/harness';
import { startBrowserUsers, type BrowserUsers } from '../web/browser-users';
import { STORAGE_PROJECT_ENV, storageTestProject } from './storage-project';

jest.setTimeout(60_000);

/** A real 1×1 PNG, so the browser can decode what it loads. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const PNG = Buffer.from(PNG_BASE64, 'base64');

/** Uploads the PNG as a File from the page; answers the fileID or the error's message. */
function uploadFrom(client: BrowserClient, cloudPath: string, method: 'put' | 'post' = 'put') {
  return client.evaluate(
    async ({ cloudPath, method, png }) => {
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      const file = new File([bytes], cloudPath.split('/').pop()!, { type: 'image/png' });
      try {
        const res = await (globalThis as any).app.uploadFile({ cloudPath, filePath: file, method });
        return { fileID: res.fileID as string };
      } catch (err: any) {
        return { error: String(err?.message ?? err) };
      }
    },
    { cloudPath, method, png: PNG_BASE64 },
  );
}

const tempUrlsFrom = (client: BrowserClient, fileList: string[]) =>
  client.evaluate(async (list) => {
    const res = await (globalThis as any).app.getTempFileURL({ fileList: list });
    return res.fileList.map((f: any) => ({ code: f.code, url: f.tempFileURL ?? null }));
  }, fileList);

const deleteFrom = (client: BrowserClient, fileList: string[]) =>
  client.evaluate(async (list) => (await (globalThis as any).app.deleteFile({ fileList: list })).fileList.map((f: any) => f.code as string), fileList);

describe('@cloudbase/js-sdk storage in a browser against the storage emulator', () => {
  let users: BrowserUsers;
  beforeAll(async () => {
    users = await startBrowserUsers(storageTestProject(), STORAGE_PROJECT_ENV);
  });
  afterAll(() => users?.close());

  test('When a signed-in page uploads an image into its folder, then it is stored as its own, and its temporary URL loads in an <img> on the page', async () => {
    const { alice, aliceUid, emu } = users;
    const cloudPath = `uploads/${aliceUid}/202612/screen.png`;
    const uploaded = await uploadFrom(alice, cloudPath);
    expect(uploaded).toEqual({ fileID: `cloud://${STORAGE_PROJECT_ENV}.${emu.storage.bucket}/${cloudPath}` });
    expect(emu.storage.store.get(cloudPath)).toMatchObject({ owner: aliceUid, size: PNG.length, contentType: 'image/png' });

    const [own] = await tempUrlsFrom(alice, [uploaded.fileID!]);
    expect(own).toEqual({ code: 'SUCCESS', url: expect.stringContaining(`/${emu.storage.bucket}/${cloudPath}?sign=`) });
    const width = await loadedImageWidth(alice, own.url);
    expect(width).toBe(1);
  });

  test('When another user asks for the file, deletes it, or overwrites its path, then each is refused (STORAGE_EXCEED_AUTHORITY) and the file is unchanged', async () => {
    const { alice, bob, aliceUid, emu } = users;
    const cloudPath = `uploads/${aliceUid}/202612/private.png`;
    const { fileID } = await uploadFrom(alice, cloudPath);
    const before = emu.storage.store.get(cloudPath);

    expect(await tempUrlsFrom(bob, [fileID!])).toEqual([{ code: 'STORAGE_EXCEED_AUTHORITY', url: null }]);
    expect(await deleteFrom(bob, [fileID!])).toEqual(['STORAGE_EXCEED_AUTHORITY']);
    const overwrite = await uploadFrom(bob, cloudPath);
    expect(overwrite.error).toMatch(/STORAGE_EXCEED_AUTHORITY/);
    expect(emu.storage.store.get(cloudPath)).toEqual(before);
  });

  test('When a page uploads outside uploads/, then the storage rule refuses it and nothing is stored', async () => {
    const { bob, bobUid, emu } = users;
    const result = await uploadFrom(bob, `avatars/${bobUid}.png`);
    expect(result.error).toMatch(/STORAGE_EXCEED_AUTHORITY/);
    expect(emu.storage.store.get(`avatars/${bobUid}.png`)).toBeUndefined();
  });

  test('When the owner downloads and then deletes the file, then the download fetched the temporary URL, and the file and its URL are gone', async () => {
    const { alice, aliceUid, emu } = users;
    const cloudPath = `uploads/${aliceUid}/202612/to-delete.png`;
    const { fileID } = await uploadFrom(alice, cloudPath);
    const fetched: number[] = [];
    const onResponse = (res: { url(): string; status(): number }) => {
      if (res.url().includes(`/${cloudPath}?sign=`)) fetched.push(res.status());
    };
    alice.page.on('response', onResponse);
    const downloaded = await alice.evaluate(async (id) => (await (globalThis as any).app.downloadFile({ fileID: id })).statusCode, fileID);
    alice.page.off('response', onResponse);
    expect(downloaded).toBe(200);
    expect(fetched).toEqual([200]);

    const [{ url }] = await tempUrlsFrom(alice, [fileID!]);
    expect(await deleteFrom(alice, [fileID!])).toEqual(['SUCCESS']);
    expect(emu.storage.store.get(cloudPath)).toBeUndefined();
    expect(await tempUrlsFrom(alice, [fileID!])).toEqual([{ code: 'STORAGE_EXCEED_AUTHORITY', url: null }]);
    expect((await fetch(url!)).status).toBe(404);
  });

  test('When the page uploads with method post, then the form upload stores the same file', async () => {
    const { alice, aliceUid, emu } = users;
    const cloudPath = `uploads/${aliceUid}/202612/form.png`;
    expect(await uploadFrom(alice, cloudPath, 'post')).toEqual({ fileID: `cloud://${STORAGE_PROJECT_ENV}.${emu.storage.bucket}/${cloudPath}` });
    expect(emu.storage.store.get(cloudPath)).toMatchObject({ owner: aliceUid, size: PNG.length });
    expect(alice.logs.filter((line) => /requestfailed|pageerror/.test(line))).toEqual([]);
  });
});
