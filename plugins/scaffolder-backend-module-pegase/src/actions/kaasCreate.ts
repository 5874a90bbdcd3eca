import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  assertWithin,
  changeOutputSchema,
  limitsOf,
  PegaseActionOptions,
  withoutEmpty,
} from '../lib/flow';
import {
  assertName,
  assertUniqueNames,
  assertNoInjection,
  DNS1123_LABEL,
  KAFKA_NAME_MAX_LENGTH,
} from '../lib/validation';
import {
  checkSize,
  parseRequestTarget,
  proposeRequestedResource,
} from '../lib/requestTarget';
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
      const limits = limitsOf(options.selfService, usage);
      const size = checkSize(
        { count: input.replicas, volumeSize: input.volumeSize },
        {
          countField: 'replicas',
          defaultCount: 3,
          maxCount: limits.maxKafkaReplicas,
          maxVolumeGi: limits.maxKafkaVolumeGi,
          usage,
        },
      );
      const replicas = size.count;
      const volumeSize = size.volumeSize;
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
      const topicNames = assertUniqueNames(
        topics.map(t => t.name),
        {
          field: 'topics[].name',
          what: 'topic',
          pattern: DNS1123_LABEL,
          description: 'a KafkaTopic name (DNS-1123 label)',
        },
      );
      for (const t of topics) {
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
      assertUniqueNames(
        users.map(u => u.name),
        {
          field: 'users[].name',
          what: 'user',
          pattern: DNS1123_LABEL,
          description: 'a KafkaUser name (DNS-1123 label)',
        },
      );
      for (const u of users) {
        for (const t of u.topics) {
          if (!topicNames.has(t))
            throw new InputError(
              `user '${u.name}' names topic '${t}', which is not in the request`,
            );
        }
      }
      await proposeRequestedResource(ctx, options, target, {
        kind: 'kaas',
        name: input.name,
        title: `New Kafka cluster ${input.name} for ${requestedFor.ref}`,
        description: [
          `Requests the KaaS Kafka cluster **${input.name}** (KRaft, ${replicas} nodes of ${volumeSize}) for \`${requestedFor.ref}\`, usage ${usage}.`,
          `Topics: ${topics.map(t => t.name).join(', ') || 'none'}. Users: ${
            users.map(u => u.name).join(', ') || 'none'
          }.`,
        ],
        connection: namespace => ({
          bootstrapServers: `${input.name}-kafka-bootstrap.${namespace}.svc:9093`,
        }),
        render: ({ namespace, cluster }) =>
          renderKaas({
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
      });
    },
  });
}
