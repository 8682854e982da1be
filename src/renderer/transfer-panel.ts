// Import and export of profiles. Export shows the JSON main produced (it holds no secret) with a
// way to save it as a file; import reads a file main opened with its native dialog.
import type { TokenTrayApi } from '../shared/ipc-contract';

import type { Announcer } from './announcer';
import { settle } from './api';
import { button, el } from './dom';

export class TransferPanel {
  readonly element: HTMLElement;
  readonly #api: TokenTrayApi;
  readonly #announce: Announcer;
  readonly #output = el('textarea', {
    className: 'mono export-text',
    attrs: {
      readonly: true,
      rows: '8',
      id: 'export-json',
      'data-testid': 'export-json',
      spellcheck: 'false',
    },
  });
  readonly #download = el('a', {
    className: 'button small',
    text: 'Save as file…',
    attrs: { download: 'token-tray-profiles.json' },
  });
  readonly #exported: HTMLElement;
  #objectUrl: string | undefined;

  constructor(deps: { api: TokenTrayApi; announce: Announcer }) {
    this.#api = deps.api;
    this.#announce = deps.announce;
    this.#exported = el('div', { className: 'export' }, [
      el('label', { text: 'Exported profiles (no secrets)', attrs: { for: this.#output.id } }),
      this.#output,
      el('div', { className: 'row-actions' }, [
        this.#download,
        button('Close', () => this.#hideExport(), { className: 'button small quiet' }),
      ]),
    ]);
    this.#exported.hidden = true;
    this.element = el('div', { className: 'transfer' }, [
      el('div', { className: 'row-actions' }, [
        button('Import…', () => void this.#import(), { className: 'button small' }),
        button('Export…', () => void this.#export(), { className: 'button small' }),
      ]),
      this.#exported,
    ]);
  }

  #hideExport(): void {
    this.#exported.hidden = true;
    this.#output.value = '';
    if (this.#objectUrl) {
      URL.revokeObjectURL(this.#objectUrl);
      this.#objectUrl = undefined;
    }
  }

  async #export(): Promise<void> {
    const result = await settle(() => this.#api.exportProfiles());
    if (!result.ok) {
      this.#announce.error(result.message);
      return;
    }

    this.#hideExport();
    this.#output.value = result.value.json;
    this.#objectUrl = URL.createObjectURL(
      new Blob([result.value.json], { type: 'application/json' }),
    );
    this.#download.href = this.#objectUrl;
    this.#exported.hidden = false;
    this.#output.focus();
    this.#output.select();
    this.#announce.info(`${result.value.count} profile(s) exported. Secrets are not included.`);
  }

  async #import(): Promise<void> {
    const chosen = await settle(() => this.#api.chooseFile('import'));
    if (!chosen.ok) {
      this.#announce.error(chosen.message);
      return;
    }
    const text = chosen.value.text;
    if (text === undefined) {
      return;
    }

    const result = await settle(() => this.#api.importProfiles(text));
    if (!result.ok) {
      this.#announce.error(`Nothing was imported. ${result.message}`);
      return;
    }
    this.#announce.info(
      `${result.value.imported} profile(s) imported. Open each one to enter its secrets.`,
    );
  }
}
