// Element builders for the whole renderer. Data only ever reaches the page as text nodes or
// attribute values, never as markup, because claim values and server messages are untrusted.

type Child = Node | string | false | null | undefined;

export interface ElementOptions {
  className?: string;
  text?: string;
  attrs?: Record<string, string | boolean | undefined>;
  on?: { [Type in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[Type]) => void };
}

/** Create an element; strings among the children become text nodes. */
export function el<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  options: ElementOptions = {},
  children: Child[] = [],
): HTMLElementTagNameMap[Tag] {
  const element = document.createElement(tag);
  if (options.className) {
    element.className = options.className;
  }
  if (options.text !== undefined) {
    element.textContent = options.text;
  }
  setAttributes(element, options.attrs ?? {});
  for (const [type, listener] of Object.entries(options.on ?? {})) {
    element.addEventListener(type, listener as EventListener);
  }
  append(element, children);
  return element;
}

export function setAttributes(
  element: Element,
  attrs: Record<string, string | boolean | undefined>,
): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) {
      element.removeAttribute(name);
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === false || child === null || child === undefined) {
      continue;
    }
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replace everything inside `parent`. */
export function replace(parent: Element, children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) {
    throw new Error(`The page has no element #${id}`);
  }
  return element as T;
}

let nextId = 0;

/** A page-unique id for pairing labels, hints and errors with their controls. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

export function button(
  label: string,
  onClick: () => void,
  options: { className?: string; attrs?: ElementOptions['attrs'] } = {},
): HTMLButtonElement {
  return el('button', {
    className: options.className ?? 'button',
    text: label,
    attrs: { type: 'button', ...options.attrs },
    on: { click: () => onClick() },
  });
}

/**
 * Rebuild a region without losing the keyboard user's place: a control marked with
 * `data-focus-key` that had focus gets it back in the new content.
 */
export function keepFocus(region: Element, rebuild: () => void): void {
  const focused = document.activeElement;
  const key = region.contains(focused) ? (focused as HTMLElement).dataset.focusKey : undefined;
  rebuild();
  if (key) {
    region.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
  }
}

/** A URL as text that may wrap after a "/", so a long endpoint breaks between its parts. */
export function breakableUrl(url: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  url.split(/(?<=\/)/).forEach((part, index) => {
    if (index > 0) {
      fragment.append(document.createElement('wbr'));
    }
    fragment.append(document.createTextNode(part));
  });
  return fragment;
}
