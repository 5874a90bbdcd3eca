import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseEntityRef } from '@backstage/catalog-model';
import { pegaseInstanceCreatePermission } from '@pcscol/plugin-pegase-common';
import {
  addInstance,
  componentsOfInstance,
  INSTANCE_USAGES,
  InstanceUsage,
  newInstancePaths,
  renderVaultInstanceManifests,
} from '@pcscol/plugin-pegase-node';
import {
  asInputError,
  assertWithin,
  authorizeUsage,
  changeOutputSchema,
  limitsOf,
  nameOf,
  PegaseActionOptions,
  proposeChange,
  requireCluster,
  withoutEmpty,
} from '../lib/flow';
import {
  assertDnsLabel,
  assertInstanceName,
  assertNoInjection,
  assertTtl,
} from '../lib/validation';
import { authorizeEntities } from '../lib/access';
import { mdCode } from '../lib/markdown';
import { examples } from './instanceCreate.examples';

/** The entity ref of an owner written as `name` or `namespace/name`. */
function ownerGroupRef(owner: string): string {
  const ref = parseEntityRef(owner, {
    defaultKind: 'group',
    defaultNamespace: 'default',
  });
  return `group:${ref.namespace}/${ref.name}`.toLocaleLowerCase('en-US');
}

/**
 * `pegase:instance:create`: adds a Pégase instance to the inventory (its
 * `instance.json` and `values.yaml`) with its Vault resources
 * (vault-config-operator CRs under `vault/<instance>/`), as a merge/pull
 * request on the GitOps repository.
 * @public
 */
