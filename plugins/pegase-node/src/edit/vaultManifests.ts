import {
  PEGASE_ANNOTATIONS,
  PEGASE_LABELS,
} from '@pcscol/plugin-pegase-common';
import { stringify } from 'yaml';
import type {
  FileChanges,
  SubChart,
  VaultClusterRef,
  VaultInstanceRef,
  VaultRenderOptions,
} from '../model/types';

const API_VERSION = 'redhatcop.redhat.io/v1alpha1';
const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'pegase-portal' };

/**
 * A rendered Kubernetes manifest (a vault-config-operator resource).
 *
 * @public
 */
export type VaultManifest = Record<string, unknown>;

/**
 * Default `spec.authentication` of the rendered vault-config-operator CRs: how
 * the operator logs in to Vault (auth mount `kubernetes`, role `vault-admin`,
 * as the `default` serviceAccount of the CR's namespace). The CRDs require
 * `path`, `role` and `serviceAccount`.
 * @public
 */
export const DEFAULT_VAULT_AUTHENTICATION: Readonly<{
  path: string;
  role: string;
  serviceAccount: Readonly<{ name: string }>;
}> = Object.freeze({
  path: 'kubernetes',
  role: 'vault-admin',
  serviceAccount: Object.freeze({ name: 'default' }),
});

function auth(options?: VaultRenderOptions): Record<string, unknown> {
  const a = options?.authentication ?? DEFAULT_VAULT_AUTHENTICATION;
  // a fresh copy per CR: callers may mutate the returned manifests
  return structuredClone(a) as Record<string, unknown>;
}

function cr(
  kind: string,
  name: string,
  namespace: string,
  labels: Record<string, string>,
  spec: Record<string, unknown>,
): VaultManifest {
  return {
    apiVersion: API_VERSION,
    kind,
    metadata: { name, namespace, labels: { ...MANAGED_BY, ...labels } },
    spec,
  };
}

/** Multi-document YAML of manifests (`---` separated, trailing newline). @public */
export function stringifyManifests(docs: VaultManifest[]): string {
  return docs.map(d => stringify(d, { lineWidth: 0 })).join('---\n');
}

const PG_RO = [
  "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';",
  'GRANT pg_read_all_data TO "{{name}}";',
];
const PG_REVOKE = ['DROP ROLE IF EXISTS "{{name}}";'];
const PG_ROTATE = ['ALTER ROLE "{{name}}" WITH PASSWORD \'{{password}}\';'];
const MONGO_RO = [
  '{ "db": "admin", "roles": [{ "role": "readAnyDatabase" }] }',
];

interface DbEngineSpec {
  mountPath: string; // e.g. pegase/univ-x/database
  namespace: string;
  labels: Record<string, string>;
  /** CR name prefix, to keep metadata.name unique in a shared namespace. */
  crPrefix: string;
  options?: VaultRenderOptions;
}

function databaseConfig(
  s: DbEngineSpec,
  connection: 'postgres' | 'mongodb',
  connectionURL: string,
  secretName: string,
): VaultManifest {
  return cr(
    'DatabaseSecretEngineConfig',
    `${s.crPrefix}${connection}`,
    s.namespace,
    s.labels,
    {
      authentication: auth(s.options),
      path: s.mountPath,
      name: connection,
      pluginName:
        connection === 'postgres'
          ? 'postgresql-database-plugin'
          : 'mongodb-database-plugin',
      connectionURL,
      allowedRoles: ['*'],
      rootCredentials: {
        secret: { name: secretName },
        usernameKey: 'username',
        passwordKey: 'password',
      },
      ...(connection === 'postgres'
        ? { passwordAuthentication: 'scram-sha-256' }
        : {}),
      passwordPolicy: s.options?.passwordPolicy ?? 'pegase-pwd',
      verifyConnection: false,
    },
  );
}

function staticRole(
  s: DbEngineSpec,
  roleName: string,
  dbName: string,
  username: string,
  statements?: string[],
): VaultManifest {
  const spec: Record<string, unknown> = {
    authentication: auth(s.options),
    path: s.mountPath,
    name: roleName,
    dBName: dbName,
    username,
    rotationPeriod: s.options?.rotationPeriod ?? 86400,
    credentialType: 'password',
    passwordCredentialConfig: {
      passwordPolicy: s.options?.passwordPolicy ?? 'pegase-pwd',
    },
  };
  if (statements) spec.rotationStatements = statements;
  return roleCr('DatabaseSecretEngineStaticRole', s, roleName, spec);
}

/** A role CR of a database engine: named after the engine's prefix, in its namespace. */
function roleCr(
  kind: string,
  s: DbEngineSpec,
  roleName: string,
  spec: Record<string, unknown>,
): VaultManifest {
  return cr(kind, `${s.crPrefix}${roleName}`, s.namespace, s.labels, spec);
}

