import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useAtomValue } from 'jotai';
import { deleteFile, getTempFileURL, uploadFile, UPLOAD_FAILED_MESSAGE } from '@partner-desk/cloud-client';
import { MAX_IMAGES, newUploadPath } from '@partner-desk/contract/src/upload-paths';
import { toast } from '../feedback';
import { sessionAtom } from '../../state/session';
import { fileIdsOf, summaryOf, uploadedImage, uploadingImage, withImage, withoutImage, type PickedFile, type PickedImage } from './picked-images';
import { chooseImages, compressImage, extensionOf, type ChooseImages } from './platform-images';

export interface ImagePickerOptions {
  /** Most images at once (default and ceiling: the contract's MAX_IMAGES, 9). */
  max?: number;
  /** fileIDs uploaded earlier (a draft kept on the device): shown as uploaded, thumbnails from temporary URLs. */
  initialFileIDs?: readonly string[];
  /** How images are chosen (default Taro.chooseMedia); page tests give their own, jsdom has no file dialog. */
  choose?: ChooseImages;
}

export interface ImagePicker {
  images: readonly PickedImage[];
  /** Uploaded fileIDs in the order shown: what to send. */
  fileIDs: string[];
  /** No upload running and none failed: the form may send. */
  ready: boolean;
  uploading: number;
  failed: number;
  max: number;
  /** Opens the chooser for what is left of `max`, then compresses and uploads each picked image. */
  pick(): Promise<void>;
  retry(key: string): void;
  /** Takes an image off (an uploaded file is deleted from storage too: it was never sent). */
  remove(key: string): void;
  /** Empties the list after a send (the files stay: they belong to what was sent). */
  clear(): void;
}

/**
 * The state of an image picker: what was picked, what is uploading, what failed. Uploads go to the signed-in
 * user's folder (`uploads/<userId>/<yyyymm>/…`, the only place the storage rule lets a client write and the
 * functions accept images from) through cloud-client's uploadFile.
 */
export function useImagePicker(options: ImagePickerOptions = {}): ImagePicker {
  const max = Math.min(options.max ?? MAX_IMAGES, MAX_IMAGES);
  const userId = useAtomValue(sessionAtom)?.user.id;
  const [images, setImages] = useState<PickedImage[]>(() => (options.initialFileIDs ?? []).map((fileID) => uploadedImage(fileID)));
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);
  const update = useCallback((change: (current: PickedImage[]) => PickedImage[]) => {
    if (mounted.current) setImages(change);
  }, []);

  // Restored images: their thumbnails are fetched once (the owner may read its own uploads).
  useEffect(() => {
    const restored = images.filter((image) => image.status === 'uploaded' && !image.preview);
    if (restored.length === 0) return;
    void getTempFileURL(restored.map((image) => image.fileID!)).then((answer) => {
      if (!answer.ok) return;
      for (const [i, outcome] of answer.data.entries()) if (outcome.ok) update((current) => withImage(current, restored[i].key, { preview: outcome.tempFileURL }));
    });
    // Only on mount: later images come with their own preview.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const upload = useCallback(
    async (key: string, source: PickedFile) => {
      update((current) => withImage(current, key, { status: 'uploading', error: undefined }));
      if (!userId) {
        update((current) => withImage(current, key, { status: 'failed', error: '登录已失效，请重新登录' }));
        return;
      }
      const compressed = await compressImage(source);
      const cloudPath = newUploadPath(userId, { extension: extensionOf(compressed) });
      const uploaded = await uploadFile(compressed.file ? { cloudPath, file: compressed.file } : { cloudPath, filePath: compressed.path });
      update((current) =>
        withImage(current, key, uploaded.ok ? { status: 'uploaded', fileID: uploaded.data.fileID } : { status: 'failed', error: uploaded.error.message || UPLOAD_FAILED_MESSAGE }),
      );
    },
    [userId, update],
  );

  const choose = options.choose ?? chooseImages;
  const pick = useCallback(async () => {
    const room = max - images.length;
    if (room <= 0) {
      toast(`最多 ${max} 张图片`);
      return;
    }
    let picked: PickedFile[];
    try {
      picked = (await choose(room)).slice(0, room);
    } catch {
      toast('无法选择图片，请稍后重试');
      return;
    }
    const added = picked.map(uploadingImage);
    update((current) => [...current, ...added]);
    await Promise.all(added.map((image) => upload(image.key, image.source!)));
  }, [max, images.length, choose, upload, update]);

  const retry = useCallback(
    (key: string) => {
      const image = images.find((candidate) => candidate.key === key);
      if (image?.source) void upload(key, image.source);
    },
    [images, upload],
  );

  const remove = useCallback(
    (key: string) => {
      const image = images.find((candidate) => candidate.key === key);
      update((current) => withoutImage(current, key));
      // Not sent yet, so nothing refers to the file; a failure only leaves an unused file behind.
      if (image?.fileID) void deleteFile([image.fileID]);
    },
    [images, update],
  );

  const clear = useCallback(() => update(() => []), [update]);

  return useMemo(() => ({ images, fileIDs: fileIdsOf(images), ...summaryOf(images), max, pick, retry, remove, clear }), [images, max, pick, retry, remove, clear]);
}
