import { Entity } from '@backstage/catalog-model';
import {
  CHART_ANNOTATIONS,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  PEGASE_ANNOTATIONS,
  PEGASE_ENTITY_TYPES,
} from '@pcscol/plugin-pegase-common';
import type {
  GitopsSnapshot,
  Problem,
  SubChart,
} from '@pcscol/plugin-pegase-node';
import {
  baseAnnotations,
  cleanAnnotations,
  EntityCollector,
  TransformOptions,
} from './common';

/** Sub-chart component types emitted as Resources, with their `spec.type`. */
const RESOURCE_TYPES: Record<string, string> = {
  database: 'database-server',
  'message-broker': 'message-broker',
};

/** The kind of the entity of a sub-chart (`Component` or `Resource`). @public */
export function subChartKind(subChart: Pick<SubChart, 'componentType'>) {
  return RESOURCE_TYPES[subChart.componentType] ? 'Resource' : 'Component';
}

/** Entity ref (`kind:name`) of a sub-chart entity, by entity name. @public */
export function subChartRefs(snapshot: GitopsSnapshot): Map<string, string> {
  const refs = new Map<string, string>();
  for (const s of snapshot.chart?.subCharts ?? []) {
    refs.set(s.entityName, `${subChartKind(s).toLowerCase()}:${s.entityName}`);
  }
  return refs;
}

/**
 * The entities of the umbrella chart: System `pegase`, one entity per
 * sub-chart, APIs, databases and Kafka topics.
 * @public
 */