export function createPegaseInstanceCreateAction(options: PegaseActionOptions) {
  const now = options.now ?? (() => new Date());
  return createTemplateAction({
    id: 'pegase:instance:create',
    description:
      'Adds a Pégase instance (inventory, values, Vault resources) to the GitOps repository as a merge/pull request',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        university: z =>
          z.string({
            description:
              'University code (lower-case letters, digits, -), e.g. univ-x',
          }),
        usage: z =>
          z.enum(INSTANCE_USAGES as [InstanceUsage, ...InstanceUsage[]], {
            description: 'sandbox, construction or production',
          }),
        region: z => z.string({ description: 'Hosting region, e.g. eu-sxb-1' }),
        cluster: z =>
          z.string({
            description:
              'Target cluster: a file of clusters/ (name or entity ref resource:default/<name>)',
          }),
        name: z =>
          z
            .string({
              description:
                'Instance name; default <university>-<usage> (DNS-1123, at most 53 characters)',
            })
            .optional(),
        namespace: z =>
          z
            .string({ description: 'Kubernetes namespace; default the name' })
            .optional(),
        chartVersion: z =>
          z
            .string({
              description: 'Umbrella chart version; default the current chart',
            })
            .optional(),
        components: z =>
          z
            .array(z.string(), {
              description:
                'Sub-charts to run (entity names); default all those the chart enables',
            })
            .optional(),
        ttl: z =>
          z
            .string({
              description:
                'Expiry date of a disposable instance (ISO-8601), sandbox',
            })
            .optional(),
        owner: z =>
          z
            .string({
              description:
                'Owner group (name or ref group:default/<name>); default the Ops group',
            })
            .optional(),
        values: z =>
          z
            .record(z.string(), z.any(), {
              description: 'Helm values of the instance (values.yaml)',
            })
            .optional(),
      },
      output: changeOutputSchema,
    },
    async handler(ctx) {
      const input = withoutEmpty(ctx.input);
      assertNoInjection(input, 'input');
      if (
        !/^[a-z0-9][a-z0-9-]{0,39}$/.test(input.university) ||
        input.university.endsWith('-')
      ) {
        throw new InputError(
          `university '${input.university}' is not a university code (lower-case letters, digits and '-', at most 40 characters)`,
        );
      }
      const usage = input.usage as InstanceUsage;
      const name = input.name?.trim() || `${input.university}-${usage}`;
      assertInstanceName(name);
      assertDnsLabel(input.region, 'region');
      const clusterName = nameOf(input.cluster, 'cluster');
      assertDnsLabel(clusterName, 'cluster');
      if (input.namespace) assertDnsLabel(input.namespace, 'namespace');
      if (
        input.chartVersion &&
        !/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(input.chartVersion)
      ) {
        throw new InputError(
          `chartVersion '${input.chartVersion}' is not a semantic version`,
        );
      }
      const wanted = input.components?.map(c => nameOf(c, 'components'));
      for (const c of wanted ?? []) assertDnsLabel(c, 'components');
      let owner: string | undefined;
      if (input.owner) {
        const ref = parseEntityRef(input.owner, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        });
        if (ref.kind.toLocaleLowerCase('en-US') !== 'group') {
          throw new InputError(`owner '${input.owner}' is not a group`);
        }
        assertDnsLabel(ref.name, 'owner');
        owner =
          ref.namespace === 'default'
            ? ref.name
            : `${ref.namespace}/${ref.name}`;
      }
      const limits = limitsOf(options.selfService, usage);
      if (input.ttl) assertTtl(input.ttl, now(), limits.maxTtlDays);
      else if (limits.requireTtl) {
        throw new InputError(
          `A ${usage} instance needs a ttl (disposable instance, at most ${limits.maxTtlDays} days)`,
        );
      }
      // checked against its owner group: a team creates the instances it owns
      const ownerRef = ownerGroupRef(owner ?? options.selfService.defaultOwner);
      await authorizeEntities(
        ctx,
        options.authorizer,
        pegaseInstanceCreatePermission,
        [ownerRef],
        'pegase:instance:create',
        `the owner group of the new instance; choose a group you belong to`,
      );
      await authorizeUsage(ctx, options.permissions, usage);

      await proposeChange(ctx, options, {
        kind: 'instance',
        name,
        entityRef: `resource:default/${name}`,
        creates: name,
        title: `New Pégase instance ${name} (${usage}, ${clusterName})`,
        description: [
          `Adds the Pégase instance **${name}** for university ${mdCode(
            input.university,
          )}: usage ${usage}, region ${input.region}, cluster ${clusterName}.`,
          'The inventory entry and values file, and its Vault resources (KV and database mounts, postgres and mongodb connections, static and dynamic roles, Kubernetes auth role, policies).',
        ],
        build: ({ snapshot }) => {
          const cluster = requireCluster(snapshot, clusterName);
          if (cluster.region && cluster.region !== input.region) {
            throw new InputError(
              `cluster '${clusterName}' is in region ${cluster.region}, not ${input.region}`,
            );
          }
          if (cluster.usage && cluster.usage !== usage) {
            throw new InputError(
              `cluster '${clusterName}' hosts ${cluster.usage} instances, not ${usage}`,
            );
          }
          const namespace = input.namespace ?? name;
          const clash = snapshot.instances.find(
            i =>
              i.cluster === clusterName &&
              i.namespace === namespace &&
              i.name !== name,
          );
          if (clash) {
            throw new InputError(
              `namespace '${namespace}' is already used on cluster ${clusterName} by instance ${clash.name} (${clash.file})`,
            );
          }
          const count =
            snapshot.instances.filter(i => i.usage === usage).length + 1;
          assertWithin(
            count,
            limits.maxInstances,
            'The number of instances',
            usage,
          );
          const chartVersion = input.chartVersion ?? snapshot.chart?.version;
          let disabledComponents: string[] | undefined;
          if (wanted) {
            const all = componentsOfInstance(snapshot, {
              chartVersion,
              values: input.values,
            });
            if (!all.release) {
              throw new InputError(
                `chartVersion '${chartVersion}' is neither the current umbrella chart nor in charts/index.yaml`,
              );
            }
            const unknown = wanted.filter(c => !all.components.includes(c));
            if (unknown.length) {
              throw new InputError(
                `components ${unknown.join(
                  ', ',
                )} are not sub-charts of umbrella ${chartVersion}`,
              );
            }
            disabledComponents = all.components.filter(
              c => !input.components!.includes(c),
            );
          }
          const added = asInputError(() =>
            addInstance(
              snapshot,
              {
                name,
                university: input.university,
                usage,
                region: input.region,
                cluster: clusterName,
                namespace: input.namespace,
                chartVersion: input.chartVersion,
                disabledComponents,
                ttl: input.ttl,
                owner,
                values: input.values,
              },
              { defaultOwner: options.selfService.defaultOwner },
            ),
          );
          const runs = componentsOfInstance(snapshot, {
            chartVersion: added.instance.chartVersion,
            disabledComponents: added.instance.disabledComponents,
            values: input.values,
          });
          const serviceAccounts = runs.components.map(c => {
            const sub = snapshot.chart?.subCharts.find(s => s.entityName === c);
            return sub
              ? {
                  entityName: sub.entityName,
                  serviceAccount: sub.serviceAccount,
                }
              : c;
          });
          const vault = renderVaultInstanceManifests(
            { name, namespace: added.instance.namespace },
            serviceAccounts,
            { name: cluster.name, apiServer: cluster.apiServer },
          );
          // where the inventory file went: the ApplicationSet that reads it
          const placed = newInstancePaths(
            snapshot,
            { name, usage, region: input.region },
            added.instance.raw,
          );
          const notes = placed.applicationSet
            ? [
                '',
                `Its inventory file is read by the ApplicationSet ${mdCode(
                  placed.applicationSet,
                )} (Git files generator path ${mdCode(placed.glob ?? '')}).`,
              ]
            : [];
          return { files: { ...added.files, ...vault }, remove: [], notes };
        },
      });
    },
  });
}
