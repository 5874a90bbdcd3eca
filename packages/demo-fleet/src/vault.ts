/*
 * vault-config-operator CRs (redhatcop.redhat.io/v1alpha1), named as docs/architecture.md's
 * "Vault layout of an instance". metadata.name is always the Vault object name (no spec.name).
 */

export const VCO_API_VERSION = 'redhatcop.redhat.io/v1alpha1';

/** Kubernetes namespace (on the admin cluster) of the per-cluster Vault objects. */
export const VAULT_CONFIG_NAMESPACE = 'vault-config';

type Manifest = Record<string, unknown>;

/** How the operator logs in to Vault for the CRs of an instance (on its own cluster). */
function instanceAuth(cluster: string) {
  return {
    path: `kubernetes/${cluster}`,
    role: 'vault-config-operator',
    serviceAccount: { name: 'default' },
  };
}

/** How the operator logs in for the per-cluster objects (bootstrap mount of the admin cluster). */
const adminAuth = {
  path: 'kubernetes',
  role: 'vault-config-operator',
  serviceAccount: { name: 'vault-config-operator' },
};

function meta(name: string, namespace: string, labels: Record<string, string>) {
  return { name, namespace, labels };
}

/** Input of the Vault objects of an instance. */
export interface InstanceVaultInput {
  instance: string;
  namespace: string;
  cluster: string;
  /** The serviceAccounts of the components the instance runs. */
  serviceAccounts: string[];
}

/** The per-instance CRs, grouped by the file they are written to. */
export function instanceVaultFiles(
  input: InstanceVaultInput,
): Record<string, Manifest[]> {
  const { instance, namespace, cluster } = input;
  const labels = {
    'app.kubernetes.io/managed-by': 'pegase-gitops',
    'pc-scol.fr/instance': instance,
  };
  const authentication = instanceAuth(cluster);
  const base = `pegase/${namespace}`;
  const dbPath = `${base}/database`;
  const m = (
    kind: string,
    name: string,
    spec: Record<string, unknown>,
  ): Manifest => ({
    apiVersion: VCO_API_VERSION,
    kind,
    metadata: meta(name, namespace, labels),
    spec: { authentication, ...spec },
  });

  const staticRole = (engine: 'postgres' | 'mongodb', role: 'owner' | 'rw') =>
    m('DatabaseSecretEngineStaticRole', `${engine}-${role}`, {
      path: dbPath,
      dBName: engine,
      username: `pegase_${role}`,
      rotationPeriod: role === 'owner' ? 2592000 : 86400,
      credentialType: 'password',
      passwordCredentialConfig: { passwordPolicy: 'pegase-password' },
      ...(engine === 'postgres'
        ? {
            rotationStatements: [
              `ALTER ROLE "{{name}}" WITH PASSWORD '{{password}}';`,
            ],
          }
        : {}),
    });

  return {
    'secret-engines.yaml': [
      m('SecretEngineMount', 'kv', {
        path: base,
        type: 'kv',
        description: `Secrets of the components of ${instance} (one folder per component)`,
        options: { version: '2' },
      }),
      m('SecretEngineMount', 'database', {
        path: base,
        type: 'database',
        description: `Database credentials of ${instance}`,
        config: { defaultLeaseTTL: '1h', maxLeaseTTL: '24h' },
      }),
    ],
    'database-connections.yaml': [
      m('DatabaseSecretEngineConfig', 'postgres', {
        path: dbPath,
        pluginName: 'postgresql-database-plugin',
        connectionURL: `postgresql://{{username}}:{{password}}@postgresql.${namespace}.svc:5432/postgres?sslmode=require`,
        username: 'vault-root',
        allowedRoles: ['postgres-owner', 'postgres-rw', 'postgres-ro'],
        passwordAuthentication: 'scram-sha-256',
        rootCredentials: {
          secret: { name: 'postgresql-vault-root' },
          usernameKey: 'username',
          passwordKey: 'password',
        },
        verifyConnection: true,
      }),
      m('DatabaseSecretEngineConfig', 'mongodb', {
        path: dbPath,
        pluginName: 'mongodb-database-plugin',
        connectionURL: `mongodb://{{username}}:{{password}}@mongodb.${namespace}.svc:27017/admin?tls=true`,
        username: 'vault-root',
        allowedRoles: ['mongodb-owner', 'mongodb-rw', 'mongodb-ro'],
        rootCredentials: {
          secret: { name: 'mongodb-vault-root' },
          usernameKey: 'username',
          passwordKey: 'password',
        },
        verifyConnection: true,
      }),
    ],
    'database-roles.yaml': [
      staticRole('postgres', 'owner'),
      staticRole('postgres', 'rw'),
      staticRole('mongodb', 'owner'),
      staticRole('mongodb', 'rw'),
      m('DatabaseSecretEngineRole', 'postgres-ro', {
        path: dbPath,
        dBName: 'postgres',
        defaultTTL: '1h',
        maxTTL: '8h',
        creationStatements: [
          `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
          'GRANT pegase_readonly TO "{{name}}";',
        ],
        revocationStatements: ['DROP ROLE IF EXISTS "{{name}}";'],
      }),
      m('DatabaseSecretEngineRole', 'mongodb-ro', {
        path: dbPath,
        dBName: 'mongodb',
        defaultTTL: '1h',
        maxTTL: '8h',
        creationStatements: [
          '{ "db": "admin", "roles": [{ "role": "readAnyDatabase" }] }',
        ],
      }),
    ],
    'kubernetes-auth-role.yaml': [
      m('KubernetesAuthEngineRole', instance, {
        path: `kubernetes/${cluster}`,
        policies: [`pegase-component-${cluster}`, `${instance}-db`],
        targetServiceAccounts: input.serviceAccounts,
        targetNamespaces: { targetNamespaces: [namespace] },
        tokenTTL: 3600,
        tokenMaxTTL: 86400,
        aliasNameSource: 'serviceaccount_name',
      }),
    ],
    'policy.yaml': [
      m('Policy', `${instance}-db`, {
        type: 'acl',
        policy: [
          `# Database credentials of ${instance}: static owner/rw roles, dynamic ro roles.`,
          `path "${dbPath}/static-creds/*" {`,
          '  capabilities = ["read"]',
          '}',
          `path "${dbPath}/creds/postgres-ro" {`,
          '  capabilities = ["read"]',
          '}',
          `path "${dbPath}/creds/mongodb-ro" {`,
          '  capabilities = ["read"]',
          '}',
          '',
        ].join('\n'),
      }),
    ],
  };
}

