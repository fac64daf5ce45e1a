// A small grouped bar chart as a PNG, drawn pixel by pixel and encoded with node's zlib: budget,
// awarded and paid for each funding source, so the Word report has a picture people can take in at
// a glance. Labels and figures are in the table beside it (no font rendering here).
import { deflateSync } from 'node:zlib';

export interface BarGroup {
  /** One value per series, in the order of `SERIES_COLOURS`. */
  values: readonly number[];
}

/** Budget (grey), awarded (blue), paid (green): colours with enough contrast on white. */
export const SERIES_COLOURS: readonly [number, number, number][] = [[80, 90, 95], [29, 112, 184], [0, 112, 60]];
export const SERIES_NAMES = ['Budget', 'Awarded', 'Paid'] as const;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function barChartPng(groups: readonly BarGroup[], width = 600, height = 300): Buffer {
  const pixels = Buffer.alloc(width * height * 3, 255);
  const fill = (x0: number, y0: number, x1: number, y1: number, [r, g, b]: [number, number, number]) => {
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y += 1) {
      for (let x = Math.max(0, x0); x < Math.min(width, x1); x += 1) {
        const i = (y * width + x) * 3;
        pixels[i] = r;
        pixels[i + 1] = g;
        pixels[i + 2] = b;
      }
    }
  };
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  const margin = 20;
  const base = height - margin;
  fill(margin, base, width - margin, base + 2, [11, 12, 12]);
  const groupWidth = (width - 2 * margin) / Math.max(1, groups.length);
  groups.forEach((group, gi) => {
    const barWidth = Math.floor((groupWidth * 0.8) / Math.max(1, group.values.length));
    group.values.forEach((value, vi) => {
      const x = Math.round(margin + gi * groupWidth + groupWidth * 0.1 + vi * barWidth);
      const top = base - Math.round((value / max) * (height - 2 * margin));
      fill(x, top, x + barWidth - 2, base, SERIES_COLOURS[vi % SERIES_COLOURS.length] ?? [0, 0, 0]);
    });
  });
  // Each row starts with filter type 0 (none).
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) pixels.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
