// The TokenError a promise rejects with; any other outcome fails the test that awaits it.
import { TokenError } from '../../src/main/core/errors';

export async function tokenErrorOf(promise: Promise<unknown>): Promise<TokenError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TokenError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the promise to reject with a TokenError');
}
