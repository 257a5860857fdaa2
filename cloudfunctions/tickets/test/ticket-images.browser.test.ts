/**
 * The whole image flow as the H5 app goes through it, in headless chromium with the real
 * @cloudbase/js-sdk: a browser signs in (auth.login binds its CloudBase uid to the account), uploads a
 * screenshot into its own folder with uploadFile, creates a ticket with the fileID, and shows the image
 * from the URL tickets.detail answers. A colleague in WeChat sees it through the same kind of URL; a user
 * of another provider, in another browser, can neither read the file from storage nor attach it, nor
 * open the ticket.
 */
import { closeBrowser, loadedImageWidth, openBrowserPage, type BrowserClient } from '../../../emulator/test/browser/harness';
import type { RunningEmulators } from '../../../emulator/src/suite';
import { callAs, seedDesk, startProductEmulators, TINY_PNG, type Desk } from '../../../test-support';

jest.setTimeout(90_000);

/** Signs the page in anonymously, then into the account with auth.login; answers the account's user id. */
async function logIn(client: BrowserClient, username: string, password: string): Promise<string> {
  return client.evaluate(
    async ({ username, password }) => {
      const app = (globalThis as any).app;
      const signIn = await (globalThis as any).signInAnonymously();
      if (signIn.error) throw new Error(JSON.stringify(signIn.error));
      const { result } = await app.callFunction({ name: 'auth', data: { action: 'login', payload: { username, password } } });
      if (!result.ok) throw new Error(JSON.stringify(result));
      return result.data.user.id as string;
    },
    { username, password },
  );
}

/** What the page does when the user picks a screenshot: upload it to its folder, answer the fileID (or the error). */
function uploadScreenshot(client: BrowserClient, cloudPath: string) {
  return client.evaluate(
    async ({ cloudPath, png }) => {
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      try {
        const res = await (globalThis as any).app.uploadFile({ cloudPath, filePath: new Blob([bytes], { type: 'image/png' }) });
        return { fileID: res.fileID as string };
      } catch (err: any) {
        return { error: String(err?.message ?? err) };
      }
    },
    { cloudPath, png: TINY_PNG.toString('base64') },
  );
}

const call = (client: BrowserClient, name: string, action: string, payload: unknown) =>
  client.evaluate(async ({ name, action, payload }) => (await (globalThis as any).app.callFunction({ name, data: { action, payload } })).result, { name, action, payload });

describe('ticket screenshots from a browser', () => {
  let emu: RunningEmulators;
  let acme: Desk;
  let other: Desk;
  let alicePage: BrowserClient;
  let evePage: BrowserClient;
  let aliceId: string;

  beforeAll(async () => {
    emu = await startProductEmulators();
    acme = await seedDesk(emu, 'acme', { 'acme-alice': 'admin', 'acme-bob': 'agent' });
    other = await seedDesk(emu, 'other', { 'other-eve': 'admin' });
    const webHost = emu.env.TCB_EMULATOR_WEB_HOST;
    [alicePage, evePage] = await Promise.all([openBrowserPage({ webHost, envId: emu.config.envId }), openBrowserPage({ webHost, envId: emu.config.envId })]);
    const alice = acme.tenant.users['acme-alice'];
    const eve = other.tenant.users['other-eve'];
    aliceId = await logIn(alicePage, alice.username, alice.password);
    await logIn(evePage, eve.username, eve.password);
  }, 90_000);
  afterAll(async () => {
    await closeBrowser();
    await emu?.stop();
  });

  test('When a browser user uploads a screenshot and creates a ticket with it, then the page shows the image from detail’s URL, and a colleague in WeChat gets one too', async () => {
    expect(aliceId).toBe(acme.tenant.users['acme-alice']._id);
    const cloudPath = `uploads/${aliceId}/202612/screenshot0001.png`;
    const uploaded = await uploadScreenshot(alicePage, cloudPath);
    expect(uploaded).toEqual({ fileID: `cloud://${emu.config.envId}.${emu.storage.bucket}/${cloudPath}` });

    const created = await call(alicePage, 'tickets', 'create', { customerId: acme.customers[0]._id, title: '打印预览空白', content: '见截图', type: 'system_issue', images: [uploaded.fileID] });
    expect(created).toMatchObject({ ok: true, data: { ticketId: expect.any(String) } });
    const detail = await call(alicePage, 'tickets', 'detail', { id: created.data.ticketId });
    expect(detail.data.ticket.images).toEqual([{ fileID: uploaded.fileID, url: expect.stringContaining(`/${cloudPath}?sign=`) }]);
    const width = await loadedImageWidth(alicePage, detail.data.ticket.images[0].url);
    expect(width).toBe(1);

    const colleague = await callAs(emu, acme.openIds['acme-bob'], 'tickets', 'detail', { id: created.data.ticketId });
    if (!colleague.ok) throw new Error(JSON.stringify(colleague));
    expect(Buffer.from(await (await fetch(colleague.data.ticket.images[0].url)).arrayBuffer())).toEqual(TINY_PNG);
  });

  test('When a user of another provider tries the same file, then storage refuses to give it a URL, the function refuses to attach it, and the ticket is NOT_FOUND', async () => {
    const cloudPath = `uploads/${aliceId}/202612/screenshot0002.png`;
    const { fileID } = await uploadScreenshot(alicePage, cloudPath);
    const created = await call(alicePage, 'tickets', 'create', { customerId: acme.customers[0]._id, title: '另一张', content: '见截图', type: 'system_issue', images: [fileID] });

    const direct = await evePage.evaluate(async (id) => (await (globalThis as any).app.getTempFileURL({ fileList: [id] })).fileList.map((f: any) => [f.code, f.tempFileURL ?? null]), fileID);
    expect(direct).toEqual([['STORAGE_EXCEED_AUTHORITY', null]]);
    const attach = await call(evePage, 'tickets', 'create', { customerId: other.customers[0]._id, title: '借用', content: 'x', type: 'system_issue', images: [fileID] });
    expect(attach).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('不是本人上传的文件') } });
    expect(await call(evePage, 'tickets', 'detail', { id: created.data.ticketId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Nor may it overwrite the file: an existing file is written only by its owner.
    expect((await uploadScreenshot(evePage, cloudPath)).error).toMatch(/STORAGE_EXCEED_AUTHORITY/);
  });
});