export function transformChart(
  snapshot: GitopsSnapshot,
  options: TransformOptions,
): { entities: Entity[]; problems: Problem[] } {
  const out = new EntityCollector();
  const chart = snapshot.chart;
  if (!chart) return { entities: [], problems: [] };
  const system = chart.name;
  const latest = snapshot.releases[0]?.version ?? chart.version;

  if (
    out.checkName(system, 'umbrella chart', chart.file, chart.location, 'name')
  ) {
    out.add({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: system,
        title: 'Pégase',
        description: chart.description,
        annotations: cleanAnnotations({
          ...baseAnnotations(chart.file, chart.location),
          [PEGASE_ANNOTATIONS.chartVersion]: latest,
          [PEGASE_ANNOTATIONS.currentChartVersion]: chart.version,
          [PEGASE_ANNOTATIONS.appVersion]: chart.appVersion,
          [PEGASE_ANNOTATIONS.releasedVersions]: snapshot.releases
            .map(r => r.version)
            .join(','),
        }),
      },
      spec: {
        owner: chart.annotations[CHART_ANNOTATIONS.owner] || options.opsGroup,
        domain: 'pegase',
      },
    });
  }

  // Databases and topics may be named by several sub-charts: collect first.
  const databases = new Map<
    string,
    { engine: string; owner: string; file: string; location: string }
  >();
  const topics = new Map<
    string,
    { owner: string; file: string; location: string }
  >();

  for (const sub of chart.subCharts) {
    const field = `dependencies[${chart.dependencies.indexOf(sub.dependency)}]`;
    if (
      !out.checkName(
        sub.entityName,
        'sub-chart',
        chart.file,
        chart.location,
        `${field}.${sub.alias ? 'alias' : 'name'}`,
      )
    ) {
      continue;
    }
    const kind = subChartKind(sub);
    const owner = sub.owner || options.opsGroup;
    const dependsOn: string[] = [];
    for (const db of sub.databases) {
      if (
        !out.checkName(
          db.name,
          'database',
          sub.file,
          sub.location,
          `annotations.${CHART_ANNOTATIONS.databases}`,
        )
      )
        continue;
      const known = databases.get(db.name);
      if (known && known.engine !== db.engine) {
        out.problems.push({
          severity: 'warning',
          file: sub.file,
          location: sub.location,
          field: `annotations.${CHART_ANNOTATIONS.databases}`,
          message: `${sub.location}: database ${db.name} is declared with engine ${db.engine} here and ${known.engine} in ${known.file}; ${known.engine} kept`,
        });
      }
      if (!known) {
        databases.set(db.name, {
          engine: db.engine,
          owner,
          file: sub.file,
          location: sub.location,
        });
      }
      dependsOn.push(`resource:${db.name}`);
    }
    for (const topic of sub.kafkaTopics) {
      if (
        !out.checkName(
          topic,
          'Kafka topic',
          sub.file,
          sub.location,
          `annotations.${CHART_ANNOTATIONS.kafkaTopics}`,
        )
      )
        continue;
      if (!topics.has(topic)) {
        topics.set(topic, { owner, file: sub.file, location: sub.location });
      }
      dependsOn.push(`resource:${topic}`);
    }
    const providesApis = sub.providesApis.filter(api =>
      out.checkName(
        api,
        'API',
        sub.file,
        sub.location,
        `annotations.${CHART_ANNOTATIONS.providesApis}`,
      ),
    );
    const consumesApis = sub.consumesApis.filter(api =>
      out.checkName(
        api,
        'API',
        sub.file,
        sub.location,
        `annotations.${CHART_ANNOTATIONS.consumesApis}`,
      ),
    );
    const annotations = cleanAnnotations({
      ...baseAnnotations(sub.file, sub.location),
      [PEGASE_ANNOTATIONS.subChart]: sub.chartName,
      [PEGASE_ANNOTATIONS.chartVersion]: sub.version,
      [PEGASE_ANNOTATIONS.appVersion]: sub.appVersion,
      [CHART_ANNOTATIONS.componentType]: sub.componentType,
      [PEGASE_ANNOTATIONS.workload]: sub.workload,
      [PEGASE_ANNOTATIONS.serviceAccount]: sub.serviceAccount,
      [PEGASE_ANNOTATIONS.versionRange]: sub.dependency.versionRange,
      [PEGASE_ANNOTATIONS.condition]: sub.dependency.conditions.join(','),
      [PEGASE_ANNOTATIONS.maintainers]: sub.maintainers
        .map(m => (m.email ? `${m.name} <${m.email}>` : m.name))
        .join(', '),
      [KUBERNETES_LABEL_SELECTOR_ANNOTATION]: `app.kubernetes.io/name=${sub.workload}`,
    });
    const metadata = {
      name: sub.entityName,
      description: sub.description,
      annotations,
      tags: [sub.componentType],
    };
    if (kind === 'Component') {
      out.add({
        apiVersion: 'backstage.io/v1alpha1',
        kind,
        metadata,
        spec: {
          type: sub.componentType,
          lifecycle: options.lifecycle,
          owner,
          system,
          ...(providesApis.length ? { providesApis } : {}),
          ...(consumesApis.length ? { consumesApis } : {}),
          ...(dependsOn.length ? { dependsOn } : {}),
        },
      });
    } else {
      out.add({
        apiVersion: 'backstage.io/v1alpha1',
        kind,
        metadata,
        spec: {
          type: RESOURCE_TYPES[sub.componentType],
          owner,
          system,
          ...(dependsOn.length ? { dependsOn } : {}),
        },
      });
    }

    for (const api of providesApis) {
      let definition = sub.openapi;
      if (!definition) {
        out.problems.push({
          severity: 'warning',
          file: sub.file,
          location: sub.location,
          field: `annotations.${CHART_ANNOTATIONS.openapi}`,
          message: `${sub.location}: API ${api} has no OpenAPI file at ${sub.openapiPath} in chart ${sub.chartName}; emitted with a placeholder definition`,
        });
        definition = `# No OpenAPI file found at ${sub.openapiPath} in chart ${sub.chartName} ${sub.version}\n`;
      }
      out.add({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'API',
        metadata: {
          name: api,
          description: `API of ${sub.entityName}`,
          annotations: cleanAnnotations({
            ...baseAnnotations(sub.file, sub.location),
            [PEGASE_ANNOTATIONS.subChart]: sub.chartName,
            [PEGASE_ANNOTATIONS.chartVersion]: sub.version,
            [CHART_ANNOTATIONS.openapi]: sub.openapiPath,
          }),
        },
        spec: {
          type: PEGASE_ENTITY_TYPES.openapi,
          lifecycle: options.lifecycle,
          owner,
          system,
          definition,
        },
      });
    }
  }

  for (const [name, db] of databases) {
    out.add({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name,
        annotations: {
          ...baseAnnotations(db.file, db.location),
          [PEGASE_ANNOTATIONS.engine]: db.engine,
        },
        tags: [db.engine],
      },
      spec: { type: PEGASE_ENTITY_TYPES.database, owner: db.owner, system },
    });
  }
  const broker = chart.subCharts.find(
    s => s.componentType === 'message-broker',
  );
  for (const [name, topic] of topics) {
    out.add({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name,
        annotations: baseAnnotations(topic.file, topic.location),
      },
      spec: {
        type: PEGASE_ENTITY_TYPES.kafkaTopic,
        owner: topic.owner,
        system,
        ...(broker ? { dependsOn: [`resource:${broker.entityName}`] } : {}),
      },
    });
  }
  return { entities: out.entities, problems: out.problems };
}
