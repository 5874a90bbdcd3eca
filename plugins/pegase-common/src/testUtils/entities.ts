import type { Entity } from '@backstage/catalog-model';
import { ARGOCD_APP_NAME_ANNOTATION, PEGASE_ANNOTATIONS } from '../annotations';
import { PEGASE_ENTITY_TYPES } from '../entityTypes';

/** A `YYYY-MM-DD` date `days` days from today (UTC). @public */
export function isoDaysFromToday(days: number): string {
  const now = new Date();
  const d = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days),
  );
  return d.toISOString().slice(0, 10);
}

/**
 * An instance entity as the inventory provider emits it (with its stored
 * `dependsOn` relations), for tests.
 * @public
 */
export function makeInstanceEntity(
  name: string,
  options: {
    chartVersion?: string;
    ttl?: string;
    cluster?: string;
    region?: string;
    usage?: string;
    university?: string;
    argocdInstance?: string;
    owner?: string;
    subChartVersions?: Record<string, string> | string;
    /** Entity names; `kafka` and `postgresql` are Resources, the rest Components. */
    components?: string[];
    annotations?: Record<string, string>;
  } = {},
): Entity {
  const cluster = options.cluster ?? 'sxb-prod-1';
  const components = options.components ?? ['pegase-core', 'kafka'];
  const annotations: Record<string, string> = {
    [PEGASE_ANNOTATIONS.university]:
      options.university ?? 'Université de Strasbourg',
    [PEGASE_ANNOTATIONS.region]: options.region ?? 'eu-sxb-1',
    [PEGASE_ANNOTATIONS.usage]: options.usage ?? 'production',
    [PEGASE_ANNOTATIONS.namespace]: `ns-${name}`,
    [PEGASE_ANNOTATIONS.cluster]: cluster,
    [PEGASE_ANNOTATIONS.chartVersion]: options.chartVersion ?? '24.1.2',
    [PEGASE_ANNOTATIONS.vaultPath]: `pegase/ns-${name}`,
    [PEGASE_ANNOTATIONS.argocdInstance]: options.argocdInstance ?? 'admin',
    [ARGOCD_APP_NAME_ANNOTATION]: name,
    ...(options.ttl ? { [PEGASE_ANNOTATIONS.ttl]: options.ttl } : {}),
    ...options.annotations,
  };
  if (options.subChartVersions !== undefined) {
    annotations[PEGASE_ANNOTATIONS.subChartVersions] =
      typeof options.subChartVersions === 'string'
        ? options.subChartVersions
        : JSON.stringify(options.subChartVersions);
  }
  const refs = [
    `resource:default/${cluster}`,
    ...components.map(c =>
      c === 'kafka' || c === 'postgresql'
        ? `resource:default/${c}`
        : `component:default/${c}`,
    ),
  ];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: PEGASE_ENTITY_TYPES.instance,
      owner: options.owner ?? 'group:default/ops',
      dependsOn: refs,
    },
    relations: refs.map(targetRef => ({ type: 'dependsOn', targetRef })),
  };
}

/** A sub-chart Component as the umbrella chart provider emits it, for tests. @public */
export function makeSubChartEntity(
  name: string,
  options: {
    kind?: 'Component' | 'Resource';
    type?: string;
    owner?: string;
    annotations?: Record<string, string>;
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: options.kind ?? 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        [PEGASE_ANNOTATIONS.subChart]: name,
        [PEGASE_ANNOTATIONS.chartVersion]: '3.4.0',
        [PEGASE_ANNOTATIONS.appVersion]: '24.1.0',
        [PEGASE_ANNOTATIONS.workload]: name,
        ...options.annotations,
      },
    },
    spec: {
      type: options.type ?? 'service',
      owner: options.owner ?? 'group:default/ops',
      lifecycle: 'production',
      system: 'pegase',
    },
  };
}
