import { toCsv } from '@pcscol/plugin-pegase-common';
import type {
  ArchitectureEdgeType,
  ArchitectureGraph,
  ArchitectureImpact,
  ImpactedComponent,
} from './types';

/**
 * The nodes within `depth` relations of `focus`, upstream and downstream,
 * along the given edge types (all by default). Includes the focus itself.
 * @public
 */
export function neighbourhood(
  graph: Pick<ArchitectureGraph, 'edges'>,
  focus: string,
  depth: number,
  types: readonly ArchitectureEdgeType[] = [
    'providesApi',
    'consumesApi',
    'dependsOn',
  ],
): Set<string> {
  const adjacent = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (!types.includes(e.type)) continue;
    adjacent.set(e.from, [...(adjacent.get(e.from) ?? []), e.to]);
    adjacent.set(e.to, [...(adjacent.get(e.to) ?? []), e.from]);
  }
  const seen = new Set([focus]);
  let frontier = [focus];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const n of adjacent.get(id) ?? []) {
        if (!seen.has(n)) {
          seen.add(n);
          next.push(n);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

/**
 * What a change of an API (or a database, a topic) reaches: the components
 * that consume it or depend on it, then, transitively, the components that
 * consume the APIs those components provide. Cycles end the walk, they do
 * not loop it.
 * @public
 */
export function impactOf(
  graph: ArchitectureGraph,
  target: string,
): ArchitectureImpact {
  const nodes = new Map(graph.nodes.map(n => [n.id, n]));
  const consumersOf = new Map<string, string[]>();
  const providedBy = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (e.type === 'consumesApi' || e.type === 'dependsOn') {
      consumersOf.set(e.to, [...(consumersOf.get(e.to) ?? []), e.from]);
    } else if (e.type === 'providesApi') {
      providedBy.set(e.from, [...(providedBy.get(e.from) ?? []), e.to]);
    }
  }
  const reached = new Map<string, number>();
  let frontier = [target];
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const changed of frontier) {
      for (const c of consumersOf.get(changed) ?? []) {
        if (c === target || reached.has(c)) continue;
        if (nodes.get(c)?.kind !== 'component') continue;
        reached.set(c, depth);
        // what this component provides changes for its own consumers
        next.push(...(providedBy.get(c) ?? []));
      }
    }
    frontier = next;
  }
  const components: ImpactedComponent[] = [...reached.entries()]
    .map(([id, depth]) => {
      const node = nodes.get(id)!;
      return {
        id,
        name: node.name,
        owner: node.owner,
        depth,
        instances: node.instances,
      };
    })
    .sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name));
  return {
    target,
    components,
    teams: [
      ...new Set(components.map(c => c.owner).filter((o): o is string => !!o)),
    ].sort(),
    instanceRuns: components.reduce((n, c) => n + c.instances, 0),
  };
}

/** The impact as CSV (header first). @public */
export function impactToCsv(impact: ArchitectureImpact): string {
  return toCsv(
    ['component', 'owner', 'depth', 'instances'],
    impact.components.map(c => [c.name, c.owner, c.depth, c.instances]),
  );
}
