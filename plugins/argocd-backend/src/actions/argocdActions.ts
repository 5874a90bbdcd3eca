/*
 * The ArgoCD actions of the actions registry (MCP clients, the CLI): the state
 * of an instance, of a component across the fleet, and sync and refresh of an
 * instance. Each names a catalog entity; the Application and its ArgoCD come
 * from that entity's annotations, and the calling user's credentials are
 * checked against it with the argocd.application.* permission of the action.
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  argocdApplicationReadPermission,
  argocdApplicationRefreshPermission,
  argocdApplicationSyncPermission,
  argocdStatusActionsPermission,
  FAILED_OPERATION_PHASES,
  healthRank,
  type ApplicationOverview,
} from '@pcscol/plugin-argocd-common';
import { entityRefOfInput } from '@pcscol/plugin-pegase-node';
import type { ArgocdService } from '../services/ArgocdService';
import { appRefOf, type EntityAccess } from '../services/EntityAccess';
import { argocdActionExamples } from './examples';

/** What is wrong with an Application, in words (empty when nothing is). */
export function problemsOf(o: ApplicationOverview): string[] {
  const problems: string[] = [];
  if (o.sync.status !== 'Synced') problems.push(`sync is ${o.sync.status}`);
  if (healthRank(o.health.status) < healthRank('Suspended'))
    problems.push(
      `health is ${o.health.status}${
        o.health.message ? `: ${o.health.message}` : ''
      }`,
    );
  if (o.operation && FAILED_OPERATION_PHASES.includes(o.operation.phase))
    problems.push(
      `last operation ${o.operation.phase}${
        o.operation.message ? `: ${o.operation.message}` : ''
      }`,
    );
  for (const c of o.conditions) problems.push(`${c.type}: ${c.message}`);
  return problems;
}

const INSTANCE_DESCRIPTION =
  'The instance entity: its name (uca-recette) or ref (resource:default/uca-recette)';

const stateSchema = (z: any) => ({
  entityRef: z.string(),
  application: z.string(),
  argocdInstance: z.string(),
  sync: z.string().describe('Synced, OutOfSync or Unknown'),
  health: z.string().describe('Healthy, Progressing, Degraded, Missing…'),
  operationPhase: z.string().optional(),
});

