// Packs rendered images into the Windows .ico and macOS .icns containers.
import { encodePng } from './png.mjs';

/**
 * A 32-bit BMP (DIB) entry as .ico stores it: BGRA rows from the bottom, the height doubled to
 * count the 1-bit AND mask that follows.
 */
function encodeIcoBitmap({ width, height, rgba }) {
  const header = Buffer.alloc(40);
  const maskStride = Math.ceil(width / 32) * 4;
  const pixelBytes = width * height * 4;
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(pixelBytes + maskStride * height, 20);

  const pixels = Buffer.alloc(pixelBytes);
  const mask = Buffer.alloc(maskStride * height);
  for (let y = 0; y < height; y += 1) {
    const row = height - 1 - y;
    for (let x = 0; x < width; x += 1) {
      const from = (y * width + x) * 4;
      const to = (row * width + x) * 4;
      pixels[to] = rgba[from + 2];
      pixels[to + 1] = rgba[from + 1];
      pixels[to + 2] = rgba[from];
      pixels[to + 3] = rgba[from + 3];
      if (rgba[from + 3] === 0) {
        mask[row * maskStride + (x >> 3)] |= 0x80 >> (x & 7);
      }
    }
  }
  return Buffer.concat([header, pixels, mask]);
}

/**
 * Builds an .ico. Sizes below 256 are stored as bitmaps and 256 as PNG: that is the layout
 * Windows itself ships, and older resource tools (NSIS among them) reject small PNG entries.
 */
export function encodeIco(images) {
  const directory = Buffer.alloc(6 + images.length * 16);
  directory.writeUInt16LE(1, 2);
  directory.writeUInt16LE(images.length, 4);

  const payloads = images.map((image) =>
    image.width >= 256 ? encodePng(image.width, image.height, image.rgba) : encodeIcoBitmap(image),
  );

  let offset = directory.length;
  images.forEach((image, index) => {
    const entry = 6 + index * 16;
    directory[entry] = image.width >= 256 ? 0 : image.width;
    directory[entry + 1] = image.height >= 256 ? 0 : image.height;
    directory.writeUInt16LE(1, entry + 4);
    directory.writeUInt16LE(32, entry + 6);
    directory.writeUInt32LE(payloads[index].length, entry + 8);
    directory.writeUInt32LE(offset, entry + 12);
    offset += payloads[index].length;
  });

  return Buffer.concat([directory, ...payloads]);
}

/** The PNG-capable .icns element types (macOS 10.7+) and the pixel size each holds. */
export const ICNS_TYPES = {
  ic11: 32,
  ic12: 64,
  ic07: 128,
  ic13: 256,
  ic08: 256,
  ic14: 512,
  ic09: 512,
  ic10: 1024,
};

/** Builds an .icns from `{ type, png }` entries: a big-endian header, then type+length+data. */
export function encodeIcns(entries) {
  const elements = entries.map(({ type, png }) => {
    const header = Buffer.alloc(8);
    header.write(type, 0, 'latin1');
    header.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([header, png]);
  });

  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(8 + elements.reduce((sum, element) => sum + element.length, 0), 4);
  return Buffer.concat([header, ...elements]);
}
