/*
 * What the Vault stand-in knows (test and dev code only): its mounts, KV
 * metadata, database connections and roles, Kubernetes auth roles and ACL
 * policies, built by applying the repository's vault-config-operator CRs, plus
 * deliberate findings and KV v1 mounts holding values (traps for the guard).
 * One file because it is one concept, the stand-in's state; vaultApi.ts
 * answers HTTP from it.
 */
import { createHash } from 'node:crypto';
import {
  directoryFileSource,
  GitopsFileSource,
  ManifestDocument,
  ManifestFile,
  readGitopsRepository,
} from '@pcscol/plugin-pegase-node';

/*
 * The state of the Vault stand-in, built from the vault-config-operator CRs of
 * a GitOps repository (`vault/<instance>/*.yaml`, `vault/_clusters/<cluster>/*.yaml`,
 * the Vault CRs of `dbaas/*.yaml`), read with @pcscol/plugin-pegase-node, plus a
 * few deliberate findings so that every check of the Vault views shows up.
 */

/** A secrets engine or an auth method. */
export interface MountEntry {
  type: string;
  description: string;
  accessor: string;
  options: Record<string, string> | null;
  config: { default_lease_ttl: number; max_lease_ttl: number };
  local: boolean;
  seal_wrap: boolean;
}

export interface KvMeta {
  created_time: string;
  updated_time: string;
  current_version: number;
  oldest_version: number;
  max_versions: number;
  versions: Record<
    string,
    { created_time: string; deletion_time: string; destroyed: boolean }
  >;
}

export interface DbConnection {
  plugin_name: string;
  /**
   * As Vault answers it: `password` never, but a MongoDB x509 connection's
   * `tls_certificate_key` (a private key) and `tls_ca` are answered
   * (hashicorp/vault plugins/database/mongodb/connection_producer.go;
   * path_config_connection.go removes password, private_key,
   * service_account_json only).
   */
  connection_details: {
    connection_url: string;
    username: string;
    tls_certificate_key?: string;
    tls_ca?: string;
  };
  allowed_roles: string[];
  password_policy: string;
  root_credentials_rotate_statements: string[];
  verify_connection: boolean;
}

export interface StaticRole {
  db_name: string;
  username: string;
  /** Seconds; 0 when the role rotates on a schedule. */
  rotation_period: number;
  /** Five-field cron string, UTC (Vault 1.15+); the answer then has no rotation_period. */
  rotation_schedule?: string;
  /** Seconds (at least 3600), only with a schedule. */
  rotation_window?: number;
  rotation_statements: string[];
  credential_type: string;
  /** Seconds before "now" of the last rotation (the answer computes the date). */
  lastRotationAgo: number;
}

export interface DynamicRole {
  db_name: string;
  default_ttl: number;
  max_ttl: number;
  creation_statements: string[];
  revocation_statements: string[];
  credential_type: string;
}

export interface KubernetesRole {
  /** Names or globs (`pegase-*`), or `["*"]`. */
  bound_service_account_names: string[];
  /** Namespaces or globs, or `["*"]`; may be empty with a selector. */
  bound_service_account_namespaces: string[];
  /** JSON or YAML label selector (plugin v0.18.0, Vault 1.16+). */
  bound_service_account_namespace_selector?: string;
  /** Set when the role was written with the old field names: the answer then carries them too. */
  legacy?: { policies?: boolean; ttl?: boolean; max_ttl?: boolean };
  token_policies: string[];
  token_ttl: number;
  token_max_ttl: number;
  alias_name_source: string;
  audience: string;
}

