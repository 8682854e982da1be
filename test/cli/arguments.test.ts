// The command-line parser on its own: commands, options and the refusal of secrets.
import { describe, expect, it } from 'vitest';

import { parseArguments } from '../../src/main/cli/arguments';
import { ExitCode, exitCodeFor, exitCodeForError } from '../../src/main/cli/exit-codes';
import { UsageError } from '../../src/main/cli/usage';
import { TokenError } from '../../src/main/core/errors';

function usageMessage(argv: string[]): string {
  try {
    parseArguments(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('parseArguments', () => {
  it('defaults to the token command and reads every option', () => {
    const command = parseArguments([
      '--server=https://sdb.example.org',
      '--client-id',
      'org.example.desktop',
      '--allow-http',
      '--timeout',
      '5',
    ]);

    expect(command).toEqual({
      kind: 'run',
      format: 'token',
      options: expect.objectContaining({
        server: 'https://sdb.example.org',
        clientId: 'org.example.desktop',
        allowHttp: true,
        timeout: '5',
      }),
    });
  });

  it('takes the command from the first positional argument', () => {
    expect(parseArguments(['json', '--client-id', 'x'])).toMatchObject({ format: 'json' });
    expect(parseArguments(['--client-id', 'x', 'header'])).toMatchObject({ format: 'header' });
  });

  it('puts help before everything else', () => {
    expect(parseArguments(['claims', '-h'])).toEqual({ kind: 'help' });
    expect(parseArguments(['--version'])).toEqual({ kind: 'version' });
  });

  it.each([
    ['--client-secret', 'SANTEDB_CLIENT_SECRET'],
    ['--secret', 'SANTEDB_CLIENT_SECRET'],
    ['--password', 'SANTEDB_CLIENT_SECRET'],
    ['--device-secret', 'SANTEDB_DEVICE_SECRET'],
    ['--passphrase', 'SANTEDB_CERT_PASSPHRASE'],
    ['--cert-passphrase', 'SANTEDB_CERT_PASSPHRASE'],
  ])('refuses %s and names %s', (option, variable) => {
    const message = usageMessage(['--client-id', 'x', `${option}=hunter2-value`]);

    expect(message).toContain(variable);
    expect(message).not.toContain('hunter2-value');
  });

  it('does not echo an unknown command, which might be a pasted secret', () => {
    const message = usageMessage(['pasted-secret-value']);
    expect(message).not.toContain('pasted-secret-value');
    expect(message).toContain('token, header, claims or json');
  });

  it.each([
    [['--server', 'https://a.example', '--server', 'https://b.example'], '--server'],
    [['--scope', '*', '--scope=x'], '--scope'],
    [['--allow-http', '--allow-http'], '--allow-http'],
  ])('refuses an option given twice, where the last would silently win: %j', (argv, flag) => {
    expect(usageMessage(argv)).toBe(`${flag} is given more than once: give it once`);
  });

  it('reports a missing option value by option name', () => {
    expect(usageMessage(['--client-id'])).toBe('--client-id needs a value, as in --client-id ID');
  });

  it('words a --timeout whose value looks like an option, where Node says "ambiguous"', () => {
    for (const argv of [['--timeout', '-5'], ['--timeout'], ['--timeout', '--server', 'x']]) {
      expect(usageMessage(argv)).toBe(
        '--timeout needs a number of seconds between 1 and 300, such as --timeout 20',
      );
    }
  });

  it('says how to give a value that starts with a dash', () => {
    expect(usageMessage(['--scope', '-x'])).toBe(
      '--scope needs a value, as in --scope SCOPE; for a value that starts with "-", write --scope=VALUE',
    );
    expect(parseArguments(['--scope=-x'])).toMatchObject({ options: { scope: '-x' } });
  });

  it.each([
    [['--cert', ''], '--cert needs a value, as in --cert FILE'],
    [['--key', ''], '--key needs a value, as in --key FILE'],
    [['--ca', ''], '--ca needs a value, as in --ca FILE'],
    [['--ca='], '--ca needs a value, as in --ca FILE'],
    [['--ca', '  '], '--ca needs a value, as in --ca FILE'],
    [['--device-id', ''], '--device-id needs a value, as in --device-id ID'],
    [['--server='], '--server needs a value, as in --server URL'],
    [['--token-endpoint='], '--token-endpoint needs a value, as in --token-endpoint URL'],
    [['--scope', ''], '--scope needs a value, as in --scope SCOPE'],
    [['--timeout='], '--timeout needs a number of seconds between 1 and 300, such as --timeout 20'],
  ])(
    'reads the empty value of %j as a missing one, not as the current directory',
    (argv, message) => {
      expect(usageMessage(['--client-id', 'x', ...argv])).toBe(message);
    },
  );

  it("names an unknown option plainly, without Node's advice cut mid-quote", () => {
    expect(usageMessage(['--pw', 'x'])).toBe('unknown option --pw');
    expect(usageMessage(['--colour=auto'])).toBe('unknown option --colour');
    expect(usageMessage(['-hq'])).toBe('unknown option -q');
    expect(usageMessage(['-5'])).toBe('unknown option -5');
  });

  it('does not echo an unknown option that does not look like one', () => {
    const message = usageMessage(['--pa$$w0rd!value']);
    expect(message).toBe('unknown option');
  });

  it('refuses a value for a flag', () => {
    expect(usageMessage(['--allow-http=yes'])).toBe('--allow-http takes no value');
  });

  it('leaves everything after "--" to the positionals', () => {
    expect(usageMessage(['--', '--pw'])).toContain('unknown command');
  });
});

describe('exitCodeForError', () => {
  it('gives every engine error code the exit code of its kind', () => {
    const codes = {
      invalid_profile: 2,
      missing_secret: 2,
      secret_unreadable: 2,
      unreadable_file: 2,
      server_refused: 3,
      rate_limited: 3,
      server_error: 3,
      network: 4,
      tls: 4,
      timeout: 4,
      redirect: 5,
      bad_response: 5,
      cancelled: 5,
      storage: 5,
    } as const;
    for (const [code, exitCode] of Object.entries(codes)) {
      expect([code, exitCodeForError(code as keyof typeof codes)]).toEqual([code, exitCode]);
    }
  });

  it('groups error codes into the documented exit codes', () => {
    expect(exitCodeForError('missing_secret')).toBe(ExitCode.usage);
    expect(exitCodeForError('server_refused')).toBe(3);
    expect(exitCodeForError('rate_limited')).toBe(3);
    expect(exitCodeForError('tls')).toBe(4);
    const wrongPassphrase = new TokenError('tls', 'The certificate passphrase is wrong', {
      field: 'secrets.certPassphrase',
    });
    expect(exitCodeFor(wrongPassphrase)).toBe(ExitCode.usage);
    expect(exitCodeFor(new TokenError('tls', 'untrusted', { field: 'caPath' }))).toBe(4);
    expect(exitCodeForError('timeout')).toBe(4);
    expect(exitCodeForError('bad_response')).toBe(5);
    expect(exitCodeForError('redirect')).toBe(5);
  });
});
