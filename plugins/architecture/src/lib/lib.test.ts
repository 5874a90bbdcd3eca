import { sampleGraph } from '../__testUtils__/graph';
import { groupOf, layoutGraph } from './layout';
import { viewFromParams, viewToParams } from './viewState';

describe('layoutGraph', () => {
  it('places every node inside its group box, and routes every edge between two placed nodes', () => {
    const graph = sampleGraph();
    const layout = layoutGraph(graph, { groupBy: 'team' });
    expect(layout.nodes).toHaveLength(graph.nodes.length);
    const boxes = new Map(layout.groups.map(g => [g.label, g]));
    for (const p of layout.nodes) {
      const box = boxes.get(groupOf(p.node, 'team'))!;
      expect(Math.abs(p.x - box.x)).toBeLessThanOrEqual(box.width / 2);
      expect(Math.abs(p.y - box.y)).toBeLessThanOrEqual(box.height / 2);
    }
    expect(layout.edges).toHaveLength(graph.edges.length);
    for (const e of layout.edges) expect(e.points.length).toBeGreaterThan(1);
    expect(layout.width).toBeGreaterThan(0);
  });

  it('lays out only the nodes asked for, and the edges between them', () => {
    const graph = sampleGraph();
    const only = new Set(['component:default/ins', 'api:default/ins-api']);
    const layout = layoutGraph(graph, { groupBy: 'type', only });
    expect(layout.nodes.map(n => n.node.id).sort()).toEqual([...only].sort());
    expect(layout.edges.map(e => e.edge.type)).toEqual(['providesApi']);
    expect(layout.groups.map(g => g.label).sort()).toEqual(['api', 'service']);
  });
});

describe('view state', () => {
  it('round-trips through the URL, defaults left out', () => {
    const view = viewFromParams(
      new URLSearchParams(
        'focus=api:default/ins-api&depth=2&edges=consumesApi&hide=1&group=type',
      ),
    );
    expect(view).toEqual({
      groupBy: 'type',
      focus: 'api:default/ins-api',
      depth: 2,
      edges: ['consumesApi'],
      hide: true,
      impact: false,
    });
    expect(viewFromParams(viewToParams(view))).toEqual(view);
    expect(viewToParams(viewFromParams(new URLSearchParams())).toString()).toBe(
      '',
    );
  });

  it('falls back to defaults on hostile values', () => {
    const view = viewFromParams(
      new URLSearchParams('depth=999&edges=rm -rf&group=<script>'),
    );
    expect(view).toMatchObject({
      depth: 1,
      groupBy: 'team',
      edges: ['providesApi', 'consumesApi', 'dependsOn'],
    });
  });
});
