// Sleep, wake and the lock screen. Timers do not count suspended time, so on wake every deadline
// is re-checked against the wall clock (https://github.com/nodejs/node/issues/13168); a token
// on the clipboard is taken off before the screen locks or the machine sleeps. powerMonitor may
// only be used after `ready` (https://github.com/electron/electron/issues/32576).
import { powerMonitor } from 'electron';

import type { ClearReason } from '../app/clipboard-guard';
import type { Logger } from '../core/logger';

export interface PowerTargets {
  recheckAll(reason: string): void;
  clearClipboard(reason: ClearReason): Promise<unknown>;
  logger: Logger;
}

export function setupPowerEvents(targets: PowerTargets): void {
  const recheck = (reason: string) => () => {
    targets.logger.info(`system ${reason}: re-checking every session`);
    targets.recheckAll(reason);
  };
  const clear = (reason: 'lock-screen' | 'suspend') => () => {
    targets.clearClipboard(reason).catch((error: unknown) => {
      targets.logger.warn(`the clipboard could not be cleared on ${reason}`, {
        error: error instanceof Error ? error.name : typeof error,
      });
    });
  };
  powerMonitor.on('resume', recheck('resume'));
  powerMonitor.on('unlock-screen', recheck('unlock-screen'));
  powerMonitor.on('lock-screen', clear('lock-screen'));
  powerMonitor.on('suspend', clear('suspend'));
}
