import { z } from 'zod';
import { parseAllDocuments } from 'yaml';
import { InputError } from '@backstage/errors';
import { FileChanges, INSTANCE_USAGES } from '@pcscol/plugin-pegase-node';
import { PEGASE_LABELS } from '@pcscol/plugin-pegase-common';

/*
 * The actions' own schemas of the fields they render. Every rendered file is
 * checked against them before a change request is opened; the tests check the
 * same manifests against the official CRDs (`$PEGASE_SHARED_DIR/crds`).
 */

const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
  .max(63);
const dnsSubdomain = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/)
  .max(253);
const labelValue = z
  .string()
  .regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/)
  .max(63);
const labels = z.record(z.string().max(317), labelValue);
/** Labels of a DBaaS/KaaS cluster: the `requestedFor` label is required. */
const requestedForLabels = labels.refine(
  l => Boolean(l[PEGASE_LABELS.requestedFor]),
  `label ${PEGASE_LABELS.requestedFor} is required`,
);
const metadata = z.object({
  name: dnsSubdomain,
  namespace: dnsLabel.optional(),
  labels: labels.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
const quantity = z.string().regex(/^\d+(\.\d+)?(Mi|Gi|Ti)$/);

/** instance.json of the contract. */
export const instanceJsonSchema = z
  .object({
    name: dnsLabel.max(53),
    university: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/)
      .max(40)
      .optional(),
    usage: z.enum(INSTANCE_USAGES as [string, ...string[]]),
    region: dnsLabel,
    cluster: dnsLabel,
    namespace: dnsLabel.optional(),
    chartVersion: z
      .string()
      .regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/)
      .optional(),
    disabledComponents: z.array(dnsLabel).optional(),
    ttl: z.string().optional(),
    owner: z
      .string()
      .regex(/^([a-z]+:)?([a-z0-9-]+\/)?[a-z0-9][a-z0-9._-]*$/i)
      .optional(),
  })
  .strict();

const vcoAuth = z
  .object({
    path: z.string().min(1),
    role: z.string().min(1),
    // required by the vault-config-operator CRDs
    serviceAccount: z.object({ name: z.string().min(1) }).passthrough(),
  })
  .passthrough();
const vcoBase = {
  apiVersion: z.literal('redhatcop.redhat.io/v1alpha1'),
  metadata,
};
const vaultPath = z
  .string()
  .regex(/^[a-z0-9][-a-z0-9_/]*[a-z0-9]$/)
  .refine(p => !p.split('/').includes('..'));

const vaultSchemas: Record<string, z.ZodType> = {
  SecretEngineMount: z.object({
    ...vcoBase,
    kind: z.literal('SecretEngineMount'),
    spec: z
      .object({
        authentication: vcoAuth,
        type: z.enum(['kv', 'database']),
        path: vaultPath,
        name: dnsLabel.optional(),
      })
      .passthrough(),
  }),
  DatabaseSecretEngineConfig: z.object({
    ...vcoBase,
    kind: z.literal('DatabaseSecretEngineConfig'),
    spec: z
      .object({
        authentication: vcoAuth,
        path: vaultPath,
        pluginName: z.enum([
          'postgresql-database-plugin',
          'mongodb-database-plugin',
        ]),
        connectionURL: z.string().min(1),
        rootCredentials: z.object({}).passthrough(),
      })
      .passthrough(),
  }),
  DatabaseSecretEngineStaticRole: z.object({
    ...vcoBase,
    kind: z.literal('DatabaseSecretEngineStaticRole'),
    spec: z
      .object({
        authentication: vcoAuth,
        path: vaultPath,
        dBName: z.string().min(1),
        username: z.string().regex(/^[a-z_][a-z0-9_]*$/),
        rotationPeriod: z.number().int().min(5),
      })
      .passthrough(),
  }),
  DatabaseSecretEngineRole: z.object({
    ...vcoBase,
    kind: z.literal('DatabaseSecretEngineRole'),
    spec: z
      .object({
        authentication: vcoAuth,
        path: vaultPath,
        dBName: z.string().min(1),
        creationStatements: z.array(z.string()).min(1),
      })
      .passthrough(),
  }),
  KubernetesAuthEngineRole: z.object({
    ...vcoBase,
    kind: z.literal('KubernetesAuthEngineRole'),
    spec: z
      .object({
        authentication: vcoAuth,
        path: vaultPath,
        policies: z.array(z.string().min(1)).min(1),
        targetServiceAccounts: z.array(dnsSubdomain).min(1),
        targetNamespaces: z.object({
          targetNamespaces: z.array(dnsLabel).min(1),
        }),
      })
      .passthrough(),
  }),
  Policy: z.object({
    ...vcoBase,
    kind: z.literal('Policy'),
    spec: z
      .object({ authentication: vcoAuth, policy: z.string().min(1) })
      .passthrough(),
  }),
};

