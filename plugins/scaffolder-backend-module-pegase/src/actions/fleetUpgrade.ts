import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  pegaseInstanceUpgradePermission,
  pegaseInstanceUpgradeProductionPermission,
} from '@pcscol/plugin-pegase-common';
import {
  FleetPlanError,
  INSTANCE_USAGES,
  InstanceUsage,
  planUpgrade,
  upgradeFileChanges,
  type UpgradePlan,
} from '@pcscol/plugin-pegase-node';
import {
  asInputError,
  openChange,
  PegaseActionOptions,
  requirePermission,
} from '../lib/flow';
import { assertNoInjection } from '../lib/validation';
import { authorizeEntities, instanceRef } from '../lib/access';
import { mdText } from '../lib/markdown';
import { examples } from './fleetUpgrade.examples';
import {
  planLines,
  upgradeSummary,
  type UpgradeChangeRequest,
} from './upgradeSummary';

const usages = INSTANCE_USAGES as [InstanceUsage, ...InstanceUsage[]];

/**
 * `pegase:fleet:upgrade`: moves a selection of instances to an umbrella
 * version by editing `chartVersion` in their `instance.json` (nothing else),
 * one change request per wave. The dry run and the outputs give the whole
 * plan; a re-run with the same input updates the same change requests.
 * @public
 */
export function createPegaseFleetUpgradeAction(options: PegaseActionOptions) {
  return createTemplateAction({
    id: 'pegase:fleet:upgrade',
    description:
      'Upgrades Pégase instances to an umbrella version: edits chartVersion in each selected instance.json, one merge/pull request per wave',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        to: z =>
          z.string({
            description:
              "Target umbrella version: a release of charts/index.yaml, or 'current' for the chart in the repository",
          }),
        region: z => z.array(z.string()).optional(),
        usage: z => z.array(z.enum(usages)).optional(),
        cluster: z => z.array(z.string()).optional(),
        from: z =>
          z
            .string({
              description: 'Current version or semver range, e.g. <25.0.0',
            })
            .optional(),
        names: z =>
          z
            .array(z.string(), { description: 'Explicit instance names' })
            .optional(),
        max: z =>
          z
            .number({ description: 'At most this many instances' })
            .int()
            .min(1)
            .optional(),
        waves: z =>
          z
            .array(z.enum(usages), {
              description:
                'Usages in wave order (sandbox, construction, production): one change request each; default one',
            })
            .optional(),
        allowDowngrade: z =>
          z
            .boolean({
              description: 'Allow moving instances to an older version',
            })
            .optional(),
      },
      output: {
        to: z => z.string(),
        instances: z =>
          z.array(
            z.object({
              name: z.string(),
              from: z.string(),
              to: z.string(),
              wave: z.string(),
              file: z.string(),
              subCharts: z.array(
                z.object({
                  entityName: z.string(),
                  from: z.string().optional(),
                  to: z.string().optional(),
                }),
              ),
            }),
          ),
        skipped: z =>
          z.array(z.object({ name: z.string(), reason: z.string() })),
        warnings: z => z.array(z.string()),
        changeRequests: z =>
          z.array(
            z.object({
              wave: z.string(),
              url: z.string(),
              number: z.number(),
              updated: z.boolean(),
              branch: z.string(),
              instances: z.number(),
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
      // The plan is made on the target branch as it is now.
      const checkout = await options.publisher.checkout({
        defaultOwner: options.selfService.defaultOwner,
      });
      let plan: UpgradePlan;
      const changeRequests: UpgradeChangeRequest[] = [];
      const diffs: string[] = [];
      try {
        const snapshot = checkout.snapshot;
        const to =
          input.to === 'current' ? snapshot.chart?.version ?? '' : input.to;
        plan = asInputError(() => {
          try {
            return planUpgrade(snapshot, {
              to,
              selection: {
                region: input.region,
                usage: input.usage,
                cluster: input.cluster,
                from: input.from,
                names: input.names,
                max: input.max,
              },
              waves: input.waves,
              allowDowngrade: input.allowDowngrade,
            });
          } catch (e) {
            if (e instanceof FleetPlanError) throw new InputError(e.message);
            throw e;
          }
        });

        // every instance of the plan, not only production
        await authorizeEntities(
          ctx,
          options.authorizer,
          pegaseInstanceUpgradePermission,
          plan.instances.map(i => instanceRef(i.name)),
          'pegase:fleet:upgrade',
          'narrow the selection to the instances you may upgrade',
        );
        const production = plan.instances.filter(i => i.usage === 'production');
        if (production.length > 0) {
          const named = production.slice(0, 5).map(i => i.name);
          await requirePermission(
            ctx,
            options.permissions,
            pegaseInstanceUpgradeProductionPermission,
            `${production.length} production instance(s) selected (${named.join(
              ', ',
            )}${
              production.length > 5 ? ', …' : ''
            }): upgrading production needs the permission ${
              pegaseInstanceUpgradeProductionPermission.name
            }`,
          );
        }

        for (const s of plan.skipped)
          ctx.logger.info(`skipped ${s.name}: ${s.reason}`);
        for (const w of plan.warnings) ctx.logger.warn(w);
        for (const wave of plan.waves) {
          const change = await openChange(
            ctx,
            options,
            {
              kind: 'upgrade',
              name: `${plan.to}-${wave.name}`,
              title: `Upgrade ${wave.instances.length} Pégase instance(s) (${wave.name}) to ${plan.to}`,
              description: [
                `Moves these instances to umbrella ${mdText(
                  plan.to,
                )} (chartVersion in instance.json only):`,
                '',
                ...planLines(plan, wave),
                ...(plan.warnings.length
                  ? [
                      '',
                      'Warnings:',
                      ...plan.warnings.map(w => `- ${mdText(w)}`),
                    ]
                  : []),
              ],
              build: c =>
                upgradeFileChanges(wave.instances, async file => {
                  const text = await c.readFile(file);
                  if (text === undefined) {
                    throw new InputError(
                      `${file} is no longer in the repository`,
                    );
                  }
                  return text;
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
            instances: wave.instances.length,
          });
        }
      } finally {
        await checkout.cleanup();
      }
      ctx.output('to', plan.to);
      ctx.output(
        'instances',
        plan.waves.flatMap(w =>
          w.instances.map(i => ({
            name: i.name,
            from: i.from,
            to: i.to,
            wave: w.name,
            file: i.file,
            subCharts: i.subCharts,
          })),
        ),
      );
      ctx.output('skipped', plan.skipped);
      ctx.output('warnings', plan.warnings);
      ctx.output('changeRequests', changeRequests);
      ctx.output('diff', diffs.join('\n'));
      ctx.output(
        'summary',
        upgradeSummary(plan, changeRequests, { dryRun: ctx.isDryRun }),
      );
    },
  });
}
