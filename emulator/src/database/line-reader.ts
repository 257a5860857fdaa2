/**
 * Line-by-line reading of files that may be far larger than one string can be (V8 caps a string near
 * 512 MB and readFileSync at 2 GB; a 1M-document snapshot or import file passes both). Synchronous on
 * purpose: engine methods are atomic because they never yield between reading and applying.
 */
import fs from 'node:fs';

export const DEFAULT_CHUNK_BYTES = 4 << 20;

export interface LineReadResult {
  /** Offset just past the last line `onLine` accepted (its '\n' included when it had one). */
  acceptedBytes: number;
  totalBytes: number;
}

/**
 * Calls `onLine` for every line in order, without its '\n'; `terminated` is false only for a last line
 * the file does not end with '\n' (a torn log append, or an import file without a final newline).
 * Returning false stops the reading.
 */
export function readLines(file: string, onLine: (line: string, terminated: boolean) => boolean | void, chunkBytes = DEFAULT_CHUNK_BYTES): LineReadResult {
  const fd = fs.openSync(file, 'r');
  try {
    const totalBytes = fs.fstatSync(fd).size;
    const buffer = Buffer.allocUnsafe(Math.max(1, chunkBytes));
    // Pieces of a line that spans chunks; copied, since `buffer` is reused by the next read.
    let partial: Buffer[] = [];
    let position = 0;
    let acceptedBytes = 0;
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, buffer.length, position);
      if (read === 0) break;
      const data = buffer.subarray(0, read);
      let start = 0;
      for (;;) {
        const newline = data.indexOf(0x0a, start);
        if (newline === -1) {
          if (start < read) partial.push(Buffer.from(data.subarray(start)));
          break;
        }
        // '\n' never occurs inside a multi-byte UTF-8 sequence, so each line decodes on its own.
        const line = partial.length ? Buffer.concat([...partial, data.subarray(start, newline)]).toString('utf8') : data.toString('utf8', start, newline);
        partial = [];
        if (onLine(line, true) === false) return { acceptedBytes, totalBytes };
        acceptedBytes = position + newline + 1;
        start = newline + 1;
      }
      position += read;
    }
    if (partial.length && onLine(Buffer.concat(partial).toString('utf8'), false) !== false) acceptedBytes = position;
    return { acceptedBytes, totalBytes };
  } finally {
    fs.closeSync(fd);
  }
}

/** Bytes from `offset` to the end of the file (a log's torn tail, normally tiny). */
export function readTail(file: string, offset: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const tail = Buffer.alloc(Math.max(0, size - offset));
    let done = 0;
    while (done < tail.length) {
      const read = fs.readSync(fd, tail, done, tail.length - done, offset + done);
      if (read === 0) break;
      done += read;
    }
    return tail.subarray(0, done);
  } finally {
    fs.closeSync(fd);
  }
}
