import { memo } from 'react';
import type { ArchitectureEdgeType } from '@pcscol/plugin-architecture-common';
import type { GraphLayout } from '../../lib/layout';

const EDGE_COLOURS: Record<ArchitectureEdgeType, string> = {
  providesApi: '#2e7d32',
  consumesApi: '#1565c0',
  dependsOn: '#8d6e63',
};

const KIND_FILL: Record<string, string> = {
  component: '#e3f2fd',
  api: '#e8f5e9',
  resource: '#fff3e0',
};

/**
 * The graph as SVG, from a dagre layout. Nodes outside `highlighted` (when
 * given) are dimmed; the selected node is outlined. Each node is a button
 * (keyboard and screen readers reach it by its name).
 */
export const GraphView = memo(function GraphSvg(props: {
  layout: GraphLayout;
  highlighted?: ReadonlySet<string>;
  matches?: ReadonlySet<string>;
  selected?: string;
  onSelect: (id: string) => void;
  label: string;
}) {
  const { layout, highlighted, matches, selected, onSelect, label } = props;
  const strokeOf = (id: string) => {
    if (selected === id) return '#d32f2f';
    return matches?.has(id) ? '#f9a825' : '#757575';
  };
  const dim = (id: string) => (highlighted && !highlighted.has(id) ? 0.15 : 1);
  return (
    <svg
      role="img"
      aria-label={label}
      data-testid="architecture-graph"
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      style={{ fontFamily: 'inherit', fontSize: 12 }}
    >
      <defs>
        {Object.entries(EDGE_COLOURS).map(([type, colour]) => (
          <marker
            key={type}
            id={`arrow-${type}`}
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="6"
            markerHeight="6"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" fill={colour} />
          </marker>
        ))}
      </defs>
      {layout.groups.map(g => (
        <g key={g.id}>
          <rect
            x={g.x - g.width / 2}
            y={g.y - g.height / 2}
            width={g.width}
            height={g.height}
            rx={6}
            fill="none"
            stroke="#9e9e9e"
            strokeDasharray="4 3"
          />
          <text
            x={g.x - g.width / 2 + 8}
            y={g.y - g.height / 2 + 16}
            fill="#616161"
          >
            {g.label}
          </text>
        </g>
      ))}
      {layout.edges.map((e, i) => {
        const opacity = Math.min(dim(e.edge.from), dim(e.edge.to));
        return (
          <polyline
            key={i}
            data-edge-type={e.edge.type}
            points={e.points.map(p => `${p.x},${p.y}`).join(' ')}
            fill="none"
            stroke={EDGE_COLOURS[e.edge.type]}
            strokeWidth={1.2}
            opacity={opacity}
            markerEnd={`url(#arrow-${e.edge.type})`}
          />
        );
      })}
      {layout.nodes.map(p => (
        <g
          key={p.node.id}
          role="button"
          tabIndex={0}
          aria-label={p.node.name}
          aria-pressed={selected === p.node.id}
          data-node-id={p.node.id}
          opacity={dim(p.node.id)}
          style={{ cursor: 'pointer' }}
          onClick={() => onSelect(p.node.id)}
          onKeyDown={e => {
            if (e.key === 'Enter' || e.key === ' ') onSelect(p.node.id);
          }}
        >
          <rect
            x={p.x - p.width / 2}
            y={p.y - p.height / 2}
            width={p.width}
            height={p.height}
            rx={4}
            fill={KIND_FILL[p.node.kind]}
            stroke={strokeOf(p.node.id)}
            strokeWidth={
              selected === p.node.id || matches?.has(p.node.id) ? 2.5 : 1
            }
          />
          <text x={p.x} y={p.y + 4} textAnchor="middle" fill="#212121">
            {p.node.name}
          </text>
        </g>
      ))}
    </svg>
  );
});
