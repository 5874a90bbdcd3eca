/*
 * The shapes /api/pegase-vault answers. Metadata only: no type here has a field for a
 * secret value, a password or a credential, and none may be added.
 */

/** Severity of a {@link VaultFinding}. @public */
export type VaultFindingSeverity = 'error' | 'warning';

/** Kinds of checks. @public */
export type VaultFindingKind =
  | 'policy-too-broad'
  | 'rotation-overdue'
  | 'shared-service-account'
  | 'dynamic-role-no-max-ttl'
  | 'missing-role';

/** One check that failed. @public */
export interface VaultFinding {
  kind: VaultFindingKind;
  severity: VaultFindingSeverity;
  /** The object at fault (policy name, role name, serviceAccount...). */
  subject: string;
  /** English explanation; the frontend renders its own translated text from `kind` and `params`. */
  message: string;
  /** Values used in the message (e.g. `{ path: '*', capability: 'sudo' }`). */
  params: Record<string, string | number>;
  /** Link into the Vault UI, when the object exists there. */
  uiUrl?: string;
}

/** An error of one part of a view (the other parts still answer). @public */
export interface VaultPartError {
  /** `sealed`, `forbidden`, `token-expired`, `timeout`, `not-found`, `unreachable`, `tls`, `refused`, `no-cluster`, `error`. */
  code: string;
  message: string;
  /** Upstream HTTP status, when there was one. */
  status?: number;
}

/** A part of a view that answered. @public */
export interface VaultPartData<T> {
  data: T;
  error?: undefined;
}

/** A part of a view that failed: why it is missing. @public */
export interface VaultPartFailure {
  data?: undefined;
  error: VaultPartError;
}

/**
 * A part of a view: its data, or why it is missing (discriminated by
 * `error`; see {@link isVaultPartFailure}).
 * @public
 */
export type VaultPart<T> = VaultPartData<T> | VaultPartFailure;

/** True when a part of a view failed. @public */
export function isVaultPartFailure(
  part: VaultPart<unknown>,
): part is VaultPartFailure {
  return part.error !== undefined;
}

/**
 * The state of one Vault node, from its `sys/health` status code (200 active,
 * 429 standby, 472 DR secondary, 473 performance standby, 501 not
 * initialised, 503 sealed), or `unreachable` when it did not answer.
 * @public
 */
export type VaultNodeState =
  | 'active'
  | 'standby'
  | 'performance-standby'
  | 'dr-secondary'
  | 'not-initialized'
  | 'sealed'
  | 'unreachable'
  | 'unknown';

/** One node of a Vault cluster, as last probed. @public */
export interface VaultNodeInfo {
  /** Its address (`pegase.vault.clusters[].nodes[]`). */
  url: string;
  state: VaultNodeState;
  /** HTTP status of its `sys/health`, when it answered. */
  status?: number;
  /** Vault version it reported. */
  version?: string;
}

/** The Vault cluster a view was read from (never its credentials). @public */
export interface VaultClusterInfo {
  name: string;
  region: string;
  /** Vault Enterprise namespace, if any. */
  namespace?: string;
  /** Base of the Vault UI links. */
  uiUrl: string;
  /** The node that answered the view's requests (the active one when there are several). */
  node?: string;
  /** Every configured node with its last known state (only when several are configured). */
  nodes?: VaultNodeInfo[];
}

/** A secrets engine (`sys/mounts`). @public */
export interface VaultEngine {
  /** Mount path without trailing slash, e.g. `pegase/univ-x/kv`. */
  path: string;
  type: string;
  description?: string;
  /** KV version (`options.version`) for kv mounts. */
  version?: string;
  accessor?: string;
  defaultLeaseTtl?: number;
  maxLeaseTtl?: number;
  uiUrl: string;
}

/** A database connection (`<mount>/config/<name>`): the URL template never holds a password. @public */
export interface VaultDatabaseConnection {
  name: string;
  pluginName?: string;
  /** `connection_details.connection_url` with any inline password removed. */
  connectionUrl?: string;
  username?: string;
  allowedRoles: string[];
  passwordPolicy?: string;
  uiUrl: string;
}

/** A static database role (`<mount>/static-roles/<name>`). @public */
export interface VaultStaticRole {
  name: string;
  dbName?: string;
  username?: string;
  /** Seconds. */
  rotationPeriod?: number;
  /** ISO date of the last rotation by Vault. */
  lastVaultRotation?: string;
  /** Cron schedule of the rotation (`rotation_schedule`, Vault 1.15+, UTC), instead of a period. */
  rotationSchedule?: string;
  /** Seconds after each scheduled time during which Vault may rotate (`rotation_window`). */
  rotationWindow?: number;
  /** ISO date of the next scheduled rotation (from `rotation_schedule`). */
  nextScheduledRotation?: string;
  /**
   * True when not rotated within twice its period, or, on a schedule, when
   * the last rotation is older than the latest scheduled time whose window
   * (at least an hour) has closed.
   */
  rotationOverdue: boolean;
  uiUrl: string;
}

/** A dynamic database role (`<mount>/roles/<name>`). @public */
export interface VaultDynamicRole {
  name: string;
  dbName?: string;
  /** Seconds; 0 = the mount's default. */
  defaultTtl?: number;
  /** Seconds; 0 = no max TTL of its own. */
  maxTtl?: number;
  uiUrl: string;
}

/** The database engine of an instance. @public */
export interface VaultDatabaseEngine {
  mount: string;
  connections: VaultDatabaseConnection[];
  staticRoles: VaultStaticRole[];
  dynamicRoles: VaultDynamicRole[];
}

