/**
 * The image picker as the H5 build renders it. jsdom has no file dialog and loads no images, so the test
 * gives the chooser (the `choose` option the picker documents) and a storage transport through cloud-client's
 * own seam (configureCloud): uploads, temporary URLs and deletes are recorded, and each upload can be held
 * or made to fail as CloudBase storage would refuse it. The real chooseMedia → compress → upload path runs
 * in the browser test (test/browser/tickets.browser.test.ts) against the emulator's storage.
 */
import { act, screen, waitFor } from '@testing-library/react';
import { configureCloud, type CloudTransport, type UploadFileOptions } from '@partner-desk/cloud-client';
import { UPLOAD_PATH_PATTERN } from '@partner-desk/contract';
import { createStore } from 'jotai';
import { ImagePicker, useImagePicker, type ImagePickerOptions, type ImagePickerState } from '../../src/components/image-picker';
import type { PickedFile } from '../../src/components/image-picker/picked-images';
import { sessionAtom } from '../../src/state/session';
import { tap, tapElement, toastText } from '../support/interact';
import { loginResult } from '../support/fixtures';
import { renderPage } from '../support/render-page';

const ENV_BUCKET = 'cloud://demo-partner-desk.7064-demo-partner-desk-1300000000';

class FakeStorage {
  readonly uploads: UploadFileOptions[] = [];
  readonly deleted: string[][] = [];
  readonly urlsAsked: string[][] = [];
  /** Upload answers in order: 'ok', 'fail' (storage refuses, e.g. the network), or 'hold' until released. */
  private plan: ('ok' | 'fail' | 'hold')[] = [];
  private held: (() => void)[] = [];

  answer(...plan: ('ok' | 'fail' | 'hold')[]): this {
    this.plan.push(...plan);
    return this;
  }

  releaseAll(): void {
    for (const release of this.held.splice(0)) release();
  }

  readonly transport: CloudTransport = {
    callFunction: async () => {
      throw new Error('the picker calls no function');
    },
    watch: () => ({ close: async () => undefined }),
    uploadFile: async (options) => {
      this.uploads.push(options);
      const step = this.plan.shift() ?? 'ok';
      if (step === 'hold') await new Promise<void>((resolve) => this.held.push(resolve));
      // wx.cloud's rejection when the upload's request fails.
      if (step === 'fail') throw Object.assign(new Error('cloud.uploadFile:fail network'), { errMsg: 'cloud.uploadFile:fail network' });
      return { fileID: `${ENV_BUCKET}/${options.cloudPath}` };
    },
    getTempFileURL: async (files) => {
      this.urlsAsked.push(files.map((f) => f.fileID));
      return files.map(({ fileID }) => ({ fileID, code: 'SUCCESS', tempFileURL: `http://127.0.0.1:4403/tmp/${fileID.split('/').pop()}` }));
    },
    deleteFile: async (fileIDs) => {
      this.deleted.push(fileIDs);
      return fileIDs.map((fileID) => ({ fileID, code: 'SUCCESS' }));
    },
  };
}

const png = (name: string, bytes = 2048): PickedFile => ({ path: `blob:http://localhost/${name}`, size: bytes, type: 'image/png', file: new Blob([new Uint8Array(bytes)], { type: 'image/png' }) });

let latest: ImagePickerState;
function Harness(props: ImagePickerOptions) {
  latest = useImagePicker(props);
  return <ImagePicker picker={latest} />;
}

function setup(options: ImagePickerOptions & { signedIn?: boolean } = {}) {
  const storage = new FakeStorage();
  configureCloud(storage.transport);
  const store = createStore();
  if (options.signedIn !== false) {
    const login = loginResult();
    store.set(sessionAtom, { user: login.user, provider: login.provider, expiresAt: login.session.expiresAt });
  }
  renderPage(<Harness {...options} />, '/pages/ticket/detail', store);
  return storage;
}

const statuses = () => Array.from(document.querySelectorAll('.image-picker__item')).map((el) => el.getAttribute('data-status'));
const thumbs = () => Array.from(document.querySelectorAll('.image-picker__thumb')).map((el) => el.getAttribute('src'));

test('When two images are picked, then each shows 上传中 until stored under the user’s upload folder, and the picker exposes their fileIDs in order', async () => {
  const asked: number[] = [];
  const storage = setup({ choose: async (count) => (asked.push(count), [png('a'), png('b')]) }).answer('hold', 'hold');
  expect(screen.getByText('添加图片 0/9')).toBeTruthy();

  await tap('添加图片 0/9');
  expect(asked).toEqual([9]);
  await waitFor(() => expect(storage.uploads).toHaveLength(2));
  expect(statuses()).toEqual(['uploading', 'uploading']);
  expect(screen.getAllByText('上传中')).toHaveLength(2);
  expect(screen.getByText('正在上传 2 张，已完成 0/2')).toBeTruthy();
  expect(thumbs()).toEqual(['blob:http://localhost/a', 'blob:http://localhost/b']);
  expect(latest.ready).toBe(false);
  expect(latest.fileIDs).toEqual([]);

  // The bytes go as picked (small PNGs are not recompressed), each to uploads/u_admin/<yyyymm>/<name>.png.
  for (const upload of storage.uploads) {
    expect(upload.file).toBeInstanceOf(Blob);
    const match = UPLOAD_PATH_PATTERN.exec(upload.cloudPath);
    expect(match?.[1]).toBe('u_admin');
    expect(match?.[4]).toBe('png');
  }
  expect(new Set(storage.uploads.map((u) => u.cloudPath)).size).toBe(2);

  await act(async () => storage.releaseAll());
  await waitFor(() => expect(statuses()).toEqual(['uploaded', 'uploaded']));
  expect(latest.fileIDs).toEqual(storage.uploads.map((u) => `${ENV_BUCKET}/${u.cloudPath}`));
  expect(latest.ready).toBe(true);
  expect(screen.queryByText('上传中')).toBeNull();
  expect(screen.getByText('添加图片 2/9')).toBeTruthy();
});

