import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  pegaseFleetReadPermission,
  type FleetInstance,
} from '@pcscol/plugin-pegase-common';
import {
  FleetPlanError,
  planUpgrade,
  versionMatches,
} from '@pcscol/plugin-pegase-node';
import type { FleetService } from '../services/FleetService';
import type { SnapshotSource } from '../services/releaseSource';
import { fleetActionExamples } from './examples';

/** What an action answers of one instance (the fleet row, flat). */
function row(i: FleetInstance) {
  return {
    name: i.name,
    entityRef: i.entityRef,
    region: i.region,
    usage: i.usage,
    cluster: i.cluster,
    university: i.university,
    chartVersion: i.chartVersion,
    liveVersion: i.argocd?.liveVersion,
    sync: i.argocd?.sync,
    health: i.argocd?.health,
    lastOperation: i.argocd?.failedOperation
      ? `${i.argocd.failedOperation.phase}${
          i.argocd.failedOperation.finishedAt
            ? ` at ${i.argocd.failedOperation.finishedAt}`
            : ''
        }`
      : undefined,
    ttl: i.ttl,
    ttlState: i.ttlState,
    problems: i.problems,
  };
}

const rowSchema = (z: any) =>
  z.object({
    name: z.string(),
    entityRef: z.string(),
    region: z.string().optional(),
    usage: z.string().optional(),
    cluster: z.string().optional(),
    university: z.string().optional(),
    chartVersion: z.string().optional(),
    liveVersion: z.string().optional(),
    sync: z.string().optional(),
    health: z.string().optional(),
    lastOperation: z
      .string()
      .optional()
      .describe('Set when the last ArgoCD sync or rollback failed or errored'),
    ttl: z.string().optional(),
    ttlState: z.string(),
    problems: z.array(z.string()),
  });

const planError = (e: unknown) =>
  e instanceof FleetPlanError ? new InputError(e.message) : e;

/**
 * The fleet's read actions (actions registry, for MCP clients and the CLI):
 * find instances, get one, the version distribution, a release diff and an
 * upgrade plan. All need `pegase.fleet.read`; none writes anything.
 */