function dynamicRole(
  s: DbEngineSpec,
  roleName: string,
  dbName: string,
  creation: string[],
  revocation?: string[],
): VaultManifest {
  const spec: Record<string, unknown> = {
    authentication: auth(s.options),
    path: s.mountPath,
    name: roleName,
    dBName: dbName,
    defaultTTL: '1h',
    maxTTL: '24h',
    creationStatements: creation,
  };
  if (revocation) spec.revocationStatements = revocation;
  return roleCr('DatabaseSecretEngineRole', s, roleName, spec);
}

function mount(
  name: string,
  crName: string,
  path: string,
  type: string,
  ns: string,
  labels: Record<string, string>,
  options?: VaultRenderOptions,
  mountOptions?: Record<string, string>,
): VaultManifest {
  const spec: Record<string, unknown> = {
    authentication: auth(options),
    type,
    path,
    name,
  };
  if (mountOptions) spec.options = mountOptions;
  return cr('SecretEngineMount', crName, ns, labels, spec);
}

/**
 * The vault-config-operator CRs of one instance (ARCHITECTURE "Vault layout
 * of an instance"), as files under `vault/<instance>/`:
 * - `secret-engines.yaml`: SecretEngineMounts `pegase/<ns>/kv` (KV v2) and `pegase/<ns>/database`;
 * - `database.yaml`: DatabaseSecretEngineConfigs `postgres` and `mongodb`, static roles
 *   `postgres-owner`, `postgres-rw`, `mongodb-owner`, `mongodb-rw`, dynamic roles `postgres-ro`, `mongodb-ro`;
 * - `kubernetes-auth.yaml`: KubernetesAuthEngineRole `<instance>` on `kubernetes/<cluster>`, bound to the
 *   namespace and to every component's serviceAccount, with policies `pegase-component-<cluster>` and `<instance>-db`;
 * - `policies.yaml`: Policy `<instance>-db`.
 * `components`: sub-charts (their `serviceAccount` is used) or serviceAccount names.
 * @public
 */
export function renderVaultInstanceManifests(
  instance: VaultInstanceRef,
  components: ReadonlyArray<
    string | Pick<SubChart, 'entityName' | 'serviceAccount'>
  >,
  cluster: VaultClusterRef,
  options?: VaultRenderOptions,
): FileChanges {
  const ns = instance.namespace ?? instance.name;
  const crNs = options?.namespace ?? ns;
  const labels = { [PEGASE_LABELS.instance]: instance.name };
  const base = `pegase/${ns}`;
  const s: DbEngineSpec = {
    mountPath: `${base}/database`,
    namespace: crNs,
    labels,
    crPrefix: '',
    options,
  };
  const serviceAccounts = [
    ...new Set(
      components.map(c =>
        typeof c === 'string' ? c : c.serviceAccount || c.entityName,
      ),
    ),
  ].sort();
  const dir = `vault/${instance.name}`;
  return {
    [`${dir}/secret-engines.yaml`]: stringifyManifests([
      mount('kv', 'kv', base, 'kv', crNs, labels, options, { version: '2' }),
      mount('database', 'database', base, 'database', crNs, labels, options),
    ]),
    [`${dir}/database.yaml`]: stringifyManifests([
      databaseConfig(
        s,
        'postgres',
        `postgresql://{{username}}:{{password}}@${instance.name}-pg.${ns}.svc:5432/postgres?sslmode=require`,
        `postgres.${instance.name}-pg.credentials.postgresql.acid.zalan.do`,
      ),
      databaseConfig(
        s,
        'mongodb',
        `mongodb://{{username}}:{{password}}@${instance.name}-mongodb.${ns}.svc:27017/admin`,
        `${instance.name}-mongodb-root`,
      ),
      staticRole(s, 'postgres-owner', 'postgres', 'pegase_owner', PG_ROTATE),
      staticRole(s, 'postgres-rw', 'postgres', 'pegase_rw', PG_ROTATE),
      staticRole(s, 'mongodb-owner', 'mongodb', 'pegase_owner'),
      staticRole(s, 'mongodb-rw', 'mongodb', 'pegase_rw'),
      dynamicRole(s, 'postgres-ro', 'postgres', PG_RO, PG_REVOKE),
      dynamicRole(s, 'mongodb-ro', 'mongodb', MONGO_RO),
    ]),
    [`${dir}/kubernetes-auth.yaml`]: stringifyManifests([
      cr('KubernetesAuthEngineRole', instance.name, crNs, labels, {
        authentication: auth(options),
        path: `kubernetes/${cluster.name}`,
        name: instance.name,
        policies: [`pegase-component-${cluster.name}`, `${instance.name}-db`],
        targetServiceAccounts:
          serviceAccounts.length > 0 ? serviceAccounts : ['default'],
        targetNamespaces: { targetNamespaces: [ns] },
        aliasNameSource: 'serviceaccount_name',
      }),
    ]),
    [`${dir}/policies.yaml`]: stringifyManifests([
      cr('Policy', `${instance.name}-db`, crNs, labels, {
        authentication: auth(options),
        type: 'acl',
        policy: [
          `path "${base}/database/static-creds/postgres-rw" { capabilities = ["read"] }`,
          `path "${base}/database/static-creds/mongodb-rw" { capabilities = ["read"] }`,
          `path "${base}/database/creds/postgres-ro" { capabilities = ["read"] }`,
          `path "${base}/database/creds/mongodb-ro" { capabilities = ["read"] }`,
          '',
        ].join('\n'),
      }),
    ]),
  };
}