/** One rule of an ACL policy. @public */
export interface VaultPolicyRule {
  /** The path as Vault reads it (a leading `/` removed); `*` at the end is a prefix, `+` one segment. */
  path: string;
  capabilities: string[];
  /** Names of `allowed_parameters`, when the rule has some. */
  allowedParameters?: string[];
  /** Names of `denied_parameters`, when the rule has some. */
  deniedParameters?: string[];
}

/** An ACL policy, parsed (its HCL or JSON text is policy, not a secret). @public */
export interface VaultPolicy {
  name: string;
  rules: VaultPolicyRule[];
  /** Why the policy text could not be read (its rules are then empty). */
  parseError?: string;
  /** True when it grants `*` or `sudo`. */
  tooBroad: boolean;
  uiUrl: string;
}

/** A Kubernetes auth role (`auth/<mount>/role/<name>`). @public */
export interface VaultKubernetesRole {
  /** Auth mount without `auth/`, e.g. `kubernetes/prod-1`. */
  mount: string;
  name: string;
  boundServiceAccountNames: string[];
  boundServiceAccountNamespaces: string[];
  /** `bound_service_account_namespace_selector` (Vault 1.16+, JSON or YAML label selector). */
  boundServiceAccountNamespaceSelector?: string;
  policies: string[];
  /** Seconds. */
  tokenTtl?: number;
  tokenMaxTtl?: number;
  uiUrl: string;
}

/** The Vault view of an instance. @public */
export interface VaultInstanceView {
  entityRef: string;
  instance: string;
  namespace: string;
  vaultPath: string;
  /** Kubernetes cluster of the instance (auth mount `kubernetes/<cluster>`). */
  cluster?: string;
  /** The Kubernetes auth mount of the instance (`pegase.vault.mounts.kubernetesAuth`), without `auth/`. */
  authMount?: string;
  vault: VaultClusterInfo;
  engines: VaultPart<VaultEngine[]>;
  database: VaultPart<VaultDatabaseEngine>;
  authRole: VaultPart<VaultKubernetesRole | null>;
  policies: VaultPart<VaultPolicy[]>;
  findings: VaultFinding[];
  /** Upstream requests this answer cost (0 when served from cache). */
  upstreamCalls: number;
  fetchedAt: string;
}

/** One KV key: its path, and for KV v2 its metadata (versions and times); never a value. @public */
export interface VaultKvKey {
  /** Path under the mount, e.g. `ins-backend/database`. */
  path: string;
  currentVersion?: number;
  oldestVersion?: number;
  createdTime?: string;
  updatedTime?: string;
  /** Number of versions kept. */
  versions?: number;
  uiUrl: string;
}

/** One folder (a component's serviceAccount) of the KV mount. @public */
export interface VaultKvFolder {
  name: string;
  /** Its keys, those of sub-folders included (`folder/sub/key`), within the listing bounds. */
  keys: VaultKvKey[];
  uiUrl: string;
  /** True when the listing stopped at its bounds (depth or number of keys): some keys are not shown. */
  truncated?: boolean;
}

/** The KV tree of an instance (key names and metadata, never a value). @public */
export interface VaultKvView {
  entityRef: string;
  mount: string;
  /** KV version of the mount (`'1'`: key names only, listed; `'2'`: key metadata too); absent when the mount is not in sys/mounts. */
  version?: '1' | '2';
  vault: VaultClusterInfo;
  kv: VaultPart<VaultKvFolder[]>;
  upstreamCalls: number;
  fetchedAt: string;
}

/** A database role a component may use in one instance (through its policies). @public */
export interface VaultComponentDatabaseRole {
  name: string;
  type: 'static' | 'dynamic';
  /** Which capability path granted it. */
  grantedBy: string;
  uiUrl: string;
}

/** How a Kubernetes auth role binds a serviceAccount of a namespace. @public */
export type VaultRoleBinding =
  | 'bound'
  | 'namespace-selector'
  | 'not-bound'
  | 'no-role';

/** The Vault wiring of a component in one instance. @public */
export interface VaultComponentInstance {
  instance: string;
  entityRef: string;
  namespace: string;
  cluster?: string;
  vault?: VaultClusterInfo;
  authRole: VaultPart<VaultKubernetesRole | null>;
  /**
   * True when the role lets the component's serviceAccount in the instance's
   * namespace log in (names and namespaces matched as Vault does, `*` globs
   * included), or may through its namespace selector.
   */
  bound: boolean;
  /**
   * How the role binds it: `bound`, `namespace-selector` (only the
   * namespace label selector could let it in and the portal does not know the
   * namespace's labels), `not-bound`, or `no-role`.
   */
  binding?: VaultRoleBinding;
  policies: VaultPart<VaultPolicy[]>;
  databaseRoles: VaultPart<VaultComponentDatabaseRole[]>;
  /** KV folder of the component (`<mount>/<serviceAccount>/`). */
  kvFolderUiUrl?: string;
}

/** The page of instances the component view asks for (`?offset=&limit=`). @public */
export interface VaultComponentPage {
  /** First instance (default 0). */
  offset?: number;
  /** Instances per page (default `pegase.vault.componentPageSize`, at most 100). */
  limit?: number;
}

/** The Vault view of a component across the instances that run it. @public */
export interface VaultComponentView {
  entityRef: string;
  component: string;
  serviceAccount: string;
  /** Other sub-chart entities using the same serviceAccount. */
  sharedWith: string[];
  /** Instances running it (total), and the page returned. */
  totalInstances: number;
  offset: number;
  limit: number;
  instances: VaultComponentInstance[];
  findings: VaultFinding[];
  upstreamCalls: number;
  fetchedAt: string;
}
