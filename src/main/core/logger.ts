// One logger interface for the engine. Every line passes through a redaction pass before it
// reaches a sink, so a secret or token that slipped into a message is masked.
import { redact } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LogSink = (level: LogLevel, line: string) => void;

/** Builds a logger whose sink only ever sees redacted text. */
export function createLogger(sink: LogSink, scope?: string): Logger {
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    const prefix = scope ? `[${scope}] ` : '';
    const suffix = fields && Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : '';
    sink(level, redact(`${prefix}${message}${suffix}`));
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

const ignore = (): void => undefined;

/** Discards everything without building or redacting a line: the engine logs on every request. */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/** A sink for command-line tools: standard error, one line per entry. */
export const stderrSink: LogSink = (level, line) => {
  console.error(`${level}: ${line}`);
};

function safeJson(fields: Record<string, unknown>): string {
  try {
    return JSON.stringify(fields);
  } catch {
    return '[unserialisable fields]';
  }
}
