// Independent readers for the icon files, written from the format specifications rather than
// shared with scripts/icons, so a bug in the writer cannot hide itself in the test.
import { crc32, inflateSync } from 'node:zlib';

export interface DecodedImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) {
    return left;
  }
  return toUp <= toUpLeft ? up : upLeft;
}

/** Undoes the per-row PNG filters (all five types) for 4-byte RGBA pixels. */
function unfilter(raw: Buffer, width: number, height: number): Uint8Array {
  const stride = width * 4;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x += 1) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= 4 ? (out[y * stride + x - 4] ?? 0) : 0;
      const up = y > 0 ? (out[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = x >= 4 && y > 0 ? (out[(y - 1) * stride + x - 4] ?? 0) : 0;
      const predictors = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)];
      const predictor = predictors[filter ?? -1];
      if (predictor === undefined) {
        throw new Error(`row ${y} uses unknown filter ${filter}`);
      }
      out[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return out;
}

/** Decodes an 8-bit RGBA, non-interlaced PNG and checks every chunk's CRC on the way. */
export function decodePng(bytes: Buffer): DecodedImage {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    throw new Error('not a PNG: bad signature');
  }

  let offset = 8;
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  let ended = false;
  while (offset < bytes.length && !ended) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    const storedCrc = bytes.readUInt32BE(offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== storedCrc) {
      throw new Error(`chunk ${type} has a bad CRC`);
    }
    if (type === 'IHDR') {
      header = body;
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      ended = true;
    }
    offset += 12 + length;
  }

  if (!header || !ended) {
    throw new Error('PNG lacks IHDR or IEND');
  }
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const [bitDepth, colourType, , , interlace] = header.subarray(8, 13);
  if (bitDepth !== 8 || colourType !== 6 || interlace !== 0) {
    throw new Error(`expected 8-bit RGBA without interlace, got ${bitDepth}/${colourType}`);
  }
  return { width, height, rgba: unfilter(inflateSync(Buffer.concat(data)), width, height) };
}

/** A 32-bit BMP entry of an .ico: BGRA rows from the bottom, then the AND mask. */
function decodeIcoBitmap(bytes: Buffer): DecodedImage {
  const width = bytes.readInt32LE(4);
  const height = bytes.readInt32LE(8) / 2;
  if (bytes.readUInt32LE(0) !== 40 || bytes.readUInt16LE(14) !== 32) {
    throw new Error('expected a 32-bit BITMAPINFOHEADER entry');
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const from = 40 + ((height - 1 - y) * width + x) * 4;
      rgba.set(
        [bytes[from + 2] ?? 0, bytes[from + 1] ?? 0, bytes[from] ?? 0, bytes[from + 3] ?? 0],
        (y * width + x) * 4,
      );
    }
  }
  return { width, height, rgba };
}

export interface IcoEntry {
  declaredSize: number;
  format: 'png' | 'bmp';
  image: DecodedImage;
}

export function decodeIco(bytes: Buffer): IcoEntry[] {
  if (bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) {
    throw new Error('not an .ico: bad ICONDIR header');
  }
  const count = bytes.readUInt16LE(4);
  return Array.from({ length: count }, (_, index) => {
    const entry = 6 + index * 16;
    const declaredSize = bytes[entry] === 0 ? 256 : (bytes[entry] ?? 0);
    const size = bytes.readUInt32LE(entry + 8);
    const start = bytes.readUInt32LE(entry + 12);
    const payload = bytes.subarray(start, start + size);
    const isPng = payload.subarray(0, 8).equals(PNG_SIGNATURE);
    return {
      declaredSize,
      format: isPng ? 'png' : 'bmp',
      image: isPng ? decodePng(payload) : decodeIcoBitmap(payload),
    };
  });
}

export interface IcnsEntry {
  type: string;
  image: DecodedImage;
}

export function decodeIcns(bytes: Buffer): IcnsEntry[] {
  if (bytes.toString('latin1', 0, 4) !== 'icns' || bytes.readUInt32BE(4) !== bytes.length) {
    throw new Error('not an .icns: bad header or length');
  }
  const entries: IcnsEntry[] = [];
  for (let offset = 8; offset < bytes.length;) {
    const type = bytes.toString('latin1', offset, offset + 4);
    const length = bytes.readUInt32BE(offset + 4);
    entries.push({ type, image: decodePng(bytes.subarray(offset + 8, offset + length)) });
    offset += length;
  }
  return entries;
}