const postgresqlSchema = z.object({
  apiVersion: z.literal('acid.zalan.do/v1'),
  kind: z.literal('postgresql'),
  metadata: metadata.extend({
    name: z
      .string()
      .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/)
      .max(58),
    labels: requestedForLabels,
  }),
  spec: z
    .object({
      teamId: dnsLabel,
      numberOfInstances: z.number().int().min(1),
      volume: z.object({ size: quantity }).passthrough(),
      postgresql: z
        .object({ version: z.enum(['14', '15', '16', '17', '18']) })
        .passthrough(),
      users: z
        .record(z.string().regex(/^[a-z_][a-z0-9_]*$/), z.array(z.string()))
        .optional(),
      databases: z
        .record(
          z.string().regex(/^[a-z_][a-z0-9_]*$/),
          z.string().regex(/^[a-z_][a-z0-9_]*$/),
        )
        .optional(),
    })
    .passthrough()
    .refine(s => s.teamId.length > 0, 'teamId'),
});

const strimziApi = z.enum(['kafka.strimzi.io/v1', 'kafka.strimzi.io/v1beta2']);
const clusterLabel = labels.refine(
  l => dnsLabel.safeParse(l['strimzi.io/cluster']).success,
  'label strimzi.io/cluster is required',
);
const kafkaSchemas: Record<string, z.ZodType> = {
  Kafka: z.object({
    apiVersion: strimziApi,
    kind: z.literal('Kafka'),
    metadata: metadata.extend({
      labels: requestedForLabels,
    }),
    spec: z
      .object({
        kafka: z
          .object({
            listeners: z
              .array(
                z
                  .object({
                    name: z.string().regex(/^[a-z0-9]{1,11}$/),
                    port: z.number().int().min(9092),
                    type: z.string(),
                    tls: z.boolean(),
                  })
                  .passthrough(),
              )
              .min(1),
            config: z
              .record(
                z.string(),
                z.union([z.string(), z.number(), z.boolean()]),
              )
              .optional(),
          })
          .passthrough(),
      })
      .passthrough(),
  }),
  KafkaNodePool: z.object({
    apiVersion: strimziApi,
    kind: z.literal('KafkaNodePool'),
    metadata: metadata.extend({ labels: clusterLabel }),
    spec: z
      .object({
        replicas: z.number().int().min(1),
        roles: z.array(z.enum(['controller', 'broker'])).min(1),
        storage: z
          .object({
            type: z.literal('jbod'),
            volumes: z
              .array(
                z
                  .object({
                    id: z.number().int(),
                    type: z.string(),
                    size: quantity,
                  })
                  .passthrough(),
              )
              .min(1),
          })
          .passthrough(),
      })
      .passthrough(),
  }),
  KafkaTopic: z.object({
    apiVersion: strimziApi,
    kind: z.literal('KafkaTopic'),
    metadata: metadata.extend({ labels: clusterLabel }),
    spec: z
      .object({
        partitions: z.number().int().min(1),
        replicas: z.number().int().min(1),
      })
      .passthrough(),
  }),
  KafkaUser: z.object({
    apiVersion: strimziApi,
    kind: z.literal('KafkaUser'),
    metadata: metadata.extend({ labels: clusterLabel }),
    spec: z
      .object({
        authentication: z.object({ type: z.enum(['scram-sha-512', 'tls']) }),
        authorization: z
          .object({
            type: z.literal('simple'),
            acls: z.array(
              z
                .object({
                  resource: z
                    .object({
                      type: z.string(),
                      name: z.string(),
                      patternType: z.enum(['literal', 'prefix']),
                    })
                    .passthrough(),
                  operations: z.array(z.string()).min(1),
                })
                .passthrough(),
            ),
          })
          .optional(),
      })
      .passthrough(),
  }),
};

