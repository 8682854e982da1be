// Small helpers the Electron adapter tests share: a scratch folder per test and a logger that
// keeps its (already redacted) lines so a test can read them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createLogger, type Logger, type LogLevel } from '../../../src/main/core/logger';
import { parseProfile, type Profile, type ProfileInput } from '../../../src/main/core/profile';

const scratch: string[] = [];

export function scratchDir(prefix = 'tray-electron-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

export function removeScratchDirs(): void {
  for (const dir of scratch.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RecordingLogger extends Logger {
  lines: Array<{ level: LogLevel; line: string }>;
  text(): string;
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  const logger = createLogger((level, line) => lines.push({ level, line }));
  return Object.assign(logger, { lines, text: () => lines.map((entry) => entry.line).join('\n') });
}

export function profile(input: Partial<ProfileInput> & { id: string }): Profile {
  const parsed = parseProfile({
    name: input.id,
    protocol: 'santedb3',
    serverRoot: 'https://sdb.example.org:8443',
    clientId: 'org.example.desktop',
    ...input,
  });
  if (!parsed.ok) {
    throw new Error(`test profile invalid: ${JSON.stringify(parsed.issues)}`);
  }
  return parsed.profile;
}
