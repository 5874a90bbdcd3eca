import {
  renderVaultDbaasManifests,
  stringifyManifests,
} from '@pcscol/plugin-pegase-node';
import {
  PEGASE_ANNOTATIONS,
  PEGASE_LABELS,
} from '@pcscol/plugin-pegase-common';

type Manifest = Record<string, unknown>;

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'pegase-portal' };

/**
 * The label naming the Kubernetes cluster a DBaaS/KaaS cluster runs on: the
 * same key as the instances' `cluster` annotation (the contract has no label
 * constant of its own for it yet).
 */
const CLUSTER_LABEL = PEGASE_ANNOTATIONS.cluster;
const REQUESTED_FOR_LABEL = PEGASE_LABELS.requestedFor;

/** A file header: `# ` comment lines. */
function header(lines: string[]): string {
  return `${lines.map(l => `# ${l}`.trimEnd()).join('\n')}\n`;
}

/** Multi-document YAML with a comment header (comments are kept by later edits). */
export function manifestFile(comment: string[], docs: Manifest[]): string {
  return `${header(comment)}${stringifyManifests(docs)}`;
}

/** Input of {@link renderDbaas}. */
export interface DbaasRenderInput {
  name: string;
  namespace: string;
  teamId: string;
  numberOfInstances: number;
  volumeSize: string;
  version: string;
  users: Array<{ name: string; flags: string[] }>;
  databases: Array<{ name: string; owner: string }>;
  requestedFor: { ref: string; label: string };
  cluster?: string;
  requestedBy?: string;
}

/** `dbaas/<name>.yaml`: the Zalando `postgresql` and its Vault database mount, connection and roles. */
export function renderDbaas(input: DbaasRenderInput): Record<string, string> {
  const labels: Record<string, string> = {
    ...MANAGED_BY,
    [REQUESTED_FOR_LABEL]: input.requestedFor.label,
  };
  if (input.cluster) labels[CLUSTER_LABEL] = input.cluster;
  const users: Record<string, string[]> = {};
  for (const u of input.users) users[u.name] = [...u.flags];
  const databases: Record<string, string> = {};
  for (const d of input.databases) databases[d.name] = d.owner;
  const postgresql: Manifest = {
    apiVersion: 'acid.zalan.do/v1',
    kind: 'postgresql',
    metadata: { name: input.name, namespace: input.namespace, labels },
    spec: {
      teamId: input.teamId,
      numberOfInstances: input.numberOfInstances,
      volume: { size: input.volumeSize },
      postgresql: { version: input.version },
      ...(input.users.length ? { users } : {}),
      ...(input.databases.length ? { databases } : {}),
    },
  };
  const vault = renderVaultDbaasManifests({
    name: input.name,
    namespace: input.namespace,
  }).map(m => {
    const meta = m.metadata as { labels?: Record<string, string> };
    meta.labels = {
      ...meta.labels,
      [REQUESTED_FOR_LABEL]: input.requestedFor.label,
    };
    return m;
  });
  return {
    [`dbaas/${input.name}.yaml`]: manifestFile(
      [
        `DBaaS PostgreSQL cluster ${input.name}, requested for ${
          input.requestedFor.ref
        }${
          input.requestedBy ? ` by ${input.requestedBy}` : ''
        } through Pégase Portal.`,
        `Vault: database mount dbaas/${input.name}/database, connection postgres, roles owner, rw (static) and ro (dynamic).`,
      ],
      [postgresql, ...vault],
    ),
  };
}

/** Input of {@link renderKaas}. */
export interface KaasRenderInput {
  name: string;
  namespace: string;
  apiVersion: 'v1' | 'v1beta2';
  replicas: number;
  volumeSize: string;
  kafkaVersion?: string;
  topics: Array<{ name: string; partitions: number; retentionHours?: number }>;
  users: Array<{
    name: string;
    topics: string[];
    access: 'read' | 'write' | 'readwrite';
  }>;
  requestedFor: { ref: string; label: string };
  cluster?: string;
  requestedBy?: string;
}

const OPERATIONS = {
  read: ['Read', 'Describe'],
  write: ['Write', 'Describe'],
  readwrite: ['Read', 'Write', 'Describe'],
} as const;

