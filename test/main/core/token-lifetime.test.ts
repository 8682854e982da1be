import { describe, expect, it } from 'vitest';

import { TokenError } from '../../../src/main/core/errors';
import { measureLifetime, readExpiresIn } from '../../../src/main/core/token-lifetime';
import type { LifetimeContext, LifetimeProblem } from '../../../src/main/core/token-lifetime';

const T = Date.UTC(2026, 8, 1, 9, 0, 0);
const context: LifetimeContext = {
  generation: 'santedb3',
  probing: true,
  sentAtMs: T,
  receivedAtMs: T,
};

/** Records which problem the module reported, and with what value. */
function recordingFail() {
  const reported: Array<[LifetimeProblem, string | undefined]> = [];
  const fail = (problem: LifetimeProblem, got?: string): TokenError => {
    reported.push([problem, got]);
    return new TokenError('bad_response', problem);
  };
  return { fail, reported };
}

describe('readExpiresIn', () => {
  it('accepts a numeric string and reports a bad value through the failure it is given', () => {
    const { fail, reported } = recordingFail();

    expect(readExpiresIn({ expires_in: ' 3599 ' }, fail)).toBe(3599);
    expect(readExpiresIn({}, fail)).toBeUndefined();
    expect(() => readExpiresIn({ expires_in: 'soon' }, fail)).toThrow('expires_in:not_a_number');
    expect(reported).toEqual([['expires_in:not_a_number', '"soon"']]);
  });
});

describe('measureLifetime', () => {
  it("reads a 2.x millisecond expires_in while probing and counts from the request's start", () => {
    const { fail, reported } = recordingFail();

    const lifetime = measureLifetime({}, 3_600_000, undefined, context, fail);

    expect(lifetime).toEqual({
      expiresAtMs: T + 3_600_000,
      expiresInSeconds: 3600,
      milliseconds: true,
      warnings: [],
    });
    expect(reported).toEqual([]);
  });

  it('reports a token that expires within 5 seconds as expires_too_soon', () => {
    const { fail, reported } = recordingFail();

    expect(() => measureLifetime({}, 4, undefined, context, fail)).toThrow(TokenError);
    expect(reported).toEqual([['expires_in:expires_too_soon', undefined]]);
  });
});
