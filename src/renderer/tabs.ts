// The tab bar that switches between the views, with the keyboard behaviour of a tab list:
// arrow keys, Home and End move between tabs, and only the selected tab is in the tab order.
import { el } from './dom';
import type { Store, ViewName } from './store';

const tabs: { view: ViewName; label: string }[] = [
  { view: 'session', label: 'Session' },
  { view: 'profiles', label: 'Profiles' },
  { view: 'settings', label: 'Settings' },
];

export function createTabBar(store: Store): HTMLElement {
  const buttons = tabs.map((tab) =>
    el('button', {
      className: 'tab',
      text: tab.label,
      attrs: {
        type: 'button',
        role: 'tab',
        id: `tab-${tab.view}`,
        'aria-controls': `view-${tab.view}`,
      },
      on: { click: () => store.update({ view: tab.view }) },
    }),
  );

  const onKey = (event: KeyboardEvent): void => {
    const index = buttons.indexOf(event.target as HTMLButtonElement);
    const next = index < 0 ? undefined : nextIndex(event.key, index, buttons.length);
    const tab = next === undefined ? undefined : tabs[next];
    if (next === undefined || !tab) {
      return;
    }
    event.preventDefault();
    store.update({ view: tab.view });
    buttons[next]?.focus();
  };

  const render = (view: ViewName): void => {
    buttons.forEach((tabButton, index) => {
      const selected = tabs[index]?.view === view;
      tabButton.setAttribute('aria-selected', String(selected));
      tabButton.tabIndex = selected ? 0 : -1;
    });
  };

  store.subscribe((state) => render(state.view));
  render(store.get().view);
  return el(
    'nav',
    {
      className: 'tabs',
      attrs: { role: 'tablist', 'aria-label': 'Views' },
      on: { keydown: onKey },
    },
    buttons,
  );
}

function nextIndex(key: string, index: number, count: number): number | undefined {
  switch (key) {
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}
