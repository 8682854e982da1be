// Form bodies read the way SanteDB's default dispatch formatter reads them (§2.1): split on '&'
// then '=', take the first two pieces, URL-decode with '+' as space, join repeated keys with
// commas. Its quirks are kept on purpose: a piece without '=' (or a trailing '&') is a crash.
import { OAuthFailure } from './failures';

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

export type FormFields = Record<string, string>;

/** The form of a token or signout request; throws the failure SanteDB would answer with. */
export function readForm(contentType: string | undefined, body: string): FormFields {
  if (contentType === undefined || contentType.trim() === '') {
    throw OAuthFailure.reported('invalid_request', 'request is empty.');
  }
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== FORM_MEDIA_TYPE) {
    throw OAuthFailure.thrown('internal', 'Invalid request format');
  }
  return body === '' ? {} : parseFormBody(body);
}

export function parseFormBody(body: string): FormFields {
  const fields: FormFields = {};
  for (const piece of body.split('&')) {
    const [rawKey, rawValue] = piece.split('=');
    if (rawKey === undefined || rawValue === undefined) {
      throw OAuthFailure.thrown('internal', 'Index was outside the bounds of the array.');
    }
    const key = urlDecode(rawKey);
    const value = urlDecode(rawValue);
    fields[key] = key in fields ? `${fields[key]},${value}` : value;
  }
  return fields;
}

/** Like .NET WebUtility.UrlDecode: '+' is a space and a broken escape is kept as written. */
export function urlDecode(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  return spaced.replace(/(?:%[0-9A-Fa-f]{2})+/g, (escapes) => {
    const bytes = Buffer.from(escapes.replace(/%/g, ''), 'hex');
    return bytes.toString('utf8');
  });
}
