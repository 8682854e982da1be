// The clipboard port on Electron's promise-based clipboard (Electron 44+). A token goes to the
// system clipboard only, never the Linux primary selection, together with the marker clipboard
// managers read as "a password manager copied this, do not keep it" — written in the same
// `clipboard.write` call, which commits every format at once. What is and is not verified about
// these markers is in docs/clipboard-sensitivity.md.
import { clipboard, ClipboardItem } from 'electron';

import type { ClipboardPort } from '../app/ports';
import type { Logger } from '../core/logger';

/** Electron's custom format for a raw, platform-named clipboard format. */
export function rawFormat(name: string): string {
  return `electron application/osclipboard;format="${name}"`;
}

/**
 * Per platform, the formats that mark the copy as sensitive:
 * Windows: https://learn.microsoft.com/windows/win32/dataxchg/clipboard-formats#cloud-clipboard-and-clipboard-history-formats
 * macOS: http://nspasteboard.org/ ; Linux: the KDE hint many managers honour.
 */
export function sensitivityMarkers(platform: NodeJS.Platform): Record<string, string> {
  // Windows and macOS look only at the presence of the format; the payload is not read. It is
  // not empty all the same, in case a platform writer drops zero-length data.
  switch (platform) {
    case 'win32':
      return { [rawFormat('ExcludeClipboardContentFromMonitorProcessing')]: 'secret' };
    case 'darwin':
      return { [rawFormat('org.nspasteboard.ConcealedType')]: 'secret' };
    default:
      return { [rawFormat('x-kde-passwordManagerHint')]: 'secret' };
  }
}

export function createElectronClipboard(platform: NodeJS.Platform, logger: Logger): ClipboardPort {
  const markers = sensitivityMarkers(platform);

  return {
    async writeSensitive(text) {
      try {
        await clipboard.write([new ClipboardItem({ 'text/plain': text, ...markers })]);
      } catch (error) {
        // The copy itself matters more than the marker: fall back to plain text, and say so.
        logger.warn('the clipboard refused the sensitivity marker; copied without it', {
          error: error instanceof Error ? error.name : typeof error,
        });
        await clipboard.writeText(text);
      }
    },
    readText: () => clipboard.readText(),
    async clear() {
      clipboard.clear();
    },
  };
}
