import dagre from '@dagrejs/dagre';
import type {
  ArchitectureEdge,
  ArchitectureGraph,
  ArchitectureNode,
} from '@pcscol/plugin-architecture-common';

/** How the page groups nodes into boxes. */
export type GroupBy = 'team' | 'type';

export interface PlacedNode {
  node: ArchitectureNode;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedGroup {
  id: string;
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  edge: ArchitectureEdge;
  points: Array<{ x: number; y: number }>;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  groups: PlacedGroup[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

const NODE_HEIGHT = 32;

/** The box a node is drawn in. */
export function groupOf(node: ArchitectureNode, by: GroupBy): string {
  if (by === 'team') return node.owner?.replace(/^group:default\//, '') ?? '—';
  // components and resources by their type, all APIs together
  return node.kind === 'api' ? 'api' : node.type;
}

/**
 * Lays the graph out with dagre (left to right, one compound box per group):
 * positions are the centres dagre gives, edges its polylines.
 */
export function layoutGraph(
  graph: Pick<ArchitectureGraph, 'nodes' | 'edges'>,
  options: { groupBy: GroupBy; only?: ReadonlySet<string> },
): GraphLayout {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({
    rankdir: 'LR',
    nodesep: 14,
    ranksep: 70,
    marginx: 16,
    marginy: 16,
  });
  g.setDefaultEdgeLabel(() => ({}));
  const nodes = graph.nodes.filter(
    n => !options.only || options.only.has(n.id),
  );
  const groups = new Map<string, string>();
  for (const n of nodes) {
    const group = groupOf(n, options.groupBy);
    const groupId = `group:${group}`;
    if (!groups.has(groupId)) {
      groups.set(groupId, group);
      g.setNode(groupId, { label: group, paddingTop: 24 });
    }
    g.setNode(n.id, {
      width: Math.max(96, n.name.length * 7 + 24),
      height: NODE_HEIGHT,
    });
    g.setParent(n.id, groupId);
  }
  const edges = graph.edges.filter(e => g.hasNode(e.from) && g.hasNode(e.to));
  edges.forEach((e, i) => g.setEdge(e.from, e.to, {}, String(i)));
  dagre.layout(g);

  const placed = nodes.map(node => {
    const p = g.node(node.id);
    return { node, x: p.x, y: p.y, width: p.width, height: p.height };
  });
  const boxes = [...groups.entries()].map(([id, label]) => {
    const p = g.node(id);
    return { id, label, x: p.x, y: p.y, width: p.width, height: p.height };
  });
  const lines = edges.map((edge, i) => ({
    edge,
    points: g.edge({ v: edge.from, w: edge.to, name: String(i) }).points ?? [],
  }));
  const size = g.graph();
  return {
    nodes: placed,
    groups: boxes,
    edges: lines,
    width: size.width ?? 0,
    height: size.height ?? 0,
  };
}
