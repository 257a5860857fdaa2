/**
 * The picker's list of images as plain data, and the few changes it goes through (pure: no Taro, no cloud),
 * so the states are tested without a device. Each image is shown from its local file while it uploads and
 * once uploaded carries the fileID a ticket, reply or message is sent with.
 */

/** A file the user picked (after compression): a local path to show and upload, and in H5 its bytes. */
export interface PickedFile {
  /** wxfile:// temp path in weapp, blob: URL in H5 (or a temporary URL of an image restored from a draft). */
  path: string;
  size: number;
  /** MIME type when the platform says it (H5: image/png …). */
  type?: string;
  /** H5: the bytes themselves (uploaded as they are, no second read of the blob: URL). */
  file?: Blob;
}

export type PickedImageStatus = 'uploading' | 'uploaded' | 'failed';

export interface PickedImage {
  key: string;
  /** What the thumbnail and the viewer show. */
  preview: string;
  status: PickedImageStatus;
  /** Set once uploaded. */
  fileID?: string;
  /** Chinese, why the upload failed (shown under 重试). */
  error?: string;
  /** What to upload again on 重试 (absent for images restored as fileIDs). */
  source?: PickedFile;
}

let counter = 0;
const newKey = () => `img-${Date.now().toString(36)}-${(counter += 1)}`;

export function uploadingImage(source: PickedFile): PickedImage {
  return { key: newKey(), preview: source.path, status: 'uploading', source };
}

/** An image uploaded earlier (a draft kept on the device), shown from its temporary URL once known. */
export function uploadedImage(fileID: string, preview = ''): PickedImage {
  return { key: newKey(), preview, status: 'uploaded', fileID };
}

export function withImage(images: readonly PickedImage[], key: string, change: Partial<PickedImage>): PickedImage[] {
  return images.map((image) => (image.key === key ? { ...image, ...change } : image));
}

export function withoutImage(images: readonly PickedImage[], key: string): PickedImage[] {
  return images.filter((image) => image.key !== key);
}

/** The fileIDs to send, in the order shown. */
export function fileIdsOf(images: readonly PickedImage[]): string[] {
  return images.flatMap((image) => (image.status === 'uploaded' && image.fileID ? [image.fileID] : []));
}

/** How the list stands as a whole: a form sends only when every image is uploaded. */
export function summaryOf(images: readonly PickedImage[]): { uploading: number; failed: number; ready: boolean } {
  const uploading = images.filter((image) => image.status === 'uploading').length;
  const failed = images.filter((image) => image.status === 'failed').length;
  return { uploading, failed, ready: uploading === 0 && failed === 0 };
}
