import { Entity } from '@backstage/catalog-model';

/** A `YYYY-MM-DD` date `days` days from today (UTC). */
export function isoDaysFromToday(days: number): string {
  const now = new Date();
  const d = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days),
  );
  return d.toISOString().slice(0, 10);
}

/** An instance entity as the inventory provider emits it. */
export function makeInstance(
  name: string,
  options: {
    chartVersion?: string;
    ttl?: string;
    cluster?: string;
    subChartVersions?: Record<string, string> | string;
    components?: string[];
    annotations?: Record<string, string>;
  } = {},
): Entity {
  const cluster = options.cluster ?? 'sxb-prod-1';
  const components = options.components ?? ['pegase-core', 'kafka'];
  const annotations: Record<string, string> = {
    'pc-scol.fr/university': 'Université de Strasbourg',
    'pc-scol.fr/region': 'eu-sxb-1',
    'pc-scol.fr/usage': 'production',
    'pc-scol.fr/namespace': `ns-${name}`,
    'pc-scol.fr/cluster': cluster,
    'pc-scol.fr/chart-version': options.chartVersion ?? '24.1.2',
    ...(options.ttl ? { 'pc-scol.fr/ttl': options.ttl } : {}),
    ...options.annotations,
  };
  if (options.subChartVersions !== undefined) {
    annotations['pc-scol.fr/sub-chart-versions'] =
      typeof options.subChartVersions === 'string'
        ? options.subChartVersions
        : JSON.stringify(options.subChartVersions);
  }
  const refs = [
    `resource:default/${cluster}`,
    ...components.map(c =>
      c === 'kafka' ? `resource:default/${c}` : `component:default/${c}`,
    ),
  ];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'pegase-instance',
      owner: 'group:default/ops',
      dependsOn: refs,
    },
    relations: refs.map(targetRef => ({ type: 'dependsOn', targetRef })),
  };
}

/** A sub-chart Component as the umbrella chart provider emits it. */
export function makeSubChart(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'pc-scol.fr/sub-chart': name,
        'pc-scol.fr/chart-version': '3.4.0',
        'pc-scol.fr/app-version': '24.1.0',
        ...annotations,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-toulouse',
      system: 'pegase',
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-toulouse' }],
  };
}
