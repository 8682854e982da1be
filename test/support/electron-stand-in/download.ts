// DownloadItem as the session's `will-download` hands it over
// (https://www.electronjs.org/docs/latest/api/download-item): the save path and the save
// dialog's options can only be set inside that callback; `event.preventDefault()` there cancels
// the download (https://www.electronjs.org/docs/latest/api/session#event-will-download); without
// a save path Electron asks the user with a save dialog, which this stand-in only records.
import { EventEmitter } from 'node:events';

import { createEvent } from './world';

type State = 'progressing' | 'completed' | 'cancelled' | 'interrupted';
type SaveDialogOptions = Record<string, unknown>;

export interface DownloadRequest {
  url: string;
  /** The origin of the frame that started it; '' when not started by web content. */
  initiatorOrigin: string;
  filename?: string;
  mimeType?: string;
}

export class StandInDownloadItem extends EventEmitter {
  readonly #request: DownloadRequest;
  #state: State = 'progressing';
  #savePath = '';
  #dialogOptions: SaveDialogOptions = {};
  #inWillDownload = false;
  /** The save dialog the user would have seen, once the download went ahead without a path. */
  shownSaveDialog: SaveDialogOptions | undefined;

  constructor(request: DownloadRequest) {
    super();
    this.#request = request;
  }

  getURL(): string {
    return this.#request.url;
  }
  getURLChain(): string[] {
    return [this.#request.url];
  }
  getInitiatorOrigin(): string {
    return this.#request.initiatorOrigin;
  }
  getFilename(): string {
    return this.#request.filename ?? '';
  }
  getMimeType(): string {
    return this.#request.mimeType ?? '';
  }
  hasUserGesture(): boolean {
    return true;
  }
  getState(): State {
    return this.#state;
  }

  setSaveDialogOptions(options: SaveDialogOptions): void {
    this.#requireWillDownload('setSaveDialogOptions');
    this.#dialogOptions = { ...options };
  }
  getSaveDialogOptions(): SaveDialogOptions {
    return { ...this.#dialogOptions };
  }
  setSavePath(path: string): void {
    this.#requireWillDownload('setSavePath');
    this.#savePath = path;
  }
  getSavePath(): string {
    return this.#savePath;
  }

  cancel(): void {
    if (this.#state === 'progressing') {
      this.#state = 'cancelled';
      this.emit('done', createEvent(), 'cancelled');
    }
  }

  /** Runs `listeners` as the session's will-download, then what Electron does next. */
  deliver(emitWillDownload: (event: ReturnType<typeof createEvent>) => void): void {
    const event = createEvent();
    this.#inWillDownload = true;
    try {
      emitWillDownload(event);
    } finally {
      this.#inWillDownload = false;
    }
    if (event.defaultPrevented) {
      this.cancel();
      return;
    }
    if (this.#state === 'progressing' && this.#savePath === '') {
      this.shownSaveDialog = this.getSaveDialogOptions();
    }
  }

  #requireWillDownload(api: string): void {
    if (!this.#inWillDownload) {
      throw new Error(`[electron stand-in] ${api} only works inside the will-download callback`);
    }
  }
}