/** Everything the stand-in answers. Keys of mount maps have no trailing slash. */
export interface VaultState {
  mounts: Map<string, MountEntry>;
  auths: Map<string, MountEntry>;
  policies: Map<string, string>;
  /** kv mount -> key path -> metadata. */
  kv: Map<string, Map<string, KvMeta>>;
  /**
   * KV v1 mount -> key path -> the secret's values (a KV v1 mount answers
   * `GET <mount>/<path>` with them: the stand-in records that as a violation).
   */
  kvV1: Map<string, Map<string, Record<string, string>>>;
  dbConnections: Map<string, Map<string, DbConnection>>;
  staticRoles: Map<string, Map<string, StaticRole>>;
  dynamicRoles: Map<string, Map<string, DynamicRole>>;
  /** auth mount (without `auth/`) -> role -> definition. */
  kubernetesRoles: Map<string, Map<string, KubernetesRole>>;
  kubernetesConfigs: Map<
    string,
    { kubernetes_host: string; disable_iss_validation: boolean }
  >;
  /** The deliberate findings added (for tests and docs). */
  deliberate: {
    broadPolicy?: { instance: string; policy: string };
    noMaxTtl?: { instance: string; mount: string; role: string };
    missingRole?: { instance: string; mount: string; role: string };
    overdue: Array<{ instance: string; mount: string; role: string }>;
    /** A MongoDB connection on x509, whose answer carries its private key. */
    x509?: { instance: string; mount: string; connection: string };
    /** Static roles rotating on a schedule instead of a period. */
    scheduled: Array<{ instance: string; mount: string; role: string }>;
  };
  /** Instance folder -> `pegase/<namespace>`. */
  instances: Map<string, string>;
}

/** Options of {@link buildVaultState}. */
export interface VaultStateOptions {
  /** Add the deliberate findings (default true). */
  findings?: boolean;
}

function hash(s: string): number {
  return createHash('sha1').update(s).digest().readUInt32BE(0);
}

function accessor(kind: string, path: string): string {
  return `${kind}_${createHash('sha1').update(path).digest('hex').slice(0, 8)}`;
}

const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
};

/** `86400`, `"86400"`, `"24h"`, `"1h30m"`, `"30s"` -> seconds. */
export function durationSeconds(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || !v.trim()) return 0;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  let total = 0;
  for (const m of v.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    const n = Number(m[1]);
    total += n * UNIT_SECONDS[m[2]];
  }
  return Math.round(total);
}

function strings(v: unknown): string[] {
  return Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string')
    : [];
}

function objectName(doc: ManifestDocument): string | undefined {
  const spec = (doc.body.spec ?? {}) as Record<string, unknown>;
  return typeof spec.name === 'string' && spec.name ? spec.name : doc.name;
}

function mountEntry(
  type: string,
  path: string,
  spec: Record<string, unknown>,
  kind: string,
): MountEntry {
  const config = (spec.config ?? {}) as Record<string, unknown>;
  const options = (spec.options ?? null) as Record<string, string> | null;
  return {
    type,
    description: typeof spec.description === 'string' ? spec.description : '',
    accessor: accessor(kind, path),
    options: options
      ? Object.fromEntries(
          Object.entries(options).map(([k, v]) => [k, String(v)]),
        )
      : null,
    config: {
      default_lease_ttl: durationSeconds(config.defaultLeaseTTL),
      max_lease_ttl: durationSeconds(config.maxLeaseTTL),
    },
    local: false,
    seal_wrap: false,
  };
}

function onlyVaultFiles(source: GitopsFileSource): GitopsFileSource {
  return {
    list: async () =>
      (await source.list()).filter(
        f =>
          f.startsWith('vault/') ||
          f.startsWith('dbaas/') ||
          f.startsWith('clusters/'),
      ),
    read: p => source.read(p),
    describe: p => source.describe(p),
  };
}

/** A made-up private key, answered in a MongoDB x509 connection (the views must never show it). */
export const X509_KEY_PEM =
  '-----BEGIN PRIVATE KEY-----\nc3RhbmQtaW4geDUwOSBrZXksIG5vdCBhIHJlYWwgb25l\n-----END PRIVATE KEY-----\n';

const KV_KEYS = ['application', 'database', 'api-client', 'smtp', 'oidc'];
const DAY = 86400;
const REFERENCE = Date.parse('2026-11-01T00:00:00Z');

function addKv(state: VaultState, mount: string, serviceAccounts: string[]) {
  const tree = state.kv.get(mount) ?? new Map<string, KvMeta>();
  state.kv.set(mount, tree);
  for (const sa of serviceAccounts) {
    const h = hash(`${mount}/${sa}`);
    const n = 1 + (h % 3);
    for (let i = 0; i < n; i++) {
      const key = KV_KEYS[(h + i) % KV_KEYS.length];
      const versions = 1 + ((h >>> (i + 3)) % 5);
      const created = new Date(REFERENCE - (200 + (h % 300)) * DAY * 1000);
      const vs: KvMeta['versions'] = {};
      let t = created.getTime();
      for (let v = 1; v <= versions; v++) {
        vs[String(v)] = {
          created_time: new Date(t).toISOString(),
          deletion_time: '',
          destroyed: false,
        };
        t += (10 + ((h >>> v) % 40)) * DAY * 1000;
      }
      tree.set(`${sa}/${key}`, {
        created_time: created.toISOString(),
        updated_time: vs[String(versions)].created_time,
        current_version: versions,
        oldest_version: 1,
        max_versions: 0,
        versions: vs,
      });
    }
  }
}

