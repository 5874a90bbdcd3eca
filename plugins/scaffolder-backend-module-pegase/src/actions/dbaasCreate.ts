import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  changeOutputSchema,
  limitsOf,
  PegaseActionOptions,
  withoutEmpty,
} from '../lib/flow';
import {
  assertUniqueNames,
  assertNoInjection,
  assertZalandoName,
  PG_IDENTIFIER,
} from '../lib/validation';
import {
  checkSize,
  parseRequestTarget,
  proposeRequestedResource,
} from '../lib/requestTarget';
import { renderDbaas } from '../lib/render';
import { requestedResourceInputs } from '../lib/requestInputs';
import { examples } from './dbaasCreate.examples';

/** PostgreSQL role flags the Zalando operator accepts. */
export const USER_FLAGS = [
  'superuser',
  'nosuperuser',
  'inherit',
  'noinherit',
  'login',
  'nologin',
  'createrole',
  'nocreaterole',
  'createdb',
  'nocreatedb',
  'replication',
  'noreplication',
  'bypassrls',
  'nobypassrls',
] as const;

/**
 * `pegase:dbaas:create`: a Zalando `postgresql` cluster (DBaaS) with its Vault
 * database mount, connection and roles, in `dbaas/<name>.yaml`, as a
 * merge/pull request on the GitOps repository.
 * @public
 */
export function createPegaseDbaasCreateAction(options: PegaseActionOptions) {
  return createTemplateAction({
    id: 'pegase:dbaas:create',
    description:
      'Requests a PostgreSQL cluster (Zalando postgres-operator) and its Vault database roles, as a merge/pull request on the GitOps repository',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({
            description: 'Cluster name: <teamId>-..., at most 58 characters',
          }),
        ...requestedResourceInputs,
        numberOfInstances: z =>
          z
            .number({ description: 'PostgreSQL pods (1 primary + replicas)' })
            .int()
            .default(2),
        volumeSize: z =>
          z
            .string({ description: 'Volume of each pod, e.g. 20Gi' })
            .default('10Gi'),
        version: z =>
          z
            .enum(['14', '15', '16', '17', '18'], {
              description: 'PostgreSQL major version',
            })
            .default('17'),
        users: z =>
          z
            .array(
              z.object({
                name: z.string(),
                flags: z.array(z.string()).optional(),
              }),
              { description: 'Roles to create, with their flags' },
            )
            .default([]),
        databases: z =>
          z
            .array(z.object({ name: z.string(), owner: z.string() }), {
              description: 'Databases and their owner role',
            })
            .default([]),
      },
      output: changeOutputSchema,
    },
    async handler(ctx) {
      const input = withoutEmpty(ctx.input);
      assertNoInjection(input, 'input');
      const { teamId } = options.selfService;
      assertZalandoName(input.name, teamId);
      const target = parseRequestTarget(input);
      const { requestedFor, usage } = target;
      const limits = limitsOf(options.selfService, usage);
      const size = checkSize(
        { count: input.numberOfInstances, volumeSize: input.volumeSize },
        {
          countField: 'numberOfInstances',
          defaultCount: 2,
          maxCount: limits.maxPostgresInstances,
          maxVolumeGi: limits.maxPostgresVolumeGi,
          usage,
        },
      );
      const numberOfInstances = size.count;
      const volumeSize = size.volumeSize;
      const users = (input.users ?? []).map(u => ({
        name: u.name,
        flags: (u.flags ?? []).map(f => f.toLowerCase()),
      }));
      const seen = assertUniqueNames(
        users.map(u => u.name),
        {
          field: 'users[].name',
          what: 'user',
          pattern: PG_IDENTIFIER,
          description: 'a PostgreSQL role name (lower-case letters, digits, _)',
        },
      );
      for (const u of users) {
        for (const f of u.flags) {
          if (!(USER_FLAGS as readonly string[]).includes(f)) {
            throw new InputError(
              `user '${u.name}': flag '${f}' is not one of ${USER_FLAGS.join(
                ', ',
              )}`,
            );
          }
        }
      }
      const dbs = assertUniqueNames(
        (input.databases ?? []).map(d => d.name),
        {
          field: 'databases[].name',
          what: 'database',
          pattern: PG_IDENTIFIER,
          description:
            'a PostgreSQL database name (lower-case letters, digits, _)',
        },
      );
      for (const d of input.databases ?? []) {
        if (!seen.has(d.owner)) {
          throw new InputError(
            `database '${d.name}': its owner '${d.owner}' must be one of the users of the request`,
          );
        }
      }
      await proposeRequestedResource(ctx, options, target, {
        kind: 'dbaas',
        name: input.name,
        title: `New PostgreSQL cluster ${input.name} for ${requestedFor.ref}`,
        description: [
          `Requests the DBaaS PostgreSQL ${input.version ?? '17'} cluster **${
            input.name
          }** (${numberOfInstances} instances, ${volumeSize}) for \`${
            requestedFor.ref
          }\`, usage ${usage}.`,
          `With its Vault database mount dbaas/${input.name}/database, the postgres connection, static roles owner and rw, dynamic role ro.`,
        ],
        check: ({ namespace }, { snapshot }) => {
          for (const f of snapshot.dbaas) {
            for (const d of f.documents) {
              if (d.kind !== 'postgresql' || d.namespace !== namespace)
                continue;
              const declared = ((d.body.spec as any)?.databases ??
                {}) as Record<string, string>;
              for (const db of dbs) {
                if (Object.prototype.hasOwnProperty.call(declared, db)) {
                  throw new InputError(
                    `database '${db}' already exists in namespace ${namespace} (cluster ${d.name}, ${f.file})`,
                  );
                }
              }
            }
          }
        },
        connection: namespace => ({
          host: `${input.name}.${namespace}.svc`,
          port: 5432,
          vaultDatabaseMount: `dbaas/${input.name}/database`,
        }),
        render: ({ namespace, cluster }) =>
          renderDbaas({
            name: input.name,
            namespace,
            teamId,
            numberOfInstances,
            volumeSize,
            version: input.version ?? '17',
            users,
            databases: input.databases ?? [],
            requestedFor,
            cluster,
            requestedBy: ctx.user?.ref,
          }),
      });
    },
  });
}
