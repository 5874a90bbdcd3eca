/*
 * The Thanos action of the actions registry (MCP clients, the CLI): the
 * firing alerts of an instance, or of a component across the instances that
 * run it. It names a catalog entity; the calling user's credentials are
 * checked against it with thanos.metrics.read (refusals audited), and the
 * alerts are the ones the Alerts card shows (services/alerts.ts).
 */
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import {
  thanosAlertsActionsPermission,
  type EntityAlert,
} from '@pcscol/plugin-thanos-common';
import { entityRefOfInput } from '@pcscol/plugin-pegase-node';
import type { EntityAccess } from '../services/EntityAccess';
import type { ThanosService } from '../services/ThanosService';
import { thanosActionExamples } from './examples';

/** The entity an input names: exactly one of `instance` and `component`. */
function entityOfInput(input: { instance?: string; component?: string }) {
  if (input.instance !== undefined && input.component !== undefined)
    throw new InputError(
      'give instance or component, not both: the alerts of one entity are answered',
    );
  if (input.instance !== undefined)
    return entityRefOfInput(input.instance, 'resource', 'instance');
  if (input.component !== undefined)
    return entityRefOfInput(input.component, 'component', 'component');
  throw new InputError(
    'instance or component is required: name the instance (uca-recette) or the component (ins)',
  );
}

/**
 * Labels that say nothing an answer needs: the ones already given as fields,
 * and the scrape, replica and tenant bookkeeping of Prometheus and Thanos.
 */
const BOOKKEEPING_LABELS = new Set([
  'alertname',
  'severity',
  'namespace',
  '__name__',
  'instance',
  'endpoint',
  'prometheus',
  'prometheus_replica',
  'replica',
  'receive',
  'tenant_id',
  'thanos_ruler_replica',
  'rule_replica',
]);

/** The labels of an alert that matter to whoever reads it. @internal */
export function labelsThatMatter(
  labels: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels)
      .filter(([k]) => !BOOKKEEPING_LABELS.has(k))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

function outputAlert(a: EntityAlert) {
  return {
    name: a.name,
    severity: a.severity,
    state: a.state,
    since: a.activeAt,
    summary: a.summary,
    description: a.description,
    instance: a.instance,
    namespace: a.namespace,
    labels: labelsThatMatter(a.labels),
    querier: a.querier,
    url: a.url,
  };
}

/** Registers `get-firing-alerts`. @internal */
export function registerThanosActions(options: {
  actionsRegistry: ActionsRegistryService;
  service: ThanosService;
  access: EntityAccess;
}) {
  const { actionsRegistry, service, access } = options;

  actionsRegistry.register({
    name: 'get-firing-alerts',
    title: 'Firing alerts of a Pégase instance or component',
    description:
      'The alerts firing now (from every configured Thanos querier) about one Pégase instance, or about one component across the instances that run it: name, severity, since when, summary, the instance, the labels that matter and a link to the querier UI. Firing alerts come first, then by name and instance. A querier that cannot be read is listed in errors, the others still answer.',
    visibilityPermission: thanosAlertsActionsPermission,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    examples: thanosActionExamples['get-firing-alerts'],
    schema: {
      input: z =>
        z.object({
          instance: z
            .string()
            .min(1)
            .max(300)
            .optional()
            .describe(
              'The instance entity: its name (uca-recette) or ref (resource:default/uca-recette). Give instance or component.',
            ),
          component: z
            .string()
            .min(1)
            .max(300)
            .optional()
            .describe(
              'The component entity: its name (ins) or ref (component:default/ins, resource:default/postgresql); its alerts in every instance that runs it. Give instance or component.',
            ),
          includePending: z
            .boolean()
            .default(false)
            .describe('Also list the alerts still pending (not yet firing)'),
          limit: z.number().int().min(1).max(1000).default(100),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          kind: z
            .enum(['instance', 'component'])
            .describe('An instance, or a component across its instances'),
          configured: z
            .boolean()
            .describe('False when no Thanos querier is configured'),
          instances: z
            .array(z.string())
            .describe(
              'The instances looked at (for a component: those running it that the caller may read)',
            ),
          hiddenInstances: z
            .number()
            .describe(
              'For a component: instances running it that the caller may not read (their alerts are left out)',
            ),
          total: z.number().describe('Alerts found, before limit'),
          alerts: z.array(
            z.object({
              name: z.string().describe('alertname'),
              severity: z.string().optional(),
              state: z.enum(['firing', 'pending']),
              since: z
                .string()
                .optional()
                .describe('When the alert became active (RFC 3339)'),
              summary: z.string().optional(),
              description: z.string().optional(),
              instance: z
                .string()
                .optional()
                .describe('Name of the instance entity the alert is about'),
              namespace: z
                .string()
                .optional()
                .describe('Kubernetes namespace of that instance'),
              labels: z
                .record(z.string())
                .describe(
                  'The labels that matter (workload, pod, job, topic...): without the ones above and the scrape and replica bookkeeping',
                ),
              querier: z.string().optional(),
              url: z
                .string()
                .optional()
                .describe("The querier UI's alerts page, when configured"),
            }),
          ),
          warnings: z
            .array(z.string())
            .describe('Querier warnings (partial responses)'),
          errors: z
            .array(z.string())
            .describe('Queriers that could not be read, with why'),
        }),
    },
    action: async ({ input, credentials }) => {
      const entityRef = entityOfInput(input);
      await access.authorize(credentials, entityRef, {
        credentials,
        via: 'action:get-firing-alerts',
      });
      const { entity, alerts } = await service.entityAlerts(
        entityRef,
        credentials,
      );
      const listed = alerts.alerts.filter(
        a => input.includePending || a.state === 'firing',
      );
      return {
        output: {
          entityRef,
          kind: entity.kind,
          configured: alerts.configured,
          instances: entity.instances.map(i => i.name),
          hiddenInstances: entity.hiddenInstances,
          total: listed.length,
          alerts: listed.slice(0, input.limit).map(outputAlert),
          warnings: alerts.warnings,
          errors: alerts.errors,
        },
      };
    },
  });
}
