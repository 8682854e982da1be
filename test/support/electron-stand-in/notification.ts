// Main-process notifications (https://www.electronjs.org/docs/latest/api/notification). The
// stand-in keeps every instance so a test can count them and click one.
import { EventEmitter } from 'node:events';

import { createEvent, world } from './world';

const notifications: StandInNotification[] = [];

export class StandInNotification extends EventEmitter {
  shown = false;
  closed = false;

  constructor(readonly options: { title?: string; body?: string; silent?: boolean } = {}) {
    super();
    notifications.push(this);
  }

  static isSupported(): boolean {
    return world.notificationsSupported;
  }
  static get instances(): StandInNotification[] {
    return notifications;
  }

  get title(): string {
    return this.options.title ?? '';
  }
  get body(): string {
    return this.options.body ?? '';
  }

  show(): void {
    this.shown = true;
    this.emit('show', createEvent());
  }
  close(): void {
    this.closed = true;
    this.emit('close', createEvent());
  }

  /** Test control: the user clicked the notification. */
  simulateClick(): void {
    this.emit('click', createEvent());
  }
}

export function resetNotifications(): void {
  notifications.length = 0;
}