/** Registers the four ArgoCD actions. @internal */
export function registerArgocdActions(options: {
  actionsRegistry: ActionsRegistryService;
  service: ArgocdService;
  access: EntityAccess;
}) {
  const { actionsRegistry, service, access } = options;
  const readOnly = { readOnly: true, idempotent: true, destructive: false };

  async function target(
    credentials: BackstageCredentials,
    instance: string,
    permission:
      | typeof argocdApplicationReadPermission
      | typeof argocdApplicationSyncPermission,
    via: string,
  ) {
    const entityRef = entityRefOfInput(instance, 'resource', 'instance');
    const ctx = { credentials, via };
    await access.authorize(credentials, permission, entityRef, ctx);
    return access.instanceTarget(entityRef, credentials, {
      ...ctx,
      permission: permission.name,
    });
  }

  actionsRegistry.register({
    name: 'get-instance-status',
    title: 'ArgoCD state of a Pégase instance',
    description:
      'Sync status, health, live revision, chart version, last operation and problems of the ArgoCD Application of one Pégase instance (a catalog entity).',
    visibilityPermission: argocdStatusActionsPermission,
    attributes: readOnly,
    examples: argocdActionExamples['get-instance-status'],
    schema: {
      input: z =>
        z.object({
          instance: z.string().min(1).max(300).describe(INSTANCE_DESCRIPTION),
        }),
      output: z =>
        z.object({
          ...stateSchema(z),
          liveRevision: z
            .string()
            .optional()
            .describe('The revision of the first source ArgoCD compares with'),
          revisions: z.array(z.string()),
          chartVersion: z.string().optional(),
          lastSyncedAt: z.string().optional(),
          uiUrl: z.string().optional(),
          problems: z.array(z.string()).describe('Empty when all is well'),
        }),
    },
    action: async ({ input, credentials }) => {
      const t = await target(
        credentials,
        input.instance,
        argocdApplicationReadPermission,
        'action:get-instance-status',
      );
      const o = await service.overview(appRefOf(t), t.argocdInstance);
      return {
        output: {
          entityRef: t.entityRef,
          application: t.appName,
          argocdInstance: t.argocdInstance,
          sync: o.sync.status,
          health: o.health.status,
          operationPhase: o.operation?.phase,
          liveRevision: o.sync.revisions[0],
          revisions: o.sync.revisions,
          chartVersion: o.chartVersion,
          lastSyncedAt: o.lastSyncedAt,
          uiUrl: o.uiUrl,
          problems: problemsOf(o),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-component-status',
    title: 'ArgoCD state of a component across the fleet',
    description:
      'Every Pégase instance that runs a component (a sub-chart entity), with the ArgoCD sync and the health of that component in it; the instances with a problem come first. Only the instances the user may read are listed.',
    visibilityPermission: argocdStatusActionsPermission,
    attributes: readOnly,
    examples: argocdActionExamples['get-component-status'],
    schema: {
      input: z =>
        z.object({
          component: z
            .string()
            .min(1)
            .max(300)
            .describe(
              'The component entity: its name (ins) or ref (component:default/ins)',
            ),
          problemsOnly: z.boolean().default(false),
          usage: z.enum(['sandbox', 'construction', 'production']).optional(),
          region: z.string().max(63).optional(),
          limit: z.number().int().min(1).max(1000).default(100),
        }),
      output: z =>
        z.object({
          component: z.string(),
          total: z.number().describe('Instances the user may read'),
          problems: z.number().describe('Of the listed rows, with a problem'),
          instances: z.array(
            z.object({
              instance: z.string(),
              entityRef: z.string(),
              argocdInstance: z.string(),
              sync: z.string(),
              health: z.string(),
              appVersion: z.string().optional(),
              chartVersion: z.string().optional(),
              operationPhase: z
                .string()
                .optional()
                .describe('Phase of the last sync or rollback'),
              problem: z.boolean(),
              error: z.string().optional(),
            }),
          ),
          errors: z
            .array(z.string())
            .describe('ArgoCD instances that could not be read'),
        }),
    },
    action: async ({ input, credentials }) => {
      const ref = entityRefOfInput(input.component, 'component', 'component');
      await access.authorize(
        credentials,
        argocdApplicationReadPermission,
        ref,
        {
          credentials,
          via: 'action:get-component-status',
        },
      );
      const fleet = await service.fleet(ref, {
        credentials,
        usage: input.usage ? [input.usage] : undefined,
        region: input.region ? [input.region] : undefined,
        problemsOnly: input.problemsOnly,
        readable: refs =>
          access.allowedRefs(
            credentials,
            argocdApplicationReadPermission,
            refs,
          ),
      });
      return {
        output: {
          component: fleet.component.entityRef,
          total: fleet.total,
          problems: fleet.counts.problems,
          instances: fleet.rows.slice(0, input.limit).map(r => ({
            instance: r.instance,
            entityRef: r.entityRef,
            argocdInstance: r.argocdInstance,
            sync: r.sync,
            health: r.health,
            appVersion: r.appVersion,
            chartVersion: r.chartVersion,
            operationPhase: r.operationPhase,
            problem: r.problem,
            error: r.error,
          })),
          errors: fleet.errors.map(e => e.message),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'sync-instance',
    title: 'Sync a Pégase instance',
    description:
      'Starts an ArgoCD sync of the Application of one Pégase instance, as the calling user (argocd.application.sync on that entity), audited. Changes what runs.',
    attributes: { readOnly: false, idempotent: false, destructive: true },
    examples: argocdActionExamples['sync-instance'],
    schema: {
      input: z =>
        z.object({
          instance: z.string().min(1).max(300).describe(INSTANCE_DESCRIPTION),
          prune: z
            .boolean()
            .default(false)
            .describe('Delete the resources Git no longer has'),
        }),
      output: z => z.object(stateSchema(z)),
    },
    action: async ({ input, credentials }) => {
      const via = 'action:sync-instance';
      const t = await target(
        credentials,
        input.instance,
        argocdApplicationSyncPermission,
        via,
      );
      const o = await access.audited(
        'sync',
        t,
        { credentials, via },
        { prune: input.prune },
        () =>
          service.sync(appRefOf(t), t.argocdInstance, { prune: input.prune }),
      );
      return {
        output: {
          entityRef: t.entityRef,
          application: t.appName,
          argocdInstance: t.argocdInstance,
          sync: o.sync.status,
          health: o.health.status,
          operationPhase: o.operation?.phase,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'refresh-instance',
    title: 'Refresh a Pégase instance',
    description:
      'Asks ArgoCD to compare the Application of one Pégase instance with Git and the cluster again (hard: without the manifest cache), as the calling user (argocd.application.refresh on that entity), audited.',
    attributes: { readOnly: false, idempotent: true, destructive: true },
    examples: argocdActionExamples['refresh-instance'],
    schema: {
      input: z =>
        z.object({
          instance: z.string().min(1).max(300).describe(INSTANCE_DESCRIPTION),
          hard: z.boolean().default(false),
        }),
      output: z => z.object(stateSchema(z)),
    },
    action: async ({ input, credentials }) => {
      const via = 'action:refresh-instance';
      const t = await target(
        credentials,
        input.instance,
        argocdApplicationRefreshPermission,
        via,
      );
      const o = await access.audited(
        'refresh',
        t,
        { credentials, via },
        { hard: input.hard },
        () =>
          service.refresh(appRefOf(t), t.argocdInstance, { hard: input.hard }),
      );
      return {
        output: {
          entityRef: t.entityRef,
          application: t.appName,
          argocdInstance: t.argocdInstance,
          sync: o.sync.status,
          health: o.health.status,
          operationPhase: o.operation?.phase,
        },
      };
    },
  });
}
