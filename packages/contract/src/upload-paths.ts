/**
 * Images attached to tickets, replies and chat messages (the seed's 截图). A client uploads each image to
 * CloudBase storage under its own account's folder, `uploads/<userId>/<yyyymm>/<random>.<ext>`, then
 * sends the fileIDs uploadFile answered; the function accepts only fileIDs of its own environment under
 * the caller's folder that exist, so nobody can attach another user's file. The folder is the account
 * (the user id every sign-in answers), so the weapp and the H5 build of one user name the same folder:
 * a mini-program never learns its own OPENID without asking a function. The storage rule (database/
 * storage.ts) lets a client write only such paths and read only files it uploaded itself; colleagues see
 * an image through the short-lived URL a function hands out with the ticket or message.
 */

// Without zod: the mini-program imports this module itself (not the package index), so uploading an image
// does not bring the schemas into its bundle.

export const UPLOADS_FOLDER = 'uploads';
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'gif', 'webp'] as const;
export type ImageExtension = (typeof IMAGE_EXTENSIONS)[number];
/** WeChat's picker takes at most 9 images at a time; a ticket, a reply or a message carries as many. */
export const MAX_IMAGES = 9;

/** A cloud path a client may upload an image to: uploads/<userId>/<yyyymm>/<random>.<ext> (groups: user, month, name, ext). */
export const UPLOAD_PATH_PATTERN = /^uploads\/([A-Za-z0-9_-]{1,64})\/(\d{6})\/([A-Za-z0-9_-]{8,64})\.(jpg|jpeg|png|gif|webp)$/;

/** `uploads/<userId>/`: the folder of one account's uploads. */
export function uploadFolderOf(userId: string): string {
  return `${UPLOADS_FOLDER}/${userId}/`;
}

/** The month folder, in China time (as everything the product shows). */
function chinaMonth(now: Date): string {
  const china = new Date(now.getTime() + 8 * 3600_000);
  return `${china.getUTCFullYear()}${String(china.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** 20 characters of [0-9a-z]; Math.random is enough: a name only has to be unique within one user's month. */
function randomName(): string {
  let name = Date.now().toString(36);
  while (name.length < 20) name += Math.random().toString(36).slice(2);
  return name.slice(0, 20);
}

/**
 * Where the signed-in user `userId` uploads its next image, e.g.
 * `newUploadPath(user.id, { extension: 'jpg' })` → `uploads/u_1f…/202612/lq3x9k2m8a7b6c5d4e3f.jpg`.
 */
export function newUploadPath(userId: string, options: { extension?: string; now?: Date; name?: string } = {}): string {
  const extension = (options.extension ?? 'jpg').toLowerCase().replace(/^\./, '');
  const path = `${uploadFolderOf(userId)}${chinaMonth(options.now ?? new Date())}/${options.name ?? randomName()}.${extension}`;
  if (!UPLOAD_PATH_PATTERN.test(path)) throw new Error(`not an upload path for user ${JSON.stringify(userId)}: ${path} (extensions ${IMAGE_EXTENSIONS.join(', ')})`);
  return path;
}

/** The extension of a picked file's path or name (`wxfile://tmp_….jpeg`, `photo.PNG`), when it is an image's. */
export function imageExtensionOf(pathOrName: string): ImageExtension | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(pathOrName)?.[1]?.toLowerCase();
  return (IMAGE_EXTENSIONS as readonly string[]).includes(ext ?? '') ? (ext as ImageExtension) : undefined;
}
