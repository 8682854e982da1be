// The promise-based clipboard of Electron 44+ (https://www.electronjs.org/docs/latest/api/clipboard):
// `write` takes ClipboardItems whose keys are MIME types or `electron …` custom formats and
// commits them in one go; `selection` exists on Linux only and is independent of the clipboard.
import { world } from './world';

type Payload = string | Blob | Promise<string | Blob>;

export class StandInClipboardItem {
  readonly #items: Record<string, Payload>;

  constructor(items: Record<string, Payload>) {
    this.#items = { ...items };
  }
  get types(): string[] {
    return Object.keys(this.#items);
  }
  async getType(type: string): Promise<Blob> {
    if (!(type in this.#items)) {
      throw new Error(`The type '${type}' was not found`);
    }
    const value = await this.#items[type];
    return typeof value === 'string' ? new Blob([value]) : (value as Blob);
  }
}

/** What one clipboard holds: each format's bytes, as the OS would keep them. */
export class StandInClipboardContents {
  formats = new Map<string, Buffer>();
  /** Every write, format names only, so a test can see what went out together. */
  readonly writes: string[][] = [];

  async writeText(text: string): Promise<void> {
    this.formats = new Map([['text/plain', Buffer.from(text, 'utf8')]]);
    this.writes.push(['text/plain']);
  }
  async readText(): Promise<string> {
    return this.formats.get('text/plain')?.toString('utf8') ?? '';
  }
  async write(items: StandInClipboardItem[]): Promise<void> {
    const next = new Map<string, Buffer>();
    for (const item of items) {
      if (!(item instanceof StandInClipboardItem)) {
        throw new TypeError('clipboard.write expects ClipboardItem instances');
      }
      for (const type of item.types) {
        const blob = await item.getType(type);
        next.set(type, Buffer.from(await blob.arrayBuffer()));
      }
    }
    this.formats = next;
    this.writes.push([...next.keys()]);
  }
  async read(): Promise<StandInClipboardItem[]> {
    const entries = [...this.formats].map(([type, bytes]) => [type, new Blob([bytes])] as const);
    return entries.length === 0 ? [] : [new StandInClipboardItem(Object.fromEntries(entries))];
  }
  async has(mimetype: string): Promise<boolean> {
    return this.formats.has(mimetype);
  }
  clear(): void {
    this.formats = new Map();
  }
  /** Test control: the user (or another app) copied something else. */
  userCopies(text: string): void {
    this.formats = new Map([['text/plain', Buffer.from(text, 'utf8')]]);
  }
}

const system = new StandInClipboardContents();
const selection = new StandInClipboardContents();

export const clipboardState = { system, selection };

export const clipboard = {
  writeText: (text: string) => system.writeText(text),
  readText: () => system.readText(),
  write: (items: StandInClipboardItem[]) => system.write(items),
  read: () => system.read(),
  has: (mimetype: string) => system.has(mimetype),
  clear: () => system.clear(),
  get selection(): StandInClipboardContents | undefined {
    return world.platform === 'linux' ? selection : undefined;
  },
};

export function resetClipboard(): void {
  for (const contents of [system, selection]) {
    contents.formats = new Map();
    contents.writes.length = 0;
  }
}
