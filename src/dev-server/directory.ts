// The dev server's identity directory: who may sign in, with which secret, and which policies
// each identity holds. Built from the public example accounts so tests and demo agree.
import {
  exampleApplication,
  exampleDeniedApplication,
  exampleDevice,
  exampleExpiredPasswordUser,
  exampleLockedDevice,
  exampleLockedUser,
  exampleUser,
  exampleUserWithoutMfa,
} from './accounts';

const POLICY_ROOT = '1.3.6.1.4.1.33349.3.1.5.9.2';

/** The OAuth flow policies the token endpoint demands (santedb-auth.md §2.2). */
export const grantPolicies = {
  clientCredentials: `${POLICY_ROOT}.1.0.0.1`,
  clientCredentialsWithoutDevice: `${POLICY_ROOT}.1.0.0.1.0`,
  password: `${POLICY_ROOT}.1.0.0.2`,
} as const;

const loginAsService = `${POLICY_ROOT}.1.0`;
const readClinicalData = `${POLICY_ROOT}.2.3`;
const readMetadata = `${POLICY_ROOT}.4.0`;

/** Every policy the server knows, which is what discovery lists as `scopes_supported`. */
export const knownPolicies: readonly string[] = [
  POLICY_ROOT,
  `${POLICY_ROOT}.0`,
  `${POLICY_ROOT}.1`,
  loginAsService,
  `${POLICY_ROOT}.1.0.1`,
  `${POLICY_ROOT}.1.0.0`,
  grantPolicies.clientCredentials,
  grantPolicies.clientCredentialsWithoutDevice,
  grantPolicies.password,
  `${POLICY_ROOT}.2`,
  readClinicalData,
  readMetadata,
  `${POLICY_ROOT}.999`,
];

export interface ApplicationRecord {
  name: string;
  secret: string;
  id: string;
  /** What `scope=*` expands to. */
  grantedPolicies: readonly string[];
  deniedPolicies: readonly string[];
}

export interface DeviceRecord {
  name: string;
  secret: string;
  id: string;
  lockedUntil?: string;
}

export interface UserRecord {
  name: string;
  password: string;
  id: string;
  roles: readonly string[];
  grantedPolicies: readonly string[];
  mfaCode?: string;
  lockedUntil?: string;
  passwordExpired?: boolean;
}

const servicePolicies = [loginAsService, readClinicalData, readMetadata];
const userPolicies = [`${POLICY_ROOT}.1`, readClinicalData, readMetadata];

const applications: readonly ApplicationRecord[] = [
  {
    name: exampleApplication.clientId,
    secret: exampleApplication.clientSecret,
    id: exampleApplication.id,
    grantedPolicies: servicePolicies,
    deniedPolicies: [],
  },
  {
    name: exampleDeniedApplication.clientId,
    secret: exampleDeniedApplication.clientSecret,
    id: exampleDeniedApplication.id,
    grantedPolicies: servicePolicies,
    deniedPolicies: [grantPolicies.clientCredentials, grantPolicies.clientCredentialsWithoutDevice],
  },
];

const devices: readonly DeviceRecord[] = [
  { name: exampleDevice.deviceId, secret: exampleDevice.deviceSecret, id: exampleDevice.id },
  {
    name: exampleLockedDevice.deviceId,
    secret: exampleLockedDevice.deviceSecret,
    id: exampleLockedDevice.id,
    lockedUntil: exampleLockedDevice.lockedUntil,
  },
];

const users: readonly UserRecord[] = [
  {
    name: exampleUser.username,
    password: exampleUser.password,
    id: exampleUser.id,
    roles: exampleUser.roles,
    grantedPolicies: userPolicies,
    mfaCode: exampleUser.mfaCode,
  },
  {
    name: exampleUserWithoutMfa.username,
    password: exampleUserWithoutMfa.password,
    id: exampleUserWithoutMfa.id,
    roles: exampleUserWithoutMfa.roles,
    grantedPolicies: userPolicies,
  },
  {
    name: exampleLockedUser.username,
    password: exampleLockedUser.password,
    id: exampleLockedUser.id,
    roles: ['USERS'],
    grantedPolicies: userPolicies,
    lockedUntil: exampleLockedUser.lockedUntil,
  },
  {
    name: exampleExpiredPasswordUser.username,
    password: exampleExpiredPasswordUser.password,
    id: exampleExpiredPasswordUser.id,
    roles: ['USERS'],
    grantedPolicies: userPolicies,
    passwordExpired: true,
  },
];

// SanteDB names are case-insensitive on lookup; secrets are not.
export function findApplication(name: string): ApplicationRecord | undefined {
  return applications.find((application) => sameName(application.name, name));
}

export function findDevice(name: string): DeviceRecord | undefined {
  return devices.find((device) => sameName(device.name, name));
}

export function findUser(name: string): UserRecord | undefined {
  return users.find((user) => sameName(user.name, name));
}

function sameName(left: string, right: string): boolean {
  return left.toLowerCase() === right.toLowerCase();
}