test('When an upload fails, then it reads 上传失败 with 重试, the form is not ready, and 重试 uploads the same image again', async () => {
  const storage = setup({ choose: async () => [png('a')] }).answer('fail', 'ok');
  await tap('添加图片 0/9');
  await waitFor(() => expect(statuses()).toEqual(['failed']));
  expect(screen.getByText('上传失败')).toBeTruthy();
  expect(screen.getByText('1 张上传失败，点图片重试或删除')).toBeTruthy();
  expect(latest).toMatchObject({ ready: false, failed: 1, fileIDs: [] });

  await tap('重试');
  await waitFor(() => expect(statuses()).toEqual(['uploaded']));
  expect(storage.uploads).toHaveLength(2);
  expect(storage.uploads[1].file).toBe(storage.uploads[0].file);
  expect(latest).toMatchObject({ ready: true, failed: 0, fileIDs: [`${ENV_BUCKET}/${storage.uploads[1].cloudPath}`] });
});

test('When an uploaded image is removed, then it leaves the list and its unsent file is deleted from storage', async () => {
  const storage = setup({ choose: async () => [png('a'), png('b')] });
  await tap('添加图片 0/9');
  await waitFor(() => expect(statuses()).toEqual(['uploaded', 'uploaded']));
  const [first, second] = latest.fileIDs;

  await tapElement(screen.getByLabelText('删除第 1 张图片'));
  expect(statuses()).toEqual(['uploaded']);
  expect(latest.fileIDs).toEqual([second]);
  expect(thumbs()).toEqual(['blob:http://localhost/b']);
  await waitFor(() => expect(storage.deleted).toEqual([[first]]));
  expect(screen.getByText('添加图片 1/9')).toBeTruthy();
});

test('When a thumbnail is tapped, then the viewer opens on it with every picked image to swipe through', async () => {
  setup({ choose: async () => [png('a'), png('b')] });
  await tap('添加图片 0/9');
  await waitFor(() => expect(statuses()).toEqual(['uploaded', 'uploaded']));
  await tapElement(document.querySelectorAll('.image-picker__thumb')[1]);
  await waitFor(() => expect(document.querySelector('.preview-image')).not.toBeNull());
  const viewer = document.querySelector('.preview-image')!;
  expect(Array.from(viewer.querySelectorAll('img')).map((img) => img.getAttribute('src'))).toEqual(['blob:http://localhost/a', 'blob:http://localhost/b']);
  expect((viewer.querySelector('taro-swiper-core') as unknown as { current: number }).current).toBe(1);
  viewer.remove();
});

test('When the chooser offers more than is left, then only what fits is taken and the add tile goes at the limit', async () => {
  const asked: number[] = [];
  const storage = setup({ max: 3, choose: async (count) => (asked.push(count), [png('a'), png('b'), png('c'), png('d')]) });
  await tap('添加图片 0/3');
  await waitFor(() => expect(statuses()).toEqual(['uploaded', 'uploaded', 'uploaded']));
  expect(asked).toEqual([3]);
  expect(storage.uploads).toHaveLength(3);
  expect(screen.queryByText(/添加图片/)).toBeNull();
});

test('When a draft’s fileIDs are given, then they show as uploaded with thumbnails from temporary URLs, and nothing is uploaded again', async () => {
  const kept = [`${ENV_BUCKET}/uploads/u_admin/202612/keptimage000001.jpg`, `${ENV_BUCKET}/uploads/u_admin/202612/keptimage000002.jpg`];
  const storage = setup({ initialFileIDs: kept });
  expect(statuses()).toEqual(['uploaded', 'uploaded']);
  expect(latest.fileIDs).toEqual(kept);
  await waitFor(() => expect(thumbs()).toEqual(['http://127.0.0.1:4403/tmp/keptimage000001.jpg', 'http://127.0.0.1:4403/tmp/keptimage000002.jpg']));
  expect(storage.urlsAsked).toEqual([kept]);
  expect(storage.uploads).toEqual([]);
  expect(screen.getByText('添加图片 2/9')).toBeTruthy();
});

test('When the picker is used without a session, then the image fails with a Chinese reason instead of uploading anywhere', async () => {
  const storage = setup({ signedIn: false, choose: async () => [png('a')] });
  await tap('添加图片 0/9');
  await waitFor(() => expect(statuses()).toEqual(['failed']));
  expect(storage.uploads).toEqual([]);
  expect(latest.images[0].error).toBe('登录已失效，请重新登录');
});

test('When the user closes the chooser, then nothing is added and no toast is shown', async () => {
  const storage = setup({ choose: async () => [] });
  await tap('添加图片 0/9');
  expect(statuses()).toEqual([]);
  expect(storage.uploads).toEqual([]);
  expect(toastText()).toBeNull();
});