export function registerFleetActions(options: {
  actionsRegistry: ActionsRegistryService;
  fleet: FleetService;
  snapshots: SnapshotSource;
}) {
  const { actionsRegistry, fleet, snapshots } = options;
  const readOnly = { readOnly: true, idempotent: true, destructive: false };

  actionsRegistry.register({
    name: 'find-instances',
    title: 'Find Pégase instances',
    description:
      'Lists the Pégase instances matching every criterion given: umbrella version or semver range, a sub-chart and its version, region, usage, cluster, university, TTL state. Answers their versions, ArgoCD status and problems.',
    visibilityPermission: pegaseFleetReadPermission,
    attributes: readOnly,
    examples: fleetActionExamples['find-instances'],
    schema: {
      input: z =>
        z.object({
          version: z
            .string()
            .max(64)
            .optional()
            .describe(
              'Declared umbrella version, or a semver range such as <25.0.0',
            ),
          subChart: z
            .string()
            .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/)
            .optional()
            .describe('Entity name of a sub-chart the instances run, e.g. ins'),
          subChartVersion: z
            .string()
            .max(64)
            .optional()
            .describe(
              'Version or semver range of that sub-chart (needs subChart)',
            ),
          region: z.string().max(63).optional(),
          usage: z.enum(['sandbox', 'construction', 'production']).optional(),
          cluster: z.string().max(63).optional(),
          university: z
            .string()
            .max(200)
            .optional()
            .describe('Part of the university name'),
          ttl: z.enum(['expired', 'expiring', 'ok', 'none']).optional(),
          limit: z.number().int().min(1).max(1000).default(100),
        }),
      output: z =>
        z.object({
          total: z.number().describe('Instances matching, before the limit'),
          instances: z.array(rowSchema(z)),
        }),
    },
    action: async ({ input }) => {
      if (input.subChartVersion && !input.subChart) {
        throw new InputError('subChartVersion needs subChart');
      }
      const { instances } = await fleet.fleet();
      let runningSubChart: Set<string> | undefined;
      if (input.subChart) {
        const view = await fleet.subChart(input.subChart).catch(e => {
          if (e instanceof NotFoundError) return { versions: [] };
          throw e;
        });
        runningSubChart = new Set(
          view.versions
            .filter(
              v =>
                !input.subChartVersion ||
                versionMatches(v.version, input.subChartVersion),
            )
            .flatMap(v => v.instances),
        );
      }
      const university = input.university?.toLocaleLowerCase('fr');
      const hits = instances.filter(
        i =>
          (!input.version ||
            (i.chartVersion &&
              versionMatches(i.chartVersion, input.version))) &&
          (!runningSubChart || runningSubChart.has(i.name)) &&
          (!input.region || i.region === input.region) &&
          (!input.usage || i.usage === input.usage) &&
          (!input.cluster || i.cluster === input.cluster) &&
          (!university ||
            i.university?.toLocaleLowerCase('fr').includes(university)) &&
          (!input.ttl || i.ttlState === input.ttl),
      );
      return {
        output: {
          total: hits.length,
          instances: hits.slice(0, input.limit).map(row),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-instance',
    title: 'Get a Pégase instance',
    description:
      'One instance: region, usage, cluster, declared and live umbrella versions, ArgoCD status, TTL, problems, and the components it runs (with their versions) and disables.',
    visibilityPermission: pegaseFleetReadPermission,
    attributes: readOnly,
    examples: fleetActionExamples['get-instance'],
    schema: {
      input: z =>
        z.object({
          name: z
            .string()
            .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
            .describe('Instance name, e.g. univ-x-prod'),
        }),
      output: z =>
        rowSchema(z).extend({
          components: z.array(
            z.object({ name: z.string(), version: z.string() }),
          ),
          disabledComponents: z.array(z.string()),
        }),
    },
    action: async ({ input }) => {
      const [{ instances }, snapshot] = await Promise.all([
        fleet.fleet(),
        snapshots.snapshot(),
      ]);
      const found = instances.find(i => i.name === input.name);
      const declared = snapshot.instances.find(i => i.name === input.name);
      if (!found || !declared) {
        throw new NotFoundError(`no Pégase instance is named '${input.name}'`);
      }
      return {
        output: {
          ...row(found),
          components: Object.entries(declared.subChartVersions).map(
            ([name, version]) => ({
              name,
              version,
            }),
          ),
          disabledComponents: declared.disabledComponents,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'fleet-versions',
    title: 'Pégase fleet version distribution',
    description:
      'How many instances declare each umbrella version, newest first, and the newest release; optionally for one region or usage.',
    visibilityPermission: pegaseFleetReadPermission,
    attributes: readOnly,
    examples: fleetActionExamples['fleet-versions'],
    schema: {
      input: z =>
        z.object({
          region: z.string().max(63).optional(),
          usage: z.enum(['sandbox', 'construction', 'production']).optional(),
        }),
      output: z =>
        z.object({
          latest: z.string().optional(),
          total: z.number(),
          versions: z.array(
            z.object({ version: z.string(), count: z.number() }),
          ),
        }),
    },
    action: async ({ input }) => {
      const { instances, latest, versions } = await fleet.fleet();
      const filtered = instances.filter(
        i =>
          (!input.region || i.region === input.region) &&
          (!input.usage || i.usage === input.usage),
      );
      const counts = new Map<string, number>();
      for (const i of filtered) {
        if (i.chartVersion)
          counts.set(i.chartVersion, (counts.get(i.chartVersion) ?? 0) + 1);
      }
      return {
        output: {
          latest,
          total: filtered.length,
          versions: versions
            .map(v => ({
              version: v.version,
              count: counts.get(v.version) ?? 0,
            }))
            .filter(v => v.count > 0),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'release-diff',
    title: 'Diff two Pégase releases',
    description:
      'The sub-charts added, removed and moved (with their versions) between two umbrella versions, read from the chart and charts/index.yaml.',
    visibilityPermission: pegaseFleetReadPermission,
    attributes: readOnly,
    examples: fleetActionExamples['release-diff'],
    schema: {
      input: z =>
        z.object({
          from: z.string().min(1).max(64).describe('Umbrella version'),
          to: z.string().min(1).max(64).describe('Umbrella version'),
        }),
      output: z =>
        z.object({
          from: z.string(),
          to: z.string(),
          added: z.array(
            z.object({ entityName: z.string(), version: z.string() }),
          ),
          removed: z.array(
            z.object({ entityName: z.string(), version: z.string() }),
          ),
          changed: z.array(
            z.object({
              entityName: z.string(),
              from: z.string(),
              to: z.string(),
            }),
          ),
          unchanged: z.number(),
        }),
    },
    action: async ({ input }) => ({
      output: await fleet.releaseDiff(input.from, input.to),
    }),
  });

  actionsRegistry.register({
    name: 'plan-upgrade',
    title: 'Plan an upgrade of Pégase instances',
    description:
      'Read-only: the plan of moving a selection of instances to an umbrella version, in waves (one change request each): every instance with from -> to and the sub-charts that change; instances already at the target are skipped; refused for an unknown version, an empty selection or a downgrade without allowDowngrade. Nothing is written.',
    visibilityPermission: pegaseFleetReadPermission,
    attributes: readOnly,
    examples: fleetActionExamples['plan-upgrade'],
    schema: {
      input: z =>
        z.object({
          to: z.string().min(1).max(64).describe('Target umbrella version'),
          region: z.array(z.string().max(63)).optional(),
          usage: z
            .array(z.enum(['sandbox', 'construction', 'production']))
            .optional(),
          cluster: z.array(z.string().max(63)).optional(),
          from: z
            .string()
            .max(64)
            .optional()
            .describe('Current version or semver range'),
          names: z.array(z.string().max(63)).optional(),
          max: z.number().int().min(1).max(5000).optional(),
          waves: z
            .array(z.enum(['sandbox', 'construction', 'production']))
            .optional()
            .describe('Usages in wave order, one change request each'),
          allowDowngrade: z.boolean().default(false),
        }),
      output: z =>
        z.object({
          to: z.string(),
          latest: z.string().optional(),
          waves: z.array(
            z.object({
              name: z.string(),
              instances: z.array(
                z.object({
                  name: z.string(),
                  from: z.string(),
                  file: z.string(),
                }),
              ),
            }),
          ),
          skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
          warnings: z.array(z.string()),
        }),
    },
    action: async ({ input }) => {
      const snapshot = await snapshots.snapshot();
      try {
        const plan = planUpgrade(snapshot, {
          to: input.to,
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
        return {
          output: {
            to: plan.to,
            latest: plan.latest,
            waves: plan.waves.map(w => ({
              name: w.name,
              instances: w.instances.map(i => ({
                name: i.name,
                from: i.from,
                file: i.file,
              })),
            })),
            skipped: plan.skipped,
            warnings: plan.warnings,
          },
        };
      } catch (e) {
        throw planError(e);
      }
    },
  });
}