function emptyState(): VaultState {
  return {
    mounts: new Map(),
    auths: new Map(),
    policies: new Map(),
    kv: new Map(),
    kvV1: new Map(),
    dbConnections: new Map(),
    staticRoles: new Map(),
    dynamicRoles: new Map(),
    kubernetesRoles: new Map(),
    kubernetesConfigs: new Map(),
    deliberate: { overdue: [], scheduled: [] },
    instances: new Map(),
  };
}

function sub<T>(m: Map<string, Map<string, T>>, key: string): Map<string, T> {
  let v = m.get(key);
  if (!v) {
    v = new Map();
    m.set(key, v);
  }
  return v;
}

/** Applies the vault-config-operator CRs of a list of manifest files to the state. */
export function applyManifests(state: VaultState, files: ManifestFile[]) {
  for (const file of files) {
    for (const doc of file.documents) {
      if (!doc.apiVersion?.startsWith('redhatcop.redhat.io/')) continue;
      const spec = (doc.body.spec ?? {}) as Record<string, unknown>;
      const name = objectName(doc);
      const path =
        typeof spec.path === 'string'
          ? spec.path.replace(/^\/+|\/+$/g, '')
          : '';
      if (!name) continue;
      switch (doc.kind) {
        case 'SecretEngineMount': {
          const mount = path ? `${path}/${name}` : name;
          const type = typeof spec.type === 'string' ? spec.type : 'kv';
          const entry = mountEntry(type, mount, spec, type);
          if (type === 'kv' && !entry.options?.version)
            entry.options = { version: '2' };
          state.mounts.set(mount, entry);
          break;
        }
        case 'AuthEngineMount': {
          const mount = path ? `${path}/${name}` : name;
          state.auths.set(
            mount,
            mountEntry(
              String(spec.type ?? 'kubernetes'),
              mount,
              spec,
              'auth_kubernetes',
            ),
          );
          break;
        }
        case 'KubernetesAuthEngineConfig':
          state.kubernetesConfigs.set(path ? `${path}/${name}` : name, {
            kubernetes_host: String(spec.kubernetesHost ?? ''),
            disable_iss_validation: Boolean(spec.disableISSValidation),
          });
          break;
        case 'KubernetesAuthEngineRole': {
          const namespaces = (spec.targetNamespaces ?? {}) as Record<
            string,
            unknown
          >;
          sub(state.kubernetesRoles, path).set(name, {
            bound_service_account_names: strings(spec.targetServiceAccounts),
            bound_service_account_namespaces: strings(
              namespaces.targetNamespaces,
            ),
            token_policies: strings(spec.policies),
            token_ttl: durationSeconds(spec.tokenTTL),
            token_max_ttl: durationSeconds(spec.tokenMaxTTL),
            alias_name_source: String(
              spec.aliasNameSource ?? 'serviceaccount_uid',
            ),
            audience: String(spec.audience ?? ''),
          });
          break;
        }
        case 'DatabaseSecretEngineConfig': {
          const url = String(spec.connectionURL ?? '');
          sub(state.dbConnections, path).set(name, {
            plugin_name: String(spec.pluginName ?? ''),
            connection_details: {
              connection_url: url,
              username: String(spec.username ?? ''),
            },
            allowed_roles: strings(spec.allowedRoles),
            password_policy: String(spec.passwordPolicy ?? ''),
            root_credentials_rotate_statements: [],
            verify_connection: Boolean(spec.verifyConnection ?? true),
          });
          break;
        }
        case 'DatabaseSecretEngineStaticRole': {
          const period = durationSeconds(spec.rotationPeriod) || DAY;
          const h = hash(`${path}/${name}`);
          sub(state.staticRoles, path).set(name, {
            db_name: String(spec.dBName ?? ''),
            username: String(spec.username ?? ''),
            rotation_period: period,
            rotation_statements: strings(spec.rotationStatements),
            credential_type: String(spec.credentialType ?? 'password'),
            lastRotationAgo: Math.floor(((h % 1000) / 1000) * period * 0.9),
          });
          break;
        }
        case 'DatabaseSecretEngineRole':
          sub(state.dynamicRoles, path).set(name, {
            db_name: String(spec.dBName ?? ''),
            default_ttl: durationSeconds(spec.defaultTTL),
            max_ttl: durationSeconds(spec.maxTTL),
            creation_statements: strings(spec.creationStatements),
            revocation_statements: strings(spec.revocationStatements),
            credential_type: 'password',
          });
          break;
        case 'Policy':
          if (spec.type === undefined || spec.type === 'acl') {
            state.policies.set(name, String(spec.policy ?? ''));
          }
          break;
        default:
          break;
      }
    }
  }
}

