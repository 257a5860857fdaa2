import * as z from 'zod';
import { MAX_IMAGES } from './upload-paths';

/** The schemas of attached images (fileIDs sent, image views answered); the upload path rules are in upload-paths.ts. */

export * from './upload-paths';

/** What an action answers (INVALID_ARGUMENT) when an image is not the caller's own upload of this environment. */
export const IMAGES_NOT_OWN = '图片须为本人上传到本环境的文件（uploads/<本人用户 id>/…），且文件存在';

/** A fileID as uploadFile answers it for an upload path: cloud://<env>.<bucket>/uploads/… */
export const imageFileIdSchema = z
  .string()
  .max(1024)
  .regex(/^cloud:\/\/[^/\s]+\/uploads\/[^\s]+$/, '图片须为上传到云存储后得到的 fileID（cloud://…/uploads/…）');

export const imageFileIdsSchema = z.array(imageFileIdSchema).max(MAX_IMAGES, `图片最多 ${MAX_IMAGES} 张`).describe(`图片 fileID（先上传到 uploads/<本人用户 id>/ 下），最多 ${MAX_IMAGES} 张`);

/** An attached image as answered: its fileID and a temporary URL to show it (null once the file is gone). */
export const imageViewSchema = z.strictObject({
  fileID: z.string(),
  url: z.string().nullable().describe('临时访问链接（约 1 小时内有效，过期后重新获取详情即可）；文件已删除时为 null'),
});
export type ImageView = z.infer<typeof imageViewSchema>;
