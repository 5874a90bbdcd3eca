/*
 * The Thanos action of the actions registry (MCP clients, the CLI): the
 * firing alerts of an instance, or of a component across the instances that
 * run it. It names a catalog entity; the calling user's credentials are
 * checked against it with thanos.metrics.read (refusals audited), and the
 * alerts are the ones the Alerts card shows (services/alerts.ts).
 */
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  thanosAlertsActionsPermission,
  type EntityAlert,
} from '@pcscol/plugin-thanos-common';
import type { EntityAccess } from '../services/EntityAccess';
import type { ThanosService } from '../services/ThanosService';
import { thanosActionExamples } from './examples';

const ENTITY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** `uca-recette` (with its kind) or `resource:default/uca-recette` -> the entity ref. */
export function entityRefOf(value: string, kind: string): string {
  if (ENTITY_NAME.test(value))
    return stringifyEntityRef({ kind, name: value }).toLocaleLowerCase('en-US');
  try {
    if (!value.includes(':'))
      throw new Error('a ref names its kind: kind:namespace/name');
    return stringifyEntityRef(parseEntityRef(value)).toLocaleLowerCase('en-US');
  } catch {
    throw new InputError(
      `entity must be an entity name (uca-recette) or ref (resource:default/uca-recette, component:default/ins), got ${JSON.stringify(
        value,
      )}`,
    );
  }
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
          entity: z
            .string()
            .min(1)
            .max(300)
            .describe(
              'The instance or component entity: its ref (resource:default/uca-recette, component:default/ins) or its name (then kind says which)',
            ),
          kind: z
            .enum(['resource', 'component'])
            .default('resource')
            .describe(
              'Kind of a bare name: resource (an instance, the default) or component; ignored when entity is a ref',
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
      const entityRef = entityRefOf(input.entity, input.kind);
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