/**
 * Adds a KV **v1** mount holding these secrets (key path -> values) to the
 * state: `sys/mounts` lists it with `options.version: '1'`, LIST answers its
 * key names, and any GET of a key (its values) is a violation.
 */
export function addKvV1Mount(
  state: VaultState,
  mount: string,
  secrets: Record<string, Record<string, string>>,
): void {
  const path = mount.replace(/^\/+|\/+$/g, '');
  const entry = mountEntry(
    'kv',
    path,
    { description: 'KV version 1', options: { version: '1' } },
    'kv',
  );
  state.mounts.set(path, entry);
  state.kvV1.set(path, new Map(Object.entries(secrets)));
}

/**
 * Builds the state of the stand-in from a GitOps folder (or another source).
 */
export async function buildVaultState(
  source: GitopsFileSource | string | undefined,
  options: VaultStateOptions = {},
): Promise<VaultState> {
  const state = emptyState();
  state.mounts.set(
    'cubbyhole',
    mountEntry(
      'cubbyhole',
      'cubbyhole',
      { description: 'per-token private secret storage' },
      'cubbyhole',
    ),
  );
  state.mounts.set(
    'identity',
    mountEntry(
      'identity',
      'identity',
      { description: 'identity store' },
      'identity',
    ),
  );
  state.mounts.set(
    'sys',
    mountEntry(
      'system',
      'sys',
      {
        description: 'system endpoints used for control, policy and debugging',
      },
      'system',
    ),
  );
  state.auths.set(
    'token',
    mountEntry(
      'token',
      'token',
      { description: 'token based credentials' },
      'auth_token',
    ),
  );
  state.auths.set(
    'approle',
    mountEntry(
      'approle',
      'approle',
      { description: 'the portal logs in with AppRole' },
      'auth_approle',
    ),
  );
  state.policies.set(
    'default',
    'path "auth/token/lookup-self" {\n  capabilities = ["read"]\n}\n',
  );
  state.policies.set('root', '');
  state.policies.set(
    'pegase-portal',
    [
      '# The portal: metadata only.',
      'path "sys/mounts" { capabilities = ["read"] }',
      'path "sys/auth" { capabilities = ["read"] }',
      'path "sys/policies/acl/*" { capabilities = ["read", "list"] }',
      'path "pegase/+/kv/metadata/*" { capabilities = ["read", "list"] }',
      'path "pegase/+/database/config/*" { capabilities = ["read", "list"] }',
      'path "pegase/+/database/roles/*" { capabilities = ["read", "list"] }',
      'path "pegase/+/database/static-roles/*" { capabilities = ["read", "list"] }',
      'path "auth/+/+/role/*" { capabilities = ["read", "list"] }',
      '',
    ].join('\n'),
  );
  if (!source) return state;
  const src = typeof source === 'string' ? directoryFileSource(source) : source;
  const snapshot = await readGitopsRepository(onlyVaultFiles(src), {
    loadOpenApi: false,
  });

  for (const files of Object.values(snapshot.vault.clusters))
    applyManifests(state, files);
  applyManifests(state, snapshot.dbaas);
  const instanceNames = Object.keys(snapshot.vault.instances).sort();
  for (const inst of instanceNames)
    applyManifests(state, snapshot.vault.instances[inst]);

  // KV keys under <component serviceAccount>/ and the instance -> vault path map
  for (const inst of instanceNames) {
    const docs = snapshot.vault.instances[inst].flatMap(f => f.documents);
    const kvDoc = docs.find(
      d =>
        d.kind === 'SecretEngineMount' && (d.body.spec as any)?.type === 'kv',
    );
    const roleDoc = docs.find(d => d.kind === 'KubernetesAuthEngineRole');
    if (!kvDoc) continue;
    const spec = kvDoc.body.spec as Record<string, unknown>;
    const base = String(spec.path ?? '').replace(/^\/+|\/+$/g, '');
    state.instances.set(inst, base);
    const sas = roleDoc
      ? strings(
          (roleDoc.body.spec as Record<string, unknown>).targetServiceAccounts,
        )
      : [];
    addKv(state, `${base}/${objectName(kvDoc)}`, sas);
  }

  if (options.findings !== false) addDeliberateFindings(state, instanceNames);
  return state;
}

