// The example identities of the dev server, the invented values of the "Example exchanges" in
// the SanteDB wire notes. They are public: the tray app's demo profile and the tests share these
// objects, so a change here changes both. Never register them on a real server.

/** The application (OAuth client) that every example signs in as. */
export const exampleApplication = {
  clientId: 'org.example.desktop',
  clientSecret: 'app-Secr3t-EXAMPLE-only',
  id: '6b7f2a10-4c1e-4d55-9a61-2f0e8c3d9b01',
} as const;

/** An application whose client_credentials policy is denied, so it always gets E11 (403). */
export const exampleDeniedApplication = {
  clientId: 'org.example.no-service-login',
  clientSecret: 'denied-Secr3t-EXAMPLE-only',
  id: '0d4e8b62-7a19-4c3f-b5d0-6e2a9f1c7b43',
} as const;

/** The registered node; also the CN of the test client certificate (mTLS device mapping). */
export const exampleDevice = {
  deviceId: 'DESKTOP-NODE-01',
  deviceSecret: 'dev-Secr3t-EXAMPLE-only',
  id: 'a3c5e7f9-1b2d-4e6f-8a9b-0c1d2e3f4a5b',
} as const;

/** A node whose account is locked (E8); the lock lies far in the future so tests never age. */
export const exampleLockedDevice = {
  deviceId: 'LOCKED-NODE-02',
  deviceSecret: 'locked-Secr3t-EXAMPLE-only',
  id: '5e9a1c3b-2d4f-4a6b-8c0d-1e2f3a4b5c6d',
  lockedUntil: '2099-09-01T10:15:00.0000000+00:00',
} as const;

/** The user of the password grant (E12): MFA is required, then a refresh token is issued. */
export const exampleUser = {
  username: 'alice',
  password: 'P@ss-EXAMPLE1',
  mfaCode: '123456',
  id: 'c7d9e1f3-5a6b-4c8d-9e0f-1a2b3c4d5e6f',
  roles: ['USERS', 'CLINICAL_STAFF'],
} as const;

/** A user without MFA, for one-step password sign-in in demos. */
export const exampleUserWithoutMfa = {
  username: 'carol',
  password: 'P@ss-EXAMPLE4',
  id: '9b1d3f5a-7c8e-4a0b-8d2f-4e6a8c0e2b4d',
  roles: ['USERS'],
} as const;

/** A locked user: 400 invalid_grant "This user account is locked until …". */
export const exampleLockedUser = {
  username: 'mallory',
  password: 'P@ss-EXAMPLE2',
  id: '2a4c6e8f-0b1d-4f3a-9c5e-7b9d1f3a5c7e',
  lockedUntil: '2099-09-01T10:15:00.0000000+00:00',
} as const;

/** A user whose password has expired: 400 password_expired. */
export const exampleExpiredPasswordUser = {
  username: 'bob',
  password: 'P@ss-EXAMPLE3',
  id: '4f6a8c0e-2b3d-4e5f-a7b9-c1d3e5f7a9b1',
} as const;

/** The server's HS256 key: signs access tokens, refresh tokens and 3.x id_tokens; in JWKS. */
export const serverSigningKey = {
  kid: 'default',
  secret: 'example-server-hs256-key-0123456789',
} as const;

/** Purpose-of-use keys an override (break-glass) session may name. */
export const examplePurposesOfUse = ['EMERGENCY', 'TREATMENT', 'PUBLICHEALTH'] as const;
