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
  assertZalandoName,
  PG_IDENTIFIER,
  quantityToGi,
} from '../lib/validation';
import { parseRequestTarget, resolveRequestTarget } from '../lib/requestTarget';
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
      const numberOfInstances = input.numberOfInstances ?? 2;
      if (!Number.isInteger(numberOfInstances) || numberOfInstances < 1) {
        throw new InputError(`numberOfInstances must be a whole number >= 1`);
      }
      const volumeSize = input.volumeSize ?? '10Gi';
      const volumeGi = quantityToGi(volumeSize, 'volumeSize');
      const limits = limitsOf(options.selfService, usage);
      assertWithin(
        numberOfInstances,
        limits.maxPostgresInstances,
        'numberOfInstances',
        usage,
      );
      assertWithin(
        volumeGi,
        limits.maxPostgresVolumeGi,
        'volumeSize (GiB)',
        usage,
      );
      const users = (input.users ?? []).map(u => ({
        name: u.name,
        flags: (u.flags ?? []).map(f => f.toLowerCase()),
      }));
      const seen = new Set<string>();
      for (const u of users) {
        assertName(u.name, 'users[].name', {
          pattern: PG_IDENTIFIER,
          maxLength: 63,
          description: 'a PostgreSQL role name (lower-case letters, digits, _)',
        });
        if (seen.has(u.name))
          throw new InputError(`user '${u.name}' is listed twice`);
        seen.add(u.name);
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
      const dbs = new Set<string>();
      for (const d of input.databases ?? []) {
        assertName(d.name, 'databases[].name', {
          pattern: PG_IDENTIFIER,
          maxLength: 63,
          description:
            'a PostgreSQL database name (lower-case letters, digits, _)',
        });
        if (dbs.has(d.name))
          throw new InputError(`database '${d.name}' is listed twice`);
        dbs.add(d.name);
        if (!seen.has(d.owner)) {
          throw new InputError(
            `database '${d.name}': its owner '${d.owner}' must be one of the users of the request`,
          );
        }
      }
      await authorizeUsage(ctx, options.permissions, usage);

      await proposeChange(ctx, options, {
        kind: 'dbaas',
        name: input.name,
        entityRef: `resource:default/${input.name}`,
        title: `New PostgreSQL cluster ${input.name} for ${requestedFor.ref}`,
        description: [
          `Requests the DBaaS PostgreSQL ${input.version ?? '17'} cluster **${
            input.name
          }** (${numberOfInstances} instances, ${volumeSize}) for \`${
            requestedFor.ref
          }\`, usage ${usage}.`,
          `With its Vault database mount dbaas/${input.name}/database, the postgres connection, static roles owner and rw, dynamic role ro.`,
        ],
        build: async checkout => {
          const { instance, cluster, namespace } = await resolveRequestTarget(
            checkout,
            target,
            { kind: 'dbaas', name: input.name },
          );
          for (const f of checkout.snapshot.dbaas) {
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
          const link = await linkToInstanceValues(
            checkout,
            instance,
            'dbaas',
            input.name,
            {
              host: `${input.name}.${namespace}.svc`,
              port: 5432,
              vaultDatabaseMount: `dbaas/${input.name}/database`,
            },
          );
          return {
            ...link,
            ...renderDbaas({
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
          };
        },
      });
    },
  });
}
