// "Choose file…" for the profile form, as a native open dialog over the app window.
import { dialog } from 'electron';

import type { FilePickerPort } from '../app/ports';

const filters: Record<Parameters<FilePickerPort['choose']>[0], Electron.FileFilter[]> = {
  certificate: [
    { name: 'Certificates', extensions: ['p12', 'pfx', 'pem', 'crt', 'cer'] },
    { name: 'All files', extensions: ['*'] },
  ],
  key: [
    { name: 'Private keys', extensions: ['pem', 'key'] },
    { name: 'All files', extensions: ['*'] },
  ],
  ca: [
    { name: 'CA certificates', extensions: ['pem', 'crt', 'cer'] },
    { name: 'All files', extensions: ['*'] },
  ],
  import: [{ name: 'Profile exports', extensions: ['json'] }],
};

export function createFilePicker(): FilePickerPort {
  return {
    async choose(kind) {
      const result = await dialog.showOpenDialog({
        properties: ['openFile'],
        filters: filters[kind],
      });
      return result.canceled ? undefined : result.filePaths[0];
    },
  };
}
