// Durations, clocks and labels as the windows print them.
import { describe, expect, it } from 'vitest';

import {
  formatClock,
  formatDuration,
  formatRelative,
  generationLabel,
  protocolLabel,
} from '../../src/renderer/format';
import { secondsOf } from '../../src/shared/duration';

describe('formatDuration', () => {
  it('reads at a glance at every scale', () => {
    expect(formatDuration(42_400)).toBe('42 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(formatDuration(3_900_000)).toBe('1 h 05 min');
    expect(formatDuration(2 * 86_400_000 + 3 * 3_600_000)).toBe('2 d 3 h');
  });

  it('never prints a negative duration', () => {
    expect(formatDuration(-5000)).toBe('0 s');
  });
});

describe('formatClock', () => {
  it('rounds down, so a token is never shown as lasting longer than it does', () => {
    expect(formatClock(59_999)).toBe('0:59');
    expect(formatClock(3_599_999)).toBe('59:59');
    expect(formatClock(3_723_000)).toBe('1:02:03');
  });
});

describe('formatRelative', () => {
  it('says "in" for the future and "ago" for the past', () => {
    expect(formatRelative(10_000 + 90_000, 10_000)).toBe('in 1 min 30 s');
    expect(formatRelative(10_000, 10_000 + 5000)).toBe('5 s ago');
  });
});

describe('labels', () => {
  it('names every generation and protocol, and says when nothing is detected', () => {
    expect(generationLabel('santedb3')).toBe('SanteDB 3.x');
    expect(generationLabel('santedb2')).toBe('SanteDB 2.x');
    expect(generationLabel('oauth2')).toBe('OAuth 2.0');
    expect(generationLabel(undefined)).toBe('Not detected yet');
    expect(protocolLabel('auto')).toBe('SanteDB, detect 3.x or 2.x');
  });
});

describe('secondsOf', () => {
  it('writes whole seconds plainly and anything else with one decimal', () => {
    expect([10_000, 1000, 1200, 1250, 600, 1999, 20].map(secondsOf)).toEqual([
      '10',
      '1',
      '1.2',
      '1.3',
      '0.6',
      '2',
      '0.1',
    ]);
  });
});
