#!/usr/bin/env node
// Draws the extension's icon, images/icon.png (256×256, RGBA): a shield with two role badges joined by an
// arrow (one hands a role over, the other takes it) under a lens, on the dark gallery banner's colour.
// Pure Node (zlib for the PNG's deflate), 4×4 supersampled so the edges are smooth. Run it after changing
// the drawing: node scripts/icon.mjs
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';

const SIZE = 256;
const SS = 4;
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const BG = [0x23, 0x2f, 0x3e, 255];
const SHIELD = [0xff, 0x99, 0x00, 255];
const SHIELD_DARK = [0xcc, 0x6f, 0x00, 255];
const WHITE = [0xff, 0xff, 0xff, 255];
const INK = [0x23, 0x2f, 0x3e, 255];

/** Signed tests in a 0..1 square: true when the point is inside. */
const roundedSquare = (x, y, r) => {
  const dx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0);
  const dy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
  return dx * dx + dy * dy <= r * r;
};
const shield = (x, y, inset = 0) => {
  const top = 0.16 + inset;
  const mid = 0.56;
  const half = 0.32 - inset;
  if (y < top || x < 0.5 - half || x > 0.5 + half) return false;
  if (y <= mid) return y >= top + 0.04 * Math.abs(x - 0.5) / half ;
  // The lower half narrows to a point at 0.88.
  const bottom = 0.88 - inset * 1.6;
  const t = (y - mid) / (bottom - mid);
  return t <= 1 && Math.abs(x - 0.5) <= half * Math.sqrt(1 - t * t);
};
const circle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (x, y, cx, cy, r, w) => circle(x, y, cx, cy, r) && !circle(x, y, cx, cy, r - w);
const segment = (x, y, x0, y0, x1, y1, w) => {
  const vx = x1 - x0;
  const vy = y1 - y0;
  const t = Math.max(0, Math.min(1, ((x - x0) * vx + (y - y0) * vy) / (vx * vx + vy * vy)));
  return (x - (x0 + t * vx)) ** 2 + (y - (y0 + t * vy)) ** 2 <= (w / 2) ** 2;
};
const triangle = (x, y, [ax, ay], [bx, by], [cx, cy]) => {
  const s = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = s(ax, ay, bx, by);
  const d2 = s(bx, by, cx, cy);
  const d3 = s(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};

/** The colour at a point of the unit square (later layers win). */
function colour(x, y) {
  if (!roundedSquare(x, y, 0.18)) return [0, 0, 0, 0];
  let c = BG;
  if (shield(x, y)) c = SHIELD_DARK;
  if (shield(x, y, 0.03)) c = SHIELD;
  // Two role badges and the hand-over arrow between them.
  if (circle(x, y, 0.36, 0.42, 0.075)) c = INK;
  if (circle(x, y, 0.64, 0.42, 0.075)) c = INK;
  if (segment(x, y, 0.44, 0.42, 0.54, 0.42, 0.035)) c = INK;
  if (triangle(x, y, [0.53, 0.385], [0.53, 0.455], [0.565, 0.42])) c = INK;
  // The lens over the lower half, with its handle.
  if (circle(x, y, 0.5, 0.66, 0.095)) c = [0xff, 0xd5, 0x8f, 255];
  if (ring(x, y, 0.5, 0.66, 0.105, 0.03)) c = WHITE;
  if (segment(x, y, 0.575, 0.735, 0.66, 0.82, 0.045)) c = WHITE;
  return c;
}

const rows = [];
for (let py = 0; py < SIZE; py++) {
  const row = Buffer.alloc(1 + SIZE * 4);
  for (let px = 0; px < SIZE; px++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = colour((px + (sx + 0.5) / SS) / SIZE, (py + (sy + 0.5) / SS) / SIZE);
        // Premultiplied, so transparent samples do not darken the edge.
        for (let i = 0; i < 3; i++) acc[i] += (c[i] * c[3]) / 255;
        acc[3] += c[3];
      }
    }
    const n = SS * SS;
    const a = acc[3] / n;
    for (let i = 0; i < 3; i++) row[1 + px * 4 + i] = a ? Math.round((acc[i] / n) * (255 / a)) : 0;
    row[1 + px * 4 + 3] = Math.round(a);
  }
  rows.push(row);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = path.join(root, 'images', 'icon.png');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, png);
console.log(`${path.relative(root, out)}: ${SIZE}×${SIZE}, ${png.length} bytes`);
