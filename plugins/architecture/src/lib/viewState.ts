import {
  ARCHITECTURE_EDGE_TYPES,
  type ArchitectureEdgeType,
} from '@pcscol/plugin-architecture-common';
import type { GroupBy } from './layout';

/** What the page shows, all of it in the URL. */
export interface ArchitectureViewState {
  groupBy: GroupBy;
  /** Entity ref of the focused node. */
  focus?: string;
  depth: number;
  edges: ArchitectureEdgeType[];
  /** Hide what is outside the focus, instead of dimming it. */
  hide: boolean;
  /** Show the impact panel of the focused node. */
  impact: boolean;
}

/** Reads the view from search params; anything unreadable falls back to the default. */
export function viewFromParams(params: URLSearchParams): ArchitectureViewState {
  const depth = Number(params.get('depth'));
  const edges = (params.get('edges') ?? '')
    .split(',')
    .filter((e): e is ArchitectureEdgeType =>
      (ARCHITECTURE_EDGE_TYPES as readonly string[]).includes(e),
    );
  return {
    groupBy: params.get('group') === 'type' ? 'type' : 'team',
    focus: params.get('focus') || undefined,
    depth: Number.isInteger(depth) && depth >= 1 && depth <= 5 ? depth : 1,
    edges: edges.length > 0 ? edges : [...ARCHITECTURE_EDGE_TYPES],
    hide: params.get('hide') === '1',
    impact: params.get('impact') === '1',
  };
}

/** Writes the view into search params, leaving defaults out. */
export function viewToParams(view: ArchitectureViewState): URLSearchParams {
  const p = new URLSearchParams();
  if (view.groupBy !== 'team') p.set('group', view.groupBy);
  if (view.focus) p.set('focus', view.focus);
  if (view.depth !== 1) p.set('depth', String(view.depth));
  if (view.edges.length !== ARCHITECTURE_EDGE_TYPES.length)
    p.set('edges', view.edges.join(','));
  if (view.hide) p.set('hide', '1');
  if (view.impact) p.set('impact', '1');
  return p;
}