/** The per-cluster CRs (vault/_clusters/<cluster>/), grouped by file. */
export function clusterVaultFiles(cluster: {
  name: string;
  apiServer?: string;
}): Record<string, Manifest[]> {
  const labels = {
    'app.kubernetes.io/managed-by': 'pegase-gitops',
    'pc-scol.fr/cluster': cluster.name,
  };
  const accessor = `\${auth/kubernetes/${cluster.name}/@accessor}`;
  const sa = (field: string) =>
    `{{identity.entity.aliases.${accessor}.metadata.${field}}}`;
  const ns = sa('service_account_namespace');
  const name = sa('service_account_name');
  return {
    'auth-mount.yaml': [
      {
        apiVersion: VCO_API_VERSION,
        kind: 'AuthEngineMount',
        metadata: meta(cluster.name, VAULT_CONFIG_NAMESPACE, labels),
        spec: {
          authentication: adminAuth,
          type: 'kubernetes',
          path: 'kubernetes',
          description: `Kubernetes auth of cluster ${cluster.name}`,
          config: { defaultLeaseTTL: '1h', maxLeaseTTL: '24h' },
        },
      },
    ],
    'auth-config.yaml': [
      {
        apiVersion: VCO_API_VERSION,
        kind: 'KubernetesAuthEngineConfig',
        metadata: meta(cluster.name, VAULT_CONFIG_NAMESPACE, labels),
        spec: {
          authentication: adminAuth,
          path: 'kubernetes',
          kubernetesHost:
            cluster.apiServer ?? `https://${cluster.name}.k8s.pc-scol.fr:6443`,
          tokenReviewerServiceAccount: { name: 'vault-tokenreview' },
          disableISSValidation: true,
          useOperatorPodCA: false,
        },
      },
    ],
    'policy.yaml': [
      {
        apiVersion: VCO_API_VERSION,
        kind: 'Policy',
        metadata: meta(
          `pegase-component-${cluster.name}`,
          VAULT_CONFIG_NAMESPACE,
          labels,
        ),
        spec: {
          authentication: adminAuth,
          type: 'acl',
          policy: [
            `# Generic policy of the Pégase components of ${cluster.name}: a component reads the`,
            '# secrets of its own folder (named after its serviceAccount) in its instance KV mount.',
            `path "pegase/${ns}/kv/data/${name}/*" {`,
            '  capabilities = ["read"]',
            '}',
            `path "pegase/${ns}/kv/metadata/${name}/*" {`,
            '  capabilities = ["read", "list"]',
            '}',
            '',
          ].join('\n'),
        },
      },
    ],
  };
}

/** The vault-config-operator CRs of a DBaaS cluster `name` (mount dbaas/<name>/database). */
export function dbaasVaultManifests(opts: {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  owner: string;
  database: string;
}): Manifest[] {
  const { name, namespace, labels } = opts;
  const authentication = {
    path: 'kubernetes',
    role: 'vault-config-operator',
    serviceAccount: { name: 'default' },
  };
  const dbPath = `dbaas/${name}/database`;
  const m = (
    kind: string,
    objName: string,
    spec: Record<string, unknown>,
  ): Manifest => ({
    apiVersion: VCO_API_VERSION,
    kind,
    metadata: { name: objName, namespace, labels },
    spec: { authentication, ...spec },
  });
  const stat = (role: 'owner' | 'rw', username: string) =>
    m('DatabaseSecretEngineStaticRole', role, {
      path: dbPath,
      dBName: name,
      username,
      rotationPeriod: role === 'owner' ? 2592000 : 86400,
      credentialType: 'password',
      rotationStatements: [
        `ALTER ROLE "{{name}}" WITH PASSWORD '{{password}}';`,
      ],
    });
  return [
    m('SecretEngineMount', 'database', {
      path: `dbaas/${name}`,
      type: 'database',
      description: `Credentials of the DBaaS cluster ${name}`,
    }),
    m('DatabaseSecretEngineConfig', name, {
      path: dbPath,
      pluginName: 'postgresql-database-plugin',
      connectionURL: `postgresql://{{username}}:{{password}}@${name}.${namespace}.svc:5432/${opts.database}?sslmode=require`,
      username: 'postgres',
      allowedRoles: ['owner', 'rw', 'ro'],
      rootCredentials: {
        // the superuser secret created by the Zalando operator
        secret: {
          name: `postgres.${name}.credentials.postgresql.acid.zalan.do`,
        },
        usernameKey: 'username',
        passwordKey: 'password',
      },
    }),
    stat('owner', opts.owner),
    stat('rw', `${opts.database}_rw`),
    m('DatabaseSecretEngineRole', 'ro', {
      path: dbPath,
      dBName: name,
      defaultTTL: '1h',
      maxTTL: '24h',
      creationStatements: [
        `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
        `GRANT pg_read_all_data TO "{{name}}";`,
      ],
    }),
  ];
}
