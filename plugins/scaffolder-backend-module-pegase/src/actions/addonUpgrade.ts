import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  clusterAddonEntityRef,
  pegaseAddonUpgradePermission,
} from '@pcscol/plugin-pegase-common';
import {
  addonUpgradeFileChanges,
  INSTANCE_USAGES,
  InstanceUsage,
  planAddonUpgrade,
  type AddonUpgradePlan,
} from '@pcscol/plugin-pegase-node';
import {
  asInputError,
  nameOf,
  openChange,
  PegaseActionOptions,
} from '../lib/flow';
import { assertNoInjection } from '../lib/validation';
import { authorizeEntities } from '../lib/access';
import { mdCode, mdText } from '../lib/markdown';
import { examples } from './addonUpgrade.examples';
import {
  addonUpgradeSummary,
  addonWaveLines,
  type AddonChangeRequest,
} from './addonUpgradeSummary';

const usages = INSTANCE_USAGES as [InstanceUsage, ...InstanceUsage[]];

/** The catalog entity of a cluster (a Resource of the default namespace). */
const clusterRef = (name: string) => `resource:default/${name}`;

/**
 * `pegase:addon:upgrade`: moves a cluster add-on to a chart version across
 * its clusters, one change request per wave of cluster usages. A wave sets
 * the `pc-scol.fr/addon-<add-on>-version` label of its clusters, which the
 * add-on's ApplicationSet template reads with its version as default (the
 * template is written so on the first move); a wave covering all the
 * clusters of an ApplicationSet moves its version instead. The dry run and
 * the outputs give the whole plan; a re-run updates the same change requests.
 * @public
 */
export function createPegaseAddonUpgradeAction(options: PegaseActionOptions) {
  return createTemplateAction({
    id: 'pegase:addon:upgrade',
    description:
      'Moves a cluster add-on to a chart version across its clusters: one merge/pull request per wave of clusters (their version label, read by the add-on ApplicationSet)',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        addon: z =>
          z.string({
            description:
              'The add-on (its pc-scol.fr/addon name, e.g. cert-manager), one of its ApplicationSets, or the ref of its catalog entity',
          }),
        to: z => z.string({ description: 'Target chart version' }),
        clusters: z =>
          z
            .array(z.string(), {
              description:
                'Only these clusters (names or entity refs); default every cluster the add-on targets',
            })
            .optional(),
        waves: z =>
          z
            .array(z.enum(usages), {
              description:
                'Cluster usages in wave order (sandbox, construction, production): one change request each; default one',
            })
            .optional(),
      },
      output: {
        addon: z => z.string(),
        to: z => z.string(),
        clusters: z =>
          z.array(
            z.object({
              name: z.string(),
              usage: z.string().optional(),
              applicationSet: z.string(),
              from: z.string().optional(),
              to: z.string(),
              wave: z.string(),
            }),
          ),
        skipped: z =>
          z.array(z.object({ cluster: z.string(), reason: z.string() })),
        changeRequests: z =>
          z.array(
            z.object({
              wave: z.string(),
              url: z.string(),
              number: z.number(),
              updated: z.boolean(),
              branch: z.string(),
              clusters: z.number(),
            }),
          ),
        diff: z => z.string(),
        summary: z =>
          z
            .string()
            .describe(
              'The change requests and the plan in Markdown (the template shows it)',
            ),
      },
    },
    async handler(ctx) {
      assertNoInjection(ctx.input, 'input');
      const input = ctx.input;
      const addon = nameOf(input.addon, 'addon');
      const clusters = input.clusters?.map(c => nameOf(c, 'clusters'));
      // The plan is made on the target branch as it is now.
      const checkout = await options.publisher.checkout({
        defaultOwner: options.selfService.defaultOwner,
      });
      let plan: AddonUpgradePlan;
      const changeRequests: AddonChangeRequest[] = [];
      const diffs: string[] = [];
      try {
        plan = asInputError(() =>
          planAddonUpgrade(checkout.snapshot, {
            addon,
            to: input.to,
            clusters,
            waves: input.waves,
          }),
        );
        // every ApplicationSet and cluster the waves may edit
        const sets = new Set(plan.clusters.map(c => c.applicationSet));
        await authorizeEntities(
          ctx,
          options.authorizer,
          pegaseAddonUpgradePermission,
          [
            ...[...sets].map(clusterAddonEntityRef),
            ...plan.clusters.map(c => clusterRef(c.name)),
          ],
          'pegase:addon:upgrade',
          'moving add-on versions is the hosting team’s',
        );
        for (const s of plan.skipped)
          ctx.logger.info(`skipped ${s.cluster}: ${s.reason}`);
        const files = [
          ...plan.applicationSets.map(s => s.file),
          ...plan.clusters.map(c => c.file),
        ];
        for (const wave of plan.waves) {
          const change = await openChange(
            ctx,
            options,
            {
              kind: 'addon',
              name: `${plan.addon}-${plan.to}-${wave.name}`,
              title: `Move add-on ${plan.addon} to ${plan.to} on ${wave.clusters.length} cluster(s) (${wave.name})`,
              description: [
                `Moves add-on ${mdText(plan.addon)} to chart version ${mdText(
                  plan.to,
                )} on these clusters, by their label ${mdCode(
                  plan.label,
                )}, which the add-on's ApplicationSet template reads (its version stays the default of the other clusters):`,
                '',
                ...addonWaveLines(wave),
              ],
              build: async c => ({
                files: await addonUpgradeFileChanges(plan, wave, async f => {
                  const text = await c.readFile(f);
                  if (text === undefined)
                    throw new InputError(`${f} is no longer in the repository`);
                  return text;
                }),
                remove: [],
                confine: {
                  paths: files,
                  rule: "an add-on move edits only its ApplicationSets and its clusters' labels",
                },
              }),
            },
            // every wave from the clone the plan was made on
            checkout,
          );
          diffs.push(change.diff);
          changeRequests.push({
            wave: wave.name,
            url: change.url,
            number: change.number,
            updated: change.updated,
            branch: change.branch,
            clusters: wave.clusters.length,
          });
        }
      } finally {
        await checkout.cleanup();
      }
      ctx.output('addon', plan.addon);
      ctx.output('to', plan.to);
      ctx.output(
        'clusters',
        plan.waves.flatMap(w =>
          w.clusters.map(c => ({
            name: c.name,
            ...(c.usage !== undefined ? { usage: c.usage } : {}),
            applicationSet: c.applicationSet,
            ...(c.from !== undefined ? { from: c.from } : {}),
            to: c.to,
            wave: w.name,
          })),
        ),
      );
      ctx.output('skipped', plan.skipped);
      ctx.output('changeRequests', changeRequests);
      ctx.output('diff', diffs.join('\n'));
      ctx.output(
        'summary',
        addonUpgradeSummary(plan, changeRequests, { dryRun: ctx.isDryRun }),
      );
    },
  });
}
