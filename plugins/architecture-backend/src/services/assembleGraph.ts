import {
  RELATION_CONSUMES_API,
  RELATION_DEPENDS_ON,
  RELATION_PROVIDES_API,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type {
  ArchitectureEdge,
  ArchitectureEdgeType,
  ArchitectureGraph,
  ArchitectureNode,
} from '@pcscol/plugin-architecture-common';
import {
  annotationOf,
  PEGASE_ANNOTATIONS,
  parseSubChartVersions,
} from '@pcscol/plugin-pegase-common';

const EDGE_OF: Record<string, ArchitectureEdgeType> = {
  [RELATION_PROVIDES_API]: 'providesApi',
  [RELATION_CONSUMES_API]: 'consumesApi',
  [RELATION_DEPENDS_ON]: 'dependsOn',
};

const KINDS = new Set(['component', 'api', 'resource']);

/**
 * The graph of a System from its entities (with their stored relations) and
 * the instances (their `sub-chart-versions` annotation says what each runs, at
 * which version): instances are counted on the nodes, never drawn.
 */
export function assembleGraph(input: {
  system: string;
  entities: Entity[];
  instances: Entity[];
  now: Date;
}): ArchitectureGraph {
  const runs = new Map<string, Map<string, number>>();
  for (const instance of input.instances) {
    const implied = parseSubChartVersions(
      annotationOf(instance, PEGASE_ANNOTATIONS.subChartVersions),
    );
    if (!implied || implied === 'invalid') continue;
    for (const [name, version] of Object.entries(implied)) {
      const versions = runs.get(name) ?? new Map<string, number>();
      versions.set(version, (versions.get(version) ?? 0) + 1);
      runs.set(name, versions);
    }
  }

  const nodes: ArchitectureNode[] = [];
  const ids = new Set<string>();
  for (const e of input.entities) {
    const kind = e.kind.toLocaleLowerCase('en-US');
    if (!KINDS.has(kind)) continue;
    const id = stringifyEntityRef(e);
    if (ids.has(id)) continue;
    ids.add(id);
    // a sub-chart's runs are counted under its entity name
    const versions = kind === 'api' ? undefined : runs.get(e.metadata.name);
    nodes.push({
      id,
      kind: kind as ArchitectureNode['kind'],
      type: String(e.spec?.type ?? ''),
      name: e.metadata.name,
      title: e.metadata.title,
      owner: typeof e.spec?.owner === 'string' ? e.spec.owner : undefined,
      instances: [...(versions?.values() ?? [])].reduce((a, b) => a + b, 0),
      versions: [...(versions?.entries() ?? [])]
        .map(([version, count]) => ({ version, count }))
        .sort(
          (a, b) =>
            b.count - a.count ||
            b.version.localeCompare(a.version, 'en', { numeric: true }),
        ),
    });
  }

  const edges: ArchitectureEdge[] = [];
  const seen = new Set<string>();
  for (const e of input.entities) {
    const from = stringifyEntityRef(e);
    if (!ids.has(from)) continue;
    for (const r of e.relations ?? []) {
      const type = EDGE_OF[r.type];
      if (!type || !ids.has(r.targetRef)) continue;
      const key = `${from} ${type} ${r.targetRef}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({ from, to: r.targetRef, type });
    }
  }
  // A stable order, whatever order the catalog answered in: the same catalog
  // gives the same layout.
  nodes.sort((a, b) => a.id.localeCompare(b.id));
  edges.sort(
    (a, b) =>
      a.from.localeCompare(b.from) ||
      a.type.localeCompare(b.type) ||
      a.to.localeCompare(b.to),
  );
  return {
    generatedAt: input.now.toISOString(),
    system: input.system,
    nodes,
    edges,
  };
}
