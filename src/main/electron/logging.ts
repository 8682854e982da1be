// The app's log file, in the OS logs folder (app.getPath('logs')). Every line goes through the
// core logger, so the redaction pass runs before anything reaches the file. electron-log's Node
// entry is used rather than its Electron one, which would register IPC channels of its own.
import { join } from 'node:path';

import { shell } from 'electron';
import log from 'electron-log/node';

import { createLogger, type Logger, type LogSink } from '../core/logger';

export const OPEN_LOGS_FLAG = '--open-logs';

export interface Logging {
  /** A logger whose lines carry `[scope]`. */
  scoped(scope: string): Logger;
  readonly logsDir: string;
  openLogs(): Promise<void>;
}

export interface LoggingOptions {
  logsDir: string;
  packaged: boolean;
  /** Replaces the file (tests); the lines it gets are already redacted. */
  sink?: LogSink;
}

export function setupLogging(options: LoggingOptions): Logging {
  const sink = options.sink ?? fileSink(options.logsDir, options.packaged);
  const logging: Logging = {
    logsDir: options.logsDir,
    scoped: (scope) => createLogger(sink, scope),
    async openLogs() {
      const failure = await shell.openPath(options.logsDir);
      if (failure) {
        logging.scoped('logging').warn('the logs folder could not be opened', { failure });
      }
    },
  };
  return logging;
}

function fileSink(logsDir: string, packaged: boolean): LogSink {
  const fileLog = log.create({ logId: 'santedb-token-tray' });
  fileLog.transports.file.resolvePathFn = () => join(logsDir, 'main.log');
  fileLog.transports.file.level = packaged ? 'info' : 'debug';
  fileLog.transports.file.format = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{level}] {text}';
  fileLog.transports.console.level = packaged ? false : 'info';
  return (level, line) => fileLog[level](line);
}

export function wantsLogsOpened(argv: readonly string[]): boolean {
  return argv.includes(OPEN_LOGS_FLAG);
}
