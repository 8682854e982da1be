// The committed icons must be exactly what scripts/make-icons.mjs draws, in valid containers of
// the right sizes, and the macOS template images must be usable as templates.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DecodedImage } from './support/image-readers';
import { PNG_SIGNATURE, decodeIcns, decodeIco, decodePng } from './support/image-readers';
import { ROOT, runScript } from './support/run-script';

const STATES = ['none', 'valid', 'renewing', 'expiring', 'expired', 'error'];
const ASSETS = join(ROOT, 'assets');

let freshDir: string;

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).replaceAll('\\', '/'))
    .sort();
}

/** Every image a file holds, decoded, so two files compare by pixels, not by zlib's bytes. */
function imagesOf(path: string): DecodedImage[] {
  const bytes = readFileSync(path);
  if (path.endsWith('.png')) {
    return [decodePng(bytes)];
  }
  if (path.endsWith('.ico')) {
    return decodeIco(bytes).map((entry) => entry.image);
  }
  if (path.endsWith('.icns')) {
    return decodeIcns(bytes).map((entry) => entry.image);
  }
  throw new Error(`unexpected file in assets/: ${path}`);
}

const png = (name: string): DecodedImage => decodePng(readFileSync(join(ASSETS, name)));

function opaqueShare(image: DecodedImage): number {
  let opaque = 0;
  for (let index = 3; index < image.rgba.length; index += 4) {
    opaque += (image.rgba[index] ?? 0) > 0 ? 1 : 0;
  }
  return opaque / (image.width * image.height);
}

beforeAll(async () => {
  freshDir = mkdtempSync(join(tmpdir(), 'tray-icons-'));
  const result = await runScript('scripts/make-icons.mjs', ['--out', freshDir]);
  expect(result.status, result.stderr).toBe(0);
}, 180_000);

afterAll(() => rmSync(freshDir, { recursive: true, force: true }));

describe('make-icons', () => {
  it('regenerates exactly the committed files, pixel for pixel', () => {
    const committed = listFiles(ASSETS);
    expect(listFiles(freshDir)).toEqual(committed);

    for (const file of committed) {
      const fresh = imagesOf(join(freshDir, file));
      const stored = imagesOf(join(ASSETS, file));
      expect(
        stored.map(({ width, height }) => [width, height]),
        file,
      ).toEqual(fresh.map(({ width, height }) => [width, height]));
      stored.forEach((image, index) => {
        const same = Buffer.from(image.rgba).equals(Buffer.from(fresh[index]?.rgba ?? []));
        expect(same, `${file} image ${index} differs: run node scripts/make-icons.mjs`).toBe(true);
      });
    }
  });

  it('writes every tray state at 1x and 2x, in colour and as a macOS template', () => {
    for (const state of STATES) {
      for (const [suffix, size] of [
        ['', 16],
        ['@2x', 32],
        ['Template', 16],
        ['Template@2x', 32],
      ] as const) {
        const name = `tray/${state}${suffix}.png`;
        expect(readFileSync(join(ASSETS, name)).subarray(0, 8).equals(PNG_SIGNATURE), name).toBe(
          true,
        );
        const image = png(name);
        expect([image.width, image.height], name).toEqual([size, size]);
        expect(
          opaqueShare(image),
          `${name} should be a glyph, not empty or a full square`,
        ).toSatisfy((share: number) => share > 0.2 && share < 0.95);
      }
    }
  });

  it('draws template images in black and alpha only', () => {
    for (const state of STATES) {
      for (const name of [`tray/${state}Template.png`, `tray/${state}Template@2x.png`]) {
        const { rgba } = png(name);
        for (let index = 0; index < rgba.length; index += 4) {
          if ((rgba[index + 3] ?? 0) > 0) {
            expect([rgba[index], rgba[index + 1], rgba[index + 2]], name).toEqual([0, 0, 0]);
          }
        }
      }
    }
  });

  it('tells every state apart by shape alone, since templates carry no colour', () => {
    const alphaOf = (state: string): string =>
      Buffer.from(
        png(`tray/${state}Template.png`).rgba.filter((_, index) => index % 4 === 3),
      ).toString('hex');
    const masks = STATES.map(alphaOf);
    expect(new Set(masks).size).toBe(STATES.length);
  });

  it('gives the coloured badges their status colour', () => {
    const hasPixel = (
      name: string,
      test: (r: number, g: number, b: number) => boolean,
    ): boolean => {
      const { rgba } = png(name);
      for (let index = 0; index < rgba.length; index += 4) {
        const [r = 0, g = 0, b = 0, a = 0] = rgba.subarray(index, index + 4);
        if (a === 255 && test(r, g, b)) {
          return true;
        }
      }
      return false;
    };
    expect(hasPixel('tray/valid.png', (r, g, b) => g > r + 60 && g > b + 40)).toBe(true);
    expect(hasPixel('tray/expired.png', (r, g, b) => r > g + 100 && r > b + 100)).toBe(true);
    expect(hasPixel('tray/expiring.png', (r, g, b) => r > b + 120 && g > b + 60)).toBe(true);
    expect(hasPixel('tray/none.png', (r, g, b) => g > r + 60 && g > b + 40)).toBe(false);
  });

  it('packs the application icon for every platform', () => {
    const appIcon = png('icon.png');
    expect([appIcon.width, appIcon.height]).toEqual([512, 512]);

    const ico = decodeIco(readFileSync(join(ASSETS, 'icon.ico')));
    expect(ico.map((entry) => entry.declaredSize)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const entry of ico) {
      expect([entry.image.width, entry.image.height]).toEqual([
        entry.declaredSize,
        entry.declaredSize,
      ]);
      expect(entry.format).toBe(entry.declaredSize === 256 ? 'png' : 'bmp');
    }

    const icns = decodeIcns(readFileSync(join(ASSETS, 'icon.icns')));
    const expected: Record<string, number> = {
      ic11: 32,
      ic12: 64,
      ic07: 128,
      ic13: 256,
      ic08: 256,
      ic14: 512,
      ic09: 512,
      ic10: 1024,
    };
    expect(Object.fromEntries(icns.map((entry) => [entry.type, entry.image.width]))).toEqual(
      expected,
    );

    for (const state of STATES) {
      const trayIco = decodeIco(readFileSync(join(ASSETS, `tray/${state}.ico`)));
      expect(trayIco.map((entry) => entry.image.width)).toEqual([16, 20, 24, 32, 40, 48]);
    }
  });
});
