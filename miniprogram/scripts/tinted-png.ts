/**
 * A PNG of one colour at varying opacity, written as an indexed (palette) image: one byte per pixel instead
 * of RGBA's four, the palette holding the colour once per opacity level used, the levels in tRNS. For the
 * tab bar icons, which ship in the weapp main package (PNG spec: https://www.w3.org/TR/png/ §11.2.2–11.3.2).
 */
import zlib from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** `alpha`: width × height opacities (0–255), row by row; `color`: `#rrggbb`. */
export function encodeTintedPng(width: number, height: number, color: string, alpha: Uint8Array): Buffer {
  if (alpha.length !== width * height) throw new Error(`expected ${width * height} opacities, got ${alpha.length}`);
  const rgb = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
  const levels = [...new Set(alpha)].sort((a, b) => a - b);
  const indexOf = new Map(levels.map((level, index) => [level, index]));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 3; // colour type: indexed
  const rows = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) {
    rows[y * (width + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) rows[y * (width + 1) + 1 + x] = indexOf.get(alpha[y * width + x])!;
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('PLTE', Buffer.from(levels.flatMap(() => rgb))),
    chunk('tRNS', Buffer.from(levels)),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
