// Who is calling the token endpoint (santedb-auth.md §2.3, §3). 3.x reads the device from
// `Authorization: Basic` or the TLS client certificate; 2.x read it from X-Device-Authorization
// and took `Authorization: Basic` as the application, ignoring its failures.
import { headerValue } from './context';
import type { RequestContext } from './context';
import { findApplication, findDevice } from './directory';
import type { ApplicationRecord, DeviceRecord } from './directory';
import { OAuthFailure, sessionMessages } from './failures';
import type { FormFields } from './form';
import { isLive } from './sessions';

const INVALID_DEVICE = 'Invalid device account or secret';
const INVALID_APPLICATION = 'Invalid application identifier or secret';

export interface CallerNode {
  device?: DeviceRecord;
  /** The device came from a Basic header, which stores its secret as "symm_secret" (E9). */
  fromBasicHeader: boolean;
}

/** 3.x: the device from `Authorization: Basic`, else from an authorized client certificate. */
export function authenticateNodeV3(context: RequestContext): CallerNode {
  const authorization = headerValue(context, 'authorization');
  if (authorization?.toLowerCase().startsWith('basic')) {
    // SanteDB drops exactly six characters: "Basic " with one space.
    return { device: authenticateDevice(authorization.slice(6)), fromBasicHeader: true };
  }
  if (authorization !== undefined) {
    rejectStaleBearer(context, authorization);
  }
  return { device: deviceFromCertificate(context), fromBasicHeader: false };
}

/** 2.x: the device from X-Device-Authorization (`basic ` in any case), else the certificate. */
export function authenticateNodeV2(context: RequestContext): CallerNode {
  const deviceHeader = headerValue(context, 'x-device-authorization');
  const authorization = headerValue(context, 'authorization');
  if (authorization !== undefined && !authorization.toLowerCase().startsWith('basic')) {
    rejectStaleBearer(context, authorization);
  }
  if (deviceHeader?.toLowerCase().startsWith('basic ')) {
    return { device: authenticateDevice(deviceHeader.slice(6)), fromBasicHeader: false };
  }
  return { device: deviceFromCertificate(context), fromBasicHeader: false };
}

/** 2.x: `Authorization: Basic` as application credentials; any failure is silently ignored. */
export function applicationFromBasicV2(context: RequestContext): ApplicationRecord | undefined {
  const authorization = headerValue(context, 'authorization');
  if (!authorization?.toLowerCase().startsWith('basic ')) {
    return undefined;
  }
  const pair = decodeBasicPair(authorization.slice(6));
  const application = pair ? findApplication(pair[0]) : undefined;
  return application && pair && application.secret === pair[1] ? application : undefined;
}

/**
 * 3.x application resolution: by secret when one is sent, else on behalf of the device. The
 * secret check throws outside any handler, hence a 401 rather than an OAuth error.
 */
export function resolveApplication(
  form: FormFields,
  device: DeviceRecord | undefined,
): ApplicationRecord | undefined {
  const clientId = form.client_id;
  if (!clientId) {
    return undefined;
  }
  if (form.client_secret !== undefined) {
    return authenticateApplication(clientId, form.client_secret);
  }
  return device ? findKnownApplication(clientId) : undefined;
}

export function authenticateApplication(clientId: string, secret: string): ApplicationRecord {
  const application = findApplication(clientId);
  if (!application || application.secret !== secret) {
    throw OAuthFailure.thrown('authentication', INVALID_APPLICATION);
  }
  return application;
}

export function findKnownApplication(clientId: string): ApplicationRecord {
  const application = findApplication(clientId);
  if (!application) {
    throw OAuthFailure.thrown('authentication', INVALID_APPLICATION);
  }
  return application;
}

function authenticateDevice(encoded: string): DeviceRecord {
  const pair = decodeBasicPair(encoded);
  if (!pair) {
    throw OAuthFailure.thrown('security', 'Malformed HTTP Basic Header');
  }

  const device = findDevice(pair[0]);
  if (!device || device.secret !== pair[1]) {
    throw OAuthFailure.thrown('authentication', INVALID_DEVICE);
  }
  if (device.lockedUntil) {
    throw OAuthFailure.thrown(
      'authentication',
      `Device account is locked until ${device.lockedUntil}`,
    );
  }
  return device;
}

function decodeBasicPair(encoded: string): [string, string] | undefined {
  const parts = Buffer.from(encoded.trim(), 'base64').toString('utf8').split(':');
  return parts.length === 2 && parts[0] ? [parts[0], parts[1] ?? ''] : undefined;
}

function deviceFromCertificate(context: RequestContext): DeviceRecord | undefined {
  const certificate = context.clientCertificate;
  if (!certificate) {
    return undefined;
  }
  if (!certificate.authorized) {
    throw OAuthFailure.thrown('authentication', 'The client certificate is not trusted');
  }

  const device = certificate.commonName ? findDevice(certificate.commonName) : undefined;
  if (!device) {
    throw OAuthFailure.thrown('authentication', 'No device is registered for this certificate');
  }
  return device;
}

/** A bearer token on the token endpoint is resolved first; a dead one fails the request. */
function rejectStaleBearer(context: RequestContext, authorization: string): void {
  const [scheme, token] = authorization.split(' ');
  if (scheme?.toLowerCase() !== 'bearer') {
    return;
  }

  const lookup = context.sessions.lookupAccessToken(token ?? '');
  if (lookup.kind === 'garbled') {
    throw OAuthFailure.thrown('security', sessionMessages.invalid);
  }
  if (lookup.kind === 'unknown' || !isLive(lookup.session, context.now())) {
    throw OAuthFailure.thrown('session-expired', sessionMessages.expired);
  }
}