function addDeliberateFindings(state: VaultState, instances: string[]) {
  const withDb = instances.filter(i =>
    state.staticRoles.has(`${state.instances.get(i)}/database`),
  );
  if (withDb.length === 0) return;
  // 1. a policy granting `*` with sudo, attached to the first instance's role
  const first = withDb[0];
  const policy = `${first}-debug`;
  state.policies.set(
    policy,
    '# Temporary debug access: too broad, left over.\npath "*" {\n  capabilities = ["create", "read", "update", "delete", "list", "sudo"]\n}\n',
  );
  for (const roles of state.kubernetesRoles.values()) {
    const role = roles.get(first);
    if (role && !role.token_policies.includes(policy))
      role.token_policies.push(policy);
  }
  state.deliberate.broadPolicy = { instance: first, policy };
  // 2. a dynamic role without max TTL
  const second = withDb[1 % withDb.length];
  const mount2 = `${state.instances.get(second)}/database`;
  const dyn = state.dynamicRoles.get(mount2);
  const dynName = dyn?.has('mongodb-ro')
    ? 'mongodb-ro'
    : dyn?.keys().next().value;
  if (dyn && dynName) {
    dyn.get(dynName)!.max_ttl = 0;
    state.deliberate.noMaxTtl = {
      instance: second,
      mount: mount2,
      role: dynName,
    };
  }
  // 3. an instance missing an expected role
  const third = withDb[2 % withDb.length];
  const mount3 = `${state.instances.get(third)}/database`;
  const stat = state.staticRoles.get(mount3);
  const missing = stat?.has('postgres-rw') ? 'postgres-rw' : undefined;
  if (stat && missing) {
    stat.delete(missing);
    state.deliberate.missingRole = {
      instance: third,
      mount: mount3,
      role: missing,
    };
  }
  // 3b. the second instance's MongoDB connection on x509: its answer carries a private key
  const mongo = state.dbConnections.get(mount2)?.get('mongodb');
  if (mongo) {
    mongo.plugin_name = 'mongodb-database-plugin';
    mongo.connection_details = {
      connection_url: mongo.connection_details.connection_url.replace(
        /\?.*$|$/,
        '?authMechanism=MONGODB-X509&tls=true',
      ),
      username: '',
      tls_certificate_key: X509_KEY_PEM,
      tls_ca:
        '-----BEGIN CERTIFICATE-----\nc3RhbmQtaW4gQ0E=\n-----END CERTIFICATE-----\n',
    };
    state.deliberate.x509 = {
      instance: second,
      mount: mount2,
      connection: 'mongodb',
    };
  }
  // 4. a few static roles not rotated within twice their period (every 7th instance, from the 4th)
  for (let i = 3; i < withDb.length; i += 7) {
    const inst = withDb[i];
    const mount = `${state.instances.get(inst)}/database`;
    const roles = state.staticRoles.get(mount);
    const name = roles?.has('postgres-owner')
      ? 'postgres-owner'
      : roles?.keys().next().value;
    if (!roles || !name) continue;
    const role = roles.get(name)!;
    role.lastRotationAgo = role.rotation_period * 3 + 3600;
    state.deliberate.overdue.push({ instance: inst, mount, role: name });
  }
  // 5. static roles on a weekly schedule with a window (every 11th instance, from the 6th):
  //    rotated this week, so not overdue
  for (let i = 5; i < withDb.length; i += 11) {
    const inst = withDb[i];
    const mount = `${state.instances.get(inst)}/database`;
    const role = state.staticRoles.get(mount)?.get('mongodb-owner');
    if (!role) continue;
    role.rotation_schedule = '0 2 * * SUN';
    role.rotation_window = 7200;
    role.rotation_period = 0;
    role.lastRotationAgo = 3600;
    state.deliberate.scheduled.push({
      instance: inst,
      mount,
      role: 'mongodb-owner',
    });
  }
}