/** `kaas/<name>.yaml`: a KRaft `Kafka` with its `KafkaNodePool`, `KafkaTopic`s and `KafkaUser`s. */
export function renderKaas(input: KaasRenderInput): Record<string, string> {
  const apiVersion = `kafka.strimzi.io/${input.apiVersion}`;
  const requestedFor = { [REQUESTED_FOR_LABEL]: input.requestedFor.label };
  const clusterLabels = {
    ...MANAGED_BY,
    'strimzi.io/cluster': input.name,
    ...requestedFor,
  };
  const rf = Math.min(3, input.replicas);
  const kafkaLabels: Record<string, string> = {
    ...MANAGED_BY,
    ...requestedFor,
  };
  if (input.cluster) kafkaLabels[CLUSTER_LABEL] = input.cluster;
  const kafka: Manifest = {
    apiVersion,
    kind: 'Kafka',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels: kafkaLabels,
      ...(input.apiVersion === 'v1beta2'
        ? {
            annotations: {
              'strimzi.io/kraft': 'enabled',
              'strimzi.io/node-pools': 'enabled',
            },
          }
        : {}),
    },
    spec: {
      kafka: {
        ...(input.kafkaVersion ? { version: input.kafkaVersion } : {}),
        listeners: [
          {
            name: 'tls',
            port: 9093,
            type: 'internal',
            tls: true,
            ...(input.users.length
              ? { authentication: { type: 'scram-sha-512' } }
              : {}),
          },
        ],
        ...(input.users.length ? { authorization: { type: 'simple' } } : {}),
        config: {
          'default.replication.factor': rf,
          'min.insync.replicas': Math.max(1, rf - 1),
          'offsets.topic.replication.factor': rf,
          'transaction.state.log.replication.factor': rf,
          'transaction.state.log.min.isr': Math.max(1, rf - 1),
        },
      },
      entityOperator: { topicOperator: {}, userOperator: {} },
    },
  };
  const pool: Manifest = {
    apiVersion,
    kind: 'KafkaNodePool',
    metadata: {
      name: 'dual',
      namespace: input.namespace,
      labels: clusterLabels,
    },
    spec: {
      replicas: input.replicas,
      roles: ['controller', 'broker'],
      storage: {
        type: 'jbod',
        volumes: [
          {
            id: 0,
            type: 'persistent-claim',
            size: input.volumeSize,
            kraftMetadata: 'shared',
            deleteClaim: false,
          },
        ],
      },
    },
  };
  const topics: Manifest[] = input.topics.map(t => ({
    apiVersion,
    kind: 'KafkaTopic',
    metadata: {
      name: t.name,
      namespace: input.namespace,
      labels: clusterLabels,
    },
    spec: {
      partitions: t.partitions,
      replicas: rf,
      ...(t.retentionHours
        ? { config: { 'retention.ms': t.retentionHours * 3_600_000 } }
        : {}),
    },
  }));
  const users: Manifest[] = input.users.map(u => ({
    apiVersion,
    kind: 'KafkaUser',
    metadata: {
      name: u.name,
      namespace: input.namespace,
      labels: clusterLabels,
    },
    spec: {
      authentication: { type: 'scram-sha-512' },
      authorization: {
        type: 'simple',
        acls: [
          ...u.topics.map(topic => ({
            resource: { type: 'topic', name: topic, patternType: 'literal' },
            operations: [...OPERATIONS[u.access]],
          })),
          ...(u.access !== 'write'
            ? [
                {
                  resource: {
                    type: 'group',
                    name: `${u.name}-`,
                    patternType: 'prefix',
                  },
                  operations: ['Read'],
                },
              ]
            : []),
        ],
      },
    },
  }));
  return {
    [`kaas/${input.name}.yaml`]: manifestFile(
      [
        `KaaS Kafka cluster ${
          input.name
        } (KRaft, Strimzi ${apiVersion}), requested for ${
          input.requestedFor.ref
        }${
          input.requestedBy ? ` by ${input.requestedBy}` : ''
        } through Pégase Portal.`,
      ],
      [kafka, pool, ...topics, ...users],
    ),
  };
}
