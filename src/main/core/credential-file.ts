// Reads a certificate, key or CA file named by a profile. A profile may come from an imported
// file, so the path is not trusted: only a small, regular, local file is read. A FIFO would
// block the read forever, a device such as /dev/zero would fill memory, and a network path
// would make the OS authenticate to whoever serves it.
/** Larger than any certificate chain or key a token request needs. */
export const MAX_CREDENTIAL_FILE_BYTES = 1_048_576;

export type CredentialFileProblem = 'ENOTREG' | 'EFBIG' | 'EREMOTE';

export const credentialFileProblems: Record<CredentialFileProblem, string> = {
  ENOTREG: 'it is not a regular file',
  EFBIG: `it is larger than ${MAX_CREDENTIAL_FILE_BYTES / 1_048_576} MB, too large for a certificate or key`,
  EREMOTE: 'network paths are not read: copy the file to this computer',
};

export async function readCredentialFile(path: string): Promise<Buffer> {
  if (/^(\\\\|\/\/)/.test(path)) {
    throw problem('EREMOTE');
  }
  // Loaded on first use: most profiles name no file, and the CLI starts faster without it.
  const { readFile, stat } = process.getBuiltinModule('node:fs/promises');
  const stats = await stat(path);
  if (!stats.isFile()) {
    throw problem('ENOTREG');
  }
  if (stats.size > MAX_CREDENTIAL_FILE_BYTES) {
    throw problem('EFBIG');
  }
  const content = await readFile(path);
  // The file may have grown between the two calls.
  if (content.length > MAX_CREDENTIAL_FILE_BYTES) {
    throw problem('EFBIG');
  }
  return content;
}

function problem(code: CredentialFileProblem): Error {
  return Object.assign(new Error(credentialFileProblems[code]), { code });
}