/** A chart source of an Application template: its version is a string. */
const chartSource = z
  .object({ chart: z.string().min(1), targetRevision: z.string().min(1) })
  .passthrough();

/**
 * An add-on ApplicationSet (pegase:addon:upgrade edits its chart source's
 * `targetRevision`): the fields the portal reads and writes.
 */
const applicationSetSchema = z
  .object({
    apiVersion: z.literal('argoproj.io/v1alpha1'),
    kind: z.literal('ApplicationSet'),
    metadata: metadata.passthrough(),
    spec: z
      .object({
        goTemplate: z.literal(true),
        generators: z.array(z.record(z.string(), z.unknown())).min(1),
        template: z
          .object({
            spec: z
              .object({
                source: chartSource.optional(),
                sources: z.array(z.record(z.string(), z.unknown())).optional(),
              })
              .passthrough(),
          })
          .passthrough(),
      })
      .passthrough(),
  })
  .passthrough();

/** `clusters/<name>.yaml` (pegase:addon:upgrade edits its labels): labels as Kubernetes takes them. */
const clusterFileSchema = z.object({ labels: labels.optional() }).passthrough();

const schemasByKind: Record<string, z.ZodType> = {
  ...vaultSchemas,
  ...kafkaSchemas,
  postgresql: postgresqlSchema,
  ApplicationSet: applicationSetSchema,
};

function describe(issues: z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/**
 * Validates every rendered file (instance.json, values YAML, manifests) with
 * the actions' own schemas. Throws an InputError naming the file, the document
 * and the fields, so that no change request is opened.
 */
export function validateRenderedFiles(files: FileChanges): void {
  const problems: string[] = [];
  for (const [file, text] of Object.entries(files)) {
    if (file.endsWith('instance.json')) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        problems.push(`${file}: invalid JSON (${(e as Error).message})`);
        continue;
      }
      // one instance, or an array of them (the repository contract accepts both)
      const r = (
        Array.isArray(value)
          ? z.array(instanceJsonSchema).min(1)
          : instanceJsonSchema
      ).safeParse(value);
      if (!r.success) problems.push(`${file}: ${describe(r.error.issues)}`);
      continue;
    }
    if (!/\.ya?ml$/.test(file)) continue;
    const docs = parseAllDocuments(text);
    if (!Array.isArray(docs)) {
      problems.push(`${file}: invalid YAML`);
      continue;
    }
    docs.forEach((doc, index) => {
      if (doc.errors.length > 0) {
        problems.push(
          `${file} (document ${index + 1}): invalid YAML (${
            doc.errors[0].message.split('\n')[0]
          })`,
        );
        return;
      }
      const value = doc.toJS() as Record<string, unknown> | null;
      if (file.endsWith('values.yaml')) {
        if (
          value !== null &&
          (typeof value !== 'object' || Array.isArray(value))
        ) {
          problems.push(`${file}: values must be a mapping`);
        }
        return;
      }
      const kind = typeof value?.kind === 'string' ? value.kind : '';
      // a cluster file has no kind: its own schema
      const cluster = /^clusters\/[^/]+\.ya?ml$/.test(file) && kind === '';
      const schema = cluster ? clusterFileSchema : schemasByKind[kind];
      if (!schema) {
        problems.push(
          `${file} (document ${
            index + 1
          }): kind '${kind}' is not one the Pégase actions render`,
        );
        return;
      }
      const r = schema.safeParse(value);
      if (!r.success) {
        problems.push(
          `${file} (document ${index + 1}, ${kind || 'cluster'}): ${describe(
            r.error.issues,
          )}`,
        );
      }
    });
  }
  if (problems.length > 0) {
    throw new InputError(
      `A rendered manifest is not valid, no change request was opened: ${problems.join(
        ' | ',
      )}`,
    );
  }
}
