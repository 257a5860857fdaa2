import fs from 'node:fs';
import path from 'node:path';
import { filesUnder } from '../../scripts/report-weapp-size';

/** The API host @cloudbase/js-sdk is built around: present exactly when the browser SDK is in a bundle. */
export const JS_SDK_MARKER = 'tcb-api.tencentcloudapi.com';

/** How a minifier may write a string literal: non-ASCII as \uXXXX escapes (the weapp build does). */
function asciiEscaped(text: string): string {
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Every .js file of a build output that contains `needle` (as written or escaped), relative to the folder. */
export function scriptsContaining(dir: string, needle: string): string[] {
  const forms = [needle, asciiEscaped(needle)];
  return filesUnder(dir)
    .filter((file) => {
      if (!file.endsWith('.js')) return false;
      const text = fs.readFileSync(file, 'utf8');
      return forms.some((form) => text.includes(form));
    })
    .map((file) => path.relative(dir, file).split(path.sep).join('/'));
}
