import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  assertWithin,
  authorizeUsage,
  changeOutputSchema,
  limitsOf,
  PegaseActionOptions,
  linkToInstanceValues,
  proposeChange,
  withoutEmpty,
} from '../lib/flow';
import {
  assertName,
  assertNoInjection,
  DNS1123_LABEL,
  KAFKA_NAME_MAX_LENGTH,
  quantityToGi,
} from '../lib/validation';
import { parseRequestTarget, resolveRequestTarget } from '../lib/requestTarget';
import { renderKaas } from '../lib/render';
import { requestedResourceInputs } from '../lib/requestInputs';
import { examples } from './kaasCreate.examples';

/**
 * `pegase:kaas:create`: a Strimzi `Kafka` (KRaft) with a `KafkaNodePool`, and
 * optional `KafkaTopic`s and `KafkaUser`s, in `kaas/<name>.yaml`, as a
 * merge/pull request on the GitOps repository.
 * @public
 */
export function createPegaseKaasCreateAction(options: PegaseActionOptions) {
  return createTemplateAction({
    id: 'pegase:kaas:create',
    description:
      'Requests a Kafka cluster (Strimzi, KRaft) with its node pool, topics and users, as a merge/pull request on the GitOps repository',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({
            description: `Kafka cluster name (DNS-1123, at most ${KAFKA_NAME_MAX_LENGTH} characters)`,
          }),
        ...requestedResourceInputs,
        replicas: z =>
          z
            .number({ description: 'Kafka nodes (controller + broker)' })
            .int()
            .default(3),
        volumeSize: z =>
          z
            .string({ description: 'Volume of each node, e.g. 20Gi' })
            .default('10Gi'),
        kafkaVersion: z =>
          z
            .string({
              description: 'Kafka version; default the operator default',
            })
            .optional(),
        topics: z =>
          z
            .array(
              z.object({
                name: z.string(),
                partitions: z.number().int().default(3),
                retentionHours: z.number().int().optional(),
              }),
              { description: 'KafkaTopics' },
            )
            .default([]),
        users: z =>
          z
            .array(
              z.object({
                name: z.string(),
                topics: z.array(z.string()).default([]),
                access: z
                  .enum(['read', 'write', 'readwrite'])
                  .default('readwrite'),
              }),
              {
                description:
                  'KafkaUsers (SCRAM-SHA-512) and the topics they use',
              },
            )
            .default([]),
      },
      output: changeOutputSchema,
    },
    async handler(ctx) {
      const input = withoutEmpty(ctx.input);
      assertNoInjection(input, 'input');
      assertName(input.name, 'name', {
        pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
        maxLength: KAFKA_NAME_MAX_LENGTH,
        description:
          'a Kafka cluster name (DNS-1123 label starting with a letter)',
      });
      const target = parseRequestTarget(input);
      const { requestedFor, usage } = target;
      if (input.kafkaVersion && !/^\d+\.\d+\.\d+$/.test(input.kafkaVersion)) {
        throw new InputError(
          `kafkaVersion '${input.kafkaVersion}' is not a version like 4.1.0`,
        );
      }
      const replicas = input.replicas ?? 3;
      if (!Number.isInteger(replicas) || replicas < 1)
        throw new InputError('replicas must be a whole number >= 1');
      const volumeSize = input.volumeSize ?? '10Gi';
      const volumeGi = quantityToGi(volumeSize, 'volumeSize');
      const limits = limitsOf(options.selfService, usage);
      assertWithin(replicas, limits.maxKafkaReplicas, 'replicas', usage);
      assertWithin(
        volumeGi,
        limits.maxKafkaVolumeGi,
        'volumeSize (GiB)',
        usage,
      );
      const topics = (input.topics ?? []).map(t => ({
        ...t,
        partitions: t.partitions ?? 3,
      }));
      assertWithin(
        topics.length,
        limits.maxKafkaTopics,
        'The number of topics',
        usage,
      );
      const topicNames = new Set<string>();
      for (const t of topics) {
        assertName(t.name, 'topics[].name', {
          pattern: DNS1123_LABEL,
          maxLength: 63,
          description: 'a KafkaTopic name (DNS-1123 label)',
        });
        if (topicNames.has(t.name))
          throw new InputError(`topic '${t.name}' is listed twice`);
        topicNames.add(t.name);
        if (!Number.isInteger(t.partitions) || t.partitions < 1)
          throw new InputError(`topic '${t.name}': partitions must be >= 1`);
        assertWithin(
          t.partitions,
          limits.maxTopicPartitions,
          `topic '${t.name}': partitions`,
          usage,
        );
        if (
          t.retentionHours !== undefined &&
          (!Number.isInteger(t.retentionHours) || t.retentionHours < 1)
        ) {
          throw new InputError(
            `topic '${t.name}': retentionHours must be a whole number >= 1`,
          );
        }
      }
      const users = (input.users ?? []).map(u => ({
        ...u,
        topics: u.topics ?? [],
        access: u.access ?? 'readwrite',
      }));
      const userNames = new Set<string>();
      for (const u of users) {
        assertName(u.name, 'users[].name', {
          pattern: DNS1123_LABEL,
          maxLength: 63,
          description: 'a KafkaUser name (DNS-1123 label)',
        });
        if (userNames.has(u.name))
          throw new InputError(`user '${u.name}' is listed twice`);
        userNames.add(u.name);
        for (const t of u.topics) {
          if (!topicNames.has(t))
            throw new InputError(
              `user '${u.name}' names topic '${t}', which is not in the request`,
            );
        }
      }
      await authorizeUsage(ctx, options.permissions, usage);

      await proposeChange(ctx, options, {
        kind: 'kaas',
        name: input.name,
        entityRef: `resource:default/${input.name}`,
        title: `New Kafka cluster ${input.name} for ${requestedFor.ref}`,
        description: [
          `Requests the KaaS Kafka cluster **${input.name}** (KRaft, ${replicas} nodes of ${volumeSize}) for \`${requestedFor.ref}\`, usage ${usage}.`,
          `Topics: ${topics.map(t => t.name).join(', ') || 'none'}. Users: ${
            users.map(u => u.name).join(', ') || 'none'
          }.`,
        ],
        build: async checkout => {
          const { instance, cluster, namespace } = await resolveRequestTarget(
            checkout,
            target,
            { kind: 'kaas', name: input.name },
          );
          const link = await linkToInstanceValues(
            checkout,
            instance,
            'kaas',
            input.name,
            {
              bootstrapServers: `${input.name}-kafka-bootstrap.${namespace}.svc:9093`,
            },
          );
          return {
            ...link,
            ...renderKaas({
              name: input.name,
              namespace,
              apiVersion: options.selfService.kafkaApiVersion,
              replicas,
              volumeSize,
              kafkaVersion: input.kafkaVersion,
              topics,
              users,
              requestedFor,
              cluster,
              requestedBy: ctx.user?.ref,
            }),
          };
        },
      });
    },
  });
}
