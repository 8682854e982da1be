// A modal question with two answers, on the native <dialog>: it traps focus, closes on Escape
// (answering no) and returns focus to where it was.
import { el } from './dom';

export function confirmAction(question: {
  title: string;
  detail: string;
  confirm: string;
}): Promise<boolean> {
  const dialog = el('dialog', {
    className: 'dialog',
    attrs: { 'aria-labelledby': 'confirm-title' },
  });
  const previous = document.activeElement as HTMLElement | null;

  return new Promise((resolve) => {
    const finish = (answer: boolean): void => {
      dialog.close();
      dialog.remove();
      previous?.focus();
      resolve(answer);
    };
    const cancel = el('button', {
      className: 'button',
      text: 'Cancel',
      attrs: { type: 'button' },
      on: { click: () => finish(false) },
    });
    const confirm = el('button', {
      className: 'button danger',
      text: question.confirm,
      attrs: { type: 'button' },
      on: { click: () => finish(true) },
    });
    dialog.append(
      el('h2', { text: question.title, attrs: { id: 'confirm-title' } }),
      el('p', { text: question.detail }),
      el('div', { className: 'form-actions' }, [cancel, confirm]),
    );
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
