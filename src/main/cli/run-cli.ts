// The CLI's flow: arguments, then a profile, then one acquisition, then output. Every outcome
// is an exit code; stdout is written only on success, stderr gets one line per problem.
import type { Clock } from '../core/clock';
import { isTokenError } from '../core/errors';

import { parseArguments } from './arguments';
import type { CliCommand } from './arguments';
import { givenNodeAuth } from './cli-wording';
import type { GivenNodeAuth } from './cli-wording';
import { ExitCode, exitCodeFor } from './exit-codes';
import type { ExitCodeValue } from './exit-codes';
import { formatInternalError, formatTokenError, formatUsageError } from './output';
import { UsageError, usageText } from './usage';

export interface CliEnvironment {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  clock: Clock;
  version: string;
  writeStdout(text: string): void;
  writeStderr(text: string): void;
}

export async function runCli(cli: CliEnvironment): Promise<ExitCodeValue> {
  // Set once the arguments are read: an error's advice speaks of the node authentication given.
  let given: GivenNodeAuth | undefined;
  try {
    const command = parseArguments(cli.argv);
    if (command.kind === 'run') {
      given = givenNodeAuth(command.options);
    }
    return await run(cli, command);
  } catch (error) {
    if (error instanceof UsageError) {
      cli.writeStderr(formatUsageError(error.message));
      return ExitCode.usage;
    }
    if (isTokenError(error)) {
      cli.writeStderr(formatTokenError(error, given));
      return exitCodeFor(error);
    }
    cli.writeStderr(formatInternalError(error));
    return ExitCode.unexpected;
  }
}

async function run(cli: CliEnvironment, command: CliCommand): Promise<ExitCodeValue> {
  if (command.kind === 'help') {
    cli.writeStdout(usageText);
    return ExitCode.ok;
  }
  if (command.kind === 'version') {
    cli.writeStdout(`santedb-token ${cli.version}\n`);
    return ExitCode.ok;
  }

  // Loaded on demand so that --help and --version evaluate neither the profile schema nor the
  // token client.
  const { profileFromArguments } = await import('./profile-from-args');
  const { profile, vault } = await profileFromArguments(command.options, cli.env);
  const { acquireOnce } = await import('./acquire-once');
  const token = await acquireOnce(profile, vault, cli.clock);

  const { formatSuccess } = await import('./success-output');
  const { stdout, notes } = formatSuccess(command.format, token, cli.clock.now());
  for (const note of notes) {
    cli.writeStderr(note);
  }
  cli.writeStdout(stdout);
  return ExitCode.ok;
}
