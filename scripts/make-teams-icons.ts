// Draws the Teams app icons (`npm run icons:teams`): three linked rings, for partners working
// together. color.png is 192x192, white rings on the forum's teal; outline.png is 32x32, white
// on transparent, as Teams asks. Written with node:zlib alone, byte for byte the same each run.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

export const TEAMS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../manifests/teams');
/** The forum's teal; the manifest's accentColor is the same. */
export const TEAL = { r: 0x0b, g: 0x6e, b: 0x79 };

interface Rings {
  /** Distance of each ring's centre from the icon's centre, in pixels. */
  spread: number;
  radius: number;
  stroke: number;
}

/** Fraction (0-1) of a pixel covered by the rings, from a 4x4 grid of samples. */
function coverage(size: number, rings: Rings, x: number, y: number): number {
  const centre = size / 2;
  // Three centres on a triangle pointing up, so the rings overlap in the middle; moved down a
  // quarter of the spread so the drawing's bounding box, not its centroid, is centred.
  const centres = [-90, 30, 150].map((deg) => {
    const a = (deg * Math.PI) / 180;
    return { cx: centre + rings.spread * Math.cos(a), cy: centre + rings.spread * Math.sin(a) + rings.spread * 0.25 };
  });
  let inside = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const px = x + (sx + 0.5) / 4;
      const py = y + (sy + 0.5) / 4;
      if (centres.some(({ cx, cy }) => Math.abs(Math.hypot(px - cx, py - cy) - rings.radius) <= rings.stroke / 2)) inside++;
    }
  }
  return inside / 16;
}

/** RGBA pixels, row by row. */
function draw(size: number, rings: Rings, background: { r: number; g: number; b: number } | undefined): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(size, rings, x, y);
      const i = (y * size + x) * 4;
      if (background) {
        // White blended over the teal: an opaque, full-colour icon.
        pixels[i] = Math.round(background.r + (255 - background.r) * c);
        pixels[i + 1] = Math.round(background.g + (255 - background.g) * c);
        pixels[i + 2] = Math.round(background.b + (255 - background.b) * c);
        pixels[i + 3] = 255;
      } else {
        // Outline: pure white, shaped by alpha alone; uncovered pixels fully transparent.
        pixels.set([255, 255, 255, Math.round(255 * c)], i);
      }
    }
  }
  return pixels;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG (colour type 6), every row unfiltered. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, RGBA, deflate, adaptive filtering, no interlace
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0; // filter: none
    rows.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

export function makeTeamsIcons(folder = TEAMS_FOLDER): string[] {
  const color = path.join(folder, 'color.png');
  const outline = path.join(folder, 'outline.png');
  // The colour icon keeps its symbol in the middle half or so, leaving the padding Teams expects.
  writeFileSync(color, encodePng(192, 192, draw(192, { spread: 20, radius: 27, stroke: 9 }, TEAL)));
  writeFileSync(outline, encodePng(32, 32, draw(32, { spread: 5, radius: 6.8, stroke: 2.2 }, undefined)));
  return [color, outline];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const file of makeTeamsIcons()) process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
