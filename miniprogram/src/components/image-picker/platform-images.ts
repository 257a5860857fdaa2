/**
 * Picking and shrinking images on the device. weapp: Taro.chooseMedia (images only) then Taro.compressImage.
 * H5: Taro.chooseMedia opens the browser's file dialog, but Taro's H5 compressImage is "not supported", so a
 * large photo is redrawn on a canvas as JPEG instead (small files and GIFs go as they are).
 */
import { imageExtensionOf, type ImageExtension } from '@partner-desk/contract/src/upload-paths';
import Taro from '@tarojs/taro';
import { isH5, isWeapp } from '../../services/platform';
import type { PickedFile } from './picked-images';

/** Asks the user for up to `count` images; [] when the user cancels. */
export type ChooseImages = (count: number) => Promise<PickedFile[]>;

/** True for the rejection chooseMedia gives when the user closes the picker. */
const isCancel = (err: unknown) => /cancel/i.test(String((err as { errMsg?: string } | undefined)?.errMsg ?? err));

export const chooseImages: ChooseImages = async (count) => {
  try {
    const res = await Taro.chooseMedia({ count, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] });
    return res.tempFiles.map((file) => {
      // H5 answers the File itself too (not in Taro's weapp typing).
      const original = (file as { originalFileObj?: Blob }).originalFileObj;
      return { path: file.tempFilePath, size: file.size, type: (file as { fileType?: string }).fileType ?? original?.type, ...(original ? { file: original } : {}) };
    });
  } catch (err) {
    if (isCancel(err)) return [];
    throw err;
  }
};

/** Below this an image is sent as it is: a screenshot of a dialog is already small. */
const COMPRESS_ABOVE_BYTES = 300 * 1024;
/** The longest edge after compression (a phone screen's width ×2 keeps text in screenshots readable). */
const MAX_EDGE = 1600;
const JPEG_QUALITY = 0.8;

/** A smaller copy of the picked image when one can be made; the original otherwise (never fails). */
export async function compressImage(picked: PickedFile): Promise<PickedFile> {
  try {
    if (isWeapp()) {
      const res = await Taro.compressImage({ src: picked.path, quality: JPEG_QUALITY * 100 });
      return { path: res.tempFilePath, size: picked.size, type: 'image/jpeg' };
    }
    if (isH5()) return await compressOnCanvas(picked);
  } catch {
    // An image that cannot be compressed is still worth sending.
  }
  return picked;
}

async function compressOnCanvas(picked: PickedFile): Promise<PickedFile> {
  const blob = picked.file;
  if (!blob || blob.size <= COMPRESS_ABOVE_BYTES || blob.type === 'image/gif' || typeof createImageBitmap !== 'function') return picked;
  const bitmap = await createImageBitmap(blob);
  const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const jpeg = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
  if (!jpeg || jpeg.size >= blob.size) return picked;
  return { path: URL.createObjectURL(jpeg), size: jpeg.size, type: 'image/jpeg', file: jpeg };
}

const BY_MIME: Record<string, ImageExtension> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp' };

/** The extension the upload path gets: from the path (weapp temp paths keep it), else the MIME type (H5 blob: URLs have none). */
export function extensionOf(picked: PickedFile): ImageExtension {
  return imageExtensionOf(picked.path) ?? (picked.type ? BY_MIME[picked.type] : undefined) ?? 'jpg';
}