/**
 * The per-cluster Vault objects, under `vault/_clusters/<cluster>/`:
 * `kubernetes-auth.yaml` (AuthEngineMount `kubernetes/<cluster>` and its
 * KubernetesAuthEngineConfig) and `policies.yaml` (the generic templated
 * Policy `pegase-component-<cluster>`: a component reads
 * `pegase/<its namespace>/kv/data/<its serviceAccount>/*`).
 * CRs go to namespace `vault-config` unless `options.namespace` says otherwise.
 * @public
 */
export function renderVaultClusterManifests(
  cluster: VaultClusterRef,
  options?: VaultRenderOptions,
): FileChanges {
  const ns = options?.namespace ?? 'vault-config';
  const labels = { [PEGASE_ANNOTATIONS.cluster]: cluster.name };
  const acc = `{{identity.entity.aliases.\${auth/kubernetes/${cluster.name}/@accessor}.metadata`;
  const saNs = `${acc}.service_account_namespace}}`;
  const saName = `${acc}.service_account_name}}`;
  const dir = `vault/_clusters/${cluster.name}`;
  return {
    [`${dir}/kubernetes-auth.yaml`]: stringifyManifests([
      cr('AuthEngineMount', `kubernetes-${cluster.name}`, ns, labels, {
        authentication: auth(options),
        type: 'kubernetes',
        path: 'kubernetes',
        name: cluster.name,
      }),
      cr(
        'KubernetesAuthEngineConfig',
        `kubernetes-${cluster.name}`,
        ns,
        labels,
        {
          authentication: auth(options),
          path: 'kubernetes',
          name: cluster.name,
          kubernetesHost:
            cluster.apiServer ?? `https://${cluster.name}-api:6443`,
          tokenReviewerServiceAccount: { name: 'vault-tokenreview' },
        },
      ),
    ]),
    [`${dir}/policies.yaml`]: stringifyManifests([
      cr('Policy', `pegase-component-${cluster.name}`, ns, labels, {
        authentication: auth(options),
        type: 'acl',
        policy: [
          `path "pegase/${saNs}/kv/data/${saName}/*" { capabilities = ["read"] }`,
          `path "pegase/${saNs}/kv/metadata/${saName}/*" { capabilities = ["read", "list"] }`,
          '',
        ].join('\n'),
      }),
    ]),
  };
}

/**
 * The Vault CRs of a DBaaS Postgres cluster `<name>` (to append to
 * `dbaas/<name>.yaml`): SecretEngineMount `dbaas/<name>/database`, its
 * `postgres` connection to the Zalando cluster, static roles `owner`, `rw`,
 * dynamic role `ro`. CR names are prefixed with `<name>-`.
 * @public
 */
export function renderVaultDbaasManifests(
  dbaas: { name: string; namespace: string },
  options?: VaultRenderOptions,
): VaultManifest[] {
  const ns = options?.namespace ?? dbaas.namespace;
  const labels = { [PEGASE_LABELS.dbaas]: dbaas.name };
  const s: DbEngineSpec = {
    mountPath: `dbaas/${dbaas.name}/database`,
    namespace: ns,
    labels,
    crPrefix: `${dbaas.name}-`,
    options,
  };
  return [
    mount(
      'database',
      `${dbaas.name}-database`,
      `dbaas/${dbaas.name}`,
      'database',
      ns,
      labels,
      options,
    ),
    databaseConfig(
      s,
      'postgres',
      `postgresql://{{username}}:{{password}}@${dbaas.name}.${dbaas.namespace}.svc:5432/postgres?sslmode=require`,
      `postgres.${dbaas.name}.credentials.postgresql.acid.zalan.do`,
    ),
    staticRole(
      s,
      'owner',
      'postgres',
      `${dbaas.name.replace(/-/g, '_')}_owner`,
      PG_ROTATE,
    ),
    staticRole(
      s,
      'rw',
      'postgres',
      `${dbaas.name.replace(/-/g, '_')}_rw`,
      PG_ROTATE,
    ),
    dynamicRole(s, 'ro', 'postgres', PG_RO, PG_REVOKE),
  ];
}
