// The SanteDB permission policies a token's scope may list, by OID, with the names SanteDB's own
// administration screens show, so a scope such as …9.2.2.3 reads as "Read Clinical Data".
// Sources: santedb-api PermissionPolicyIdentifiers.cs, the OAuth flow policies of santedb-restsvc
// OAuthConstants.cs, and the default policy table of dev-doc (object identifiers page).

/** The root of SanteDB's permission policies; `encodeScopes` shortens it to `ua`. */
export const SANTEDB_POLICY_ROOT = '1.3.6.1.4.1.33349.3.1.5.9.2';

const ENCODED_ROOT = 'ua';

// Suffixes under SANTEDB_POLICY_ROOT; '' is the root itself.
const namesBySuffix: ReadonlyArray<readonly [suffix: string, name: string]> = [
  ['', 'Unrestricted All'],
  ['.0', 'Unrestricted Administrative Function'],
  ['.0.1', 'Change Password'],
  ['.0.2', 'Create Role'],
  ['.0.3', 'Alter Role'],
  ['.0.4', 'Create Identity'],
  ['.0.4.1', 'Create Local Users'],
  ['.0.5', 'Create Device'],
  ['.0.6', 'Create Application'],
  ['.0.7', 'Administer Concept Dictionary'],
  ['.0.8', 'Alter Identity'],
  ['.0.8.1', 'Alter Local Users'],
  ['.0.9', 'Alter Policy'],
  ['.0.10', 'Administer Data Warehouse'],
  ['.0.11', 'Access Audit Log'],
  ['.0.12', 'Administer Applets'],
  ['.0.13', 'Assign Policy'],
  ['.0.14', 'Unrestricted PubSub Administration'],
  ['.0.14.1', 'Create/Alter PubSub Subscriptions'],
  ['.0.14.2', 'Disable/Enable PubSub Subscriptions'],
  ['.0.14.3', 'Delete PubSub Subscriptions'],
  ['.0.14.4', 'Read PubSub Subscriptions'],
  ['.0.15', 'Alter System Configuration'],
  ['.0.15.1', 'Unrestricted Match Configuration'],
  ['.0.15.1.1', 'Alter Match Configurations'],
  ['.0.15.1.2', 'Disable/Enable Match Configurations'],
  ['.0.15.2', 'Unrestricted Clinical Protocol Configuration'],
  ['.0.15.2.0', 'Create Clinical Protocol'],
  ['.0.15.2.1', 'Alter Clinical Protocol'],
  ['.0.15.2.2', 'Delete Clinical Protocol'],
  ['.0.16', 'Unrestricted Dispatcher Queue'],
  ['.0.17', 'Administer Internal Mail / Messages'],
  ['.0.18', 'Manage System Backups'],
  ['.0.18.1', 'Create System Backup (Private or Public)'],
  ['.0.18.1.1', 'Create Private System Backup'],
  ['.0.19', 'Unrestricted Security Certificate Management'],
  ['.0.19.1', 'Issue New Certificates'],
  ['.0.19.2', 'Revoke Certificates'],
  ['.0.19.3', 'Assign Certificate to Security Identity'],
  ['.0.20', 'Manage Foreign Data'],
  // Named here in our own words: the source gives only identifiers for these.
  ['.0.21', 'Unrestricted Service Logs'],
  ['.0.21.1', 'Read Service Logs'],
  ['.0.21.2', 'Delete Service Logs'],
  ['.0.22', 'Unrestricted System Job Management'],
  ['.0.22.0', 'Read System Jobs'],
  ['.0.22.1', 'Start System Job'],
  ['.0.22.2', 'Alter System Job Schedule'],
  ['.0.22.3', 'Register System Job'],
  ['.1', 'Login'],
  ['.1.0', 'Login as a Service'],
  ['.1.0.0', 'OAuth Login'],
  ['.1.0.0.1', 'OAuth client_credentials flow'],
  ['.1.0.0.1.0', 'OAuth client_credentials flow without device credentials'],
  ['.1.0.0.2', 'OAuth password flow'],
  ['.1.0.0.2.0', 'OAuth password flow without device credentials'],
  ['.1.0.0.3', 'OAuth authorization code flow'],
  ['.1.0.0.3.0', 'OAuth authorization code flow without device credentials'],
  ['.1.0.0.4', 'OAuth password reset grant'],
  ['.1.0.0.4.0', 'OAuth password reset grant without device credentials'],
  ['.1.0.1', 'Login for Password Reassignment'],
  ['.1.0.2', 'Allow Impersonation of Application'],
  ['.2', 'Unrestricted Clinical Data'],
  ['.2.0', 'Query Clinical Data'],
  ['.2.1', 'Write Clinical Data'],
  ['.2.2', 'Delete Clinical Data'],
  ['.2.3', 'Read Clinical Data'],
  ['.2.4', 'Export Clinical Data'],
  ['.2.5', 'Elevate Clinical Data'],
  ['.2.6', 'Unrestricted Administrative Acts'],
  ['.2.6.1', 'Write Administrative Acts'],
  ['.2.6.2', 'Read Administrative Acts'],
  ['.4', 'Unrestricted Metadata'],
  ['.4.0', 'Read Metadata'],
  // SanteDB derives the read and query variants from Read Metadata (…4.0.x), not from …4.x.
  ['.4.0.1.2', 'Read Materials'],
  ['.4.0.1.3', 'Query Materials'],
  ['.4.0.2.2', 'Read Places & Orgs'],
  ['.4.0.2.3', 'Query Places & Orgs'],
  ['.4.1.0', 'Write Materials'],
  ['.4.1.1', 'Delete Materials'],
  ['.4.2.0', 'Write Places & Orgs'],
  ['.4.2.1', 'Delete Places & Orgs'],
  ['.5', 'Unrestricted Data Warehouse'],
  ['.5.0', 'Write Warehouse Data'],
  ['.5.1', 'Delete Warehouse Data'],
  ['.5.2', 'Read Warehouse Data'],
  ['.5.3', 'Query Warehouse Data'],
  ['.6', 'Unrestricted MDM'],
  ['.6.1', 'Write MDM Master'],
  ['.6.2', 'Read MDM Locals'],
  ['.6.3', 'Merge MDM Master'],
  ['.6.4', 'Establish MDM Record of Truth'],
  ['.6.4.1', 'Edit Existing MDM Record of Truth'],
  ['.10', 'Access Client Administrative Function'],
  ['.500', 'Export CDR Data'],
  ['.600', 'Special Security Elevation'],
  ['.600.1', 'Change Security Challenge Question'],
  ['.900', 'Login at Any Facility'],
  ['.999', 'Override Disclosure'],
];

/** Every known SanteDB policy: OID to name. */
export const santedbPolicies: ReadonlyMap<string, string> = new Map(
  namesBySuffix.map(([suffix, name]) => [`${SANTEDB_POLICY_ROOT}${suffix}`, name]),
);

/** The SanteDB name of a policy OID (plain or `ua.`-encoded), or undefined when unknown. */
export function policyName(oid: string): string | undefined {
  return santedbPolicies.get(expandPolicyScope(oid));
}

/** Undo SanteDB's `encodeScopes` shortening: `ua.2.3` becomes `1.3.6.1.4.1.33349.3.1.5.9.2.2.3`. */
export function expandPolicyScope(scope: string): string {
  if (scope === ENCODED_ROOT) {
    return SANTEDB_POLICY_ROOT;
  }
  if (scope.startsWith(`${ENCODED_ROOT}.`)) {
    return `${SANTEDB_POLICY_ROOT}${scope.slice(ENCODED_ROOT.length)}`;
  }
  return scope;
}
