import fs from 'node:fs';
import path from 'node:path';
import { readLines, readTail } from '../../src/database/line-reader';
import { cleanup, tempDir } from './helpers';

afterEach(cleanup);

function linesOf(file: string, chunkBytes: number): [string, boolean][] {
  const out: [string, boolean][] = [];
  readLines(file, (line, terminated) => void out.push([line, terminated]), chunkBytes);
  return out;
}

describe('readLines', () => {
  it('gives the same lines whatever the chunk size, including lines longer than a chunk and characters split across chunks', () => {
    const file = path.join(tempDir(), 'f.jsonl');
    const lines = ['short', '数据'.repeat(50), '', 'x'.repeat(300), '🙂 end'];
    fs.writeFileSync(file, lines.join('\n') + '\n');
    for (const chunk of [1, 2, 3, 7, 64, 1 << 20]) {
      expect(linesOf(file, chunk)).toEqual(lines.map((l) => [l, true]));
    }
  });

  it('reports a last line without newline as unterminated, and counts only accepted bytes', () => {
    const file = path.join(tempDir(), 'f.log');
    fs.writeFileSync(file, 'one\ntwo\nthr');
    expect(linesOf(file, 4)).toEqual([['one', true], ['two', true], ['thr', false]]);
    const stopAtTorn = readLines(file, (_line, terminated) => terminated, 4);
    expect(stopAtTorn).toEqual({ acceptedBytes: 8, totalBytes: 11 });
    const stopAtSecond = readLines(file, (line) => line !== 'two', 3);
    expect(stopAtSecond.acceptedBytes).toBe(4);
    expect(readTail(file, 8).toString()).toBe('thr');
  });
});
