import { getCloud } from '../cloud';

/**
 * The slice of wx-server-sdk's storage the product uses: temporary URLs of files, which also tell
 * whether each exists (status 0; STORAGE_FILE_NONEXIST answers -503003). CloudBase takes at most 50 files
 * a call ("一次最多取 50 个"), so longer lists go as several calls sent together: one round trip either way.
 * A failure of the call itself (not of one file) is thrown, and the action answers INTERNAL.
 */
export const FILES_PER_CALL = 50;
/** wx-server-sdk's status of a file that does not exist (TCB_ERR_CODE.STORAGE_FILE_NONEXIST). */
export const FILE_NOT_FOUND_STATUS = -503003;

export interface FileLink {
  fileID: string;
  /** 0 when the file exists and `url` is set; the SDK's error status otherwise. */
  status: number;
  url: string | null;
}

interface TempFileUrlAnswer {
  fileList: { fileID: string; status: number; tempFileURL: string }[];
}

/** A temporary URL (valid `maxAgeSeconds`) for each fileID, by fileID; duplicates are asked once. */
export async function temporaryLinks(fileIDs: readonly string[], maxAgeSeconds: number): Promise<Map<string, FileLink>> {
  const unique = [...new Set(fileIDs)];
  const links = new Map<string, FileLink>();
  if (unique.length === 0) return links;
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += FILES_PER_CALL) chunks.push(unique.slice(i, i + FILES_PER_CALL));
  const cloud = getCloud() as unknown as { getTempFileURL(options: { fileList: { fileID: string; maxAge: number }[] }): Promise<TempFileUrlAnswer> };
  const answers = await Promise.all(chunks.map((chunk) => cloud.getTempFileURL({ fileList: chunk.map((fileID) => ({ fileID, maxAge: maxAgeSeconds })) })));
  answers.forEach((answer, c) =>
    chunks[c].forEach((fileID, i) => {
      // Items come back in the order asked; a failed one may lack its fileID, so the request's is used.
      const item = answer.fileList[i];
      const ok = item?.status === 0 && Boolean(item.tempFileURL);
      links.set(fileID, { fileID, status: item?.status ?? FILE_NOT_FOUND_STATUS, url: ok ? item.tempFileURL : null });
    }),
  );
  return links;
}

/** The environment this invocation runs in (the one `cloud.DYNAMIC_CURRENT_ENV` stands for). */
export function currentEnvId(): string {
  return process.env.TCB_ENV || process.env.SCF_NAMESPACE || String((getCloud().getWXContext() as { ENV?: string }).ENV ?? '');
}
