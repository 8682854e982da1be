// One live region for the outcome of every action, so screen readers hear "copied" or the
// error, and sighted users see it in the same place at the bottom of the window.
import { el } from './dom';

export interface Announcer {
  element: HTMLElement;
  info(message: string): void;
  error(message: string): void;
}

/** How long a confirmation stays; errors stay until the next message. */
const INFO_VISIBLE_MS = 6000;

export function createAnnouncer(): Announcer {
  const text = el('span', { attrs: { 'data-testid': 'announcement' } });
  const element = el(
    'div',
    { className: 'announcer', attrs: { role: 'status', 'aria-live': 'polite' } },
    [text],
  );
  element.hidden = true;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const show = (message: string, tone: 'info' | 'error'): void => {
    clearTimeout(timer);
    text.textContent = message;
    element.dataset.tone = tone;
    element.hidden = false;
    if (tone === 'info') {
      timer = setTimeout(() => {
        element.hidden = true;
      }, INFO_VISIBLE_MS);
    }
  };

  return {
    element,
    info: (message) => show(message, 'info'),
    error: (message) => show(message, 'error'),
  };
}
