// The status card: what the session's status means, what to do, and a live countdown. It stays
// in the page between updates and only its text changes, so it ticks without any rebuilding.
import type { SessionView } from '../shared/ipc-contract';

import { startCountdown, type Countdown } from './countdown';
import { button, el, replace } from './dom';
import { formatClock, formatDuration } from './format';
import { explainStatus } from './session-status';

export class StatusCard {
  readonly element: HTMLElement;
  readonly #chip = el('span', { className: 'chip', attrs: { 'data-testid': 'status-chip' } });
  readonly #clock = el('span', { className: 'clock', attrs: { 'data-testid': 'countdown' } });
  readonly #caption = el('span', { className: 'clock-caption' });
  readonly #detail = el('p', {
    className: 'status-detail',
    attrs: { 'data-testid': 'status-detail' },
  });
  readonly #advice = el('p', {
    className: 'status-advice',
    attrs: { 'data-testid': 'status-advice' },
  });
  readonly #warnings = el('ul', { className: 'warnings' });
  readonly #edit: HTMLButtonElement;
  #countdown: Countdown | undefined;
  #session: SessionView | undefined;

  /** `editProfile` opens the profile form: offered when the fix is a change to the profile. */
  constructor(editProfile: (profileId: string) => void) {
    this.#edit = button(
      'Edit profile…',
      () => this.#session && editProfile(this.#session.profileId),
      {
        className: 'button small',
      },
    );
    this.element = el(
      'section',
      { className: 'card status-card', attrs: { 'aria-label': 'Status' } },
      [
        el('div', { className: 'status-line' }, [
          this.#chip,
          el('span', { className: 'clock-box' }, [this.#clock, this.#caption]),
        ]),
        this.#detail,
        this.#advice,
        this.#edit,
        this.#warnings,
      ],
    );
  }

  show(session: SessionView): void {
    this.#session = session;
    this.#countdown?.stop();
    this.#countdown = undefined;
    replace(
      this.#warnings,
      session.warnings.map((warning) => el('li', { text: warning })),
    );
    if (session.expiresAtMs === undefined) {
      this.#paint(Date.now());
      return;
    }
    this.#countdown = startCountdown(
      session.expiresAtMs,
      (_remaining, nowMs) => this.#paint(nowMs),
      {
        visibilityTarget: document,
      },
    );
  }

  dispose(): void {
    this.#countdown?.stop();
  }

  #paint(nowMs: number): void {
    const session = this.#session;
    if (!session) {
      return;
    }
    const explanation = explainStatus(session, nowMs);
    this.#chip.textContent = explanation.label;
    this.#chip.className = `chip chip-${explanation.tone}`;
    this.#chip.dataset.status = explanation.status;
    this.element.dataset.tone = explanation.tone;
    this.#detail.textContent = explanation.detail;
    this.#advice.textContent = explanation.advice ?? '';
    this.#advice.hidden = explanation.advice === undefined;
    this.#edit.hidden = explanation.status !== 'error';
    this.#paintClock(session, nowMs);
  }

  #paintClock(session: SessionView, nowMs: number): void {
    const remaining = session.expiresAtMs === undefined ? undefined : session.expiresAtMs - nowMs;
    const hidden = remaining === undefined || (!session.hasToken && session.status !== 'expired');
    this.#clock.hidden = hidden;
    this.#caption.hidden = hidden;
    if (remaining === undefined) {
      return;
    }
    this.#clock.textContent = formatClock(Math.abs(remaining));
    this.#caption.textContent = remaining > 0 ? 'left' : 'since expiry';
    this.#clock.setAttribute(
      'aria-label',
      remaining > 0
        ? `${formatDuration(remaining)} left`
        : `expired ${formatDuration(-remaining)} ago`,
    );
  }
}
