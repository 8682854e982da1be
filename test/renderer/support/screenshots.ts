// Pictures of the window for people to look at, light and dark: written to
// test-output/screenshots on every run, and to docs/screenshots for the README when
// UPDATE_DOCS_SCREENSHOTS=1.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Page } from 'playwright-core';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const outputDir = join(repoRoot, 'test-output', 'screenshots');
const docsDir = join(repoRoot, 'docs', 'screenshots');
const updateDocs = process.env.UPDATE_DOCS_SCREENSHOTS === '1';

/** Light and dark pictures of what the page shows now; returns the files written. */
export async function shoot(page: Page, name: string): Promise<string[]> {
  mkdirSync(outputDir, { recursive: true });
  if (updateDocs) {
    mkdirSync(docsDir, { recursive: true });
  }
  const files: string[] = [];
  // No hover highlight on whatever was clicked last.
  await page.mouse.move(0, 0);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const file = join(outputDir, `${name}-${colorScheme}.png`);
    await page.screenshot({ path: file });
    if (updateDocs) {
      copyFileSync(file, join(docsDir, `${name}-${colorScheme}.png`));
    }
    files.push(file);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return files;
}

/** Whether the page fits the window's width, with no sideways scrolling. */
export async function fitsTheWindow(page: Page): Promise<boolean> {
  return page.evaluate<boolean>(
    'document.documentElement.scrollWidth <= document.documentElement.clientWidth',
  );
}
