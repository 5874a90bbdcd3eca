import { useMemo } from 'react';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { Link, Text } from '@backstage/ui';
import { AsyncContent, PegaseCard } from '@pcscol/plugin-pegase-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type {
  GraphDescriptor,
  GraphResult,
} from '@pcscol/plugin-thanos-common';
import { EntityKey, thanosApiRef } from '../../api/ThanosApi';
import { formatValue, graphTitle } from '../../lib/format';
import { thanosTranslationRef } from '../../translations';

/**
 * The chrome of the charts (axes, grid, tooltip, legend) follows the BUI
 * theme through its CSS variables, light or dark; SVG presentation
 * attributes and inline styles both resolve `var()`.
 */
const CHROME = {
  text: 'var(--bui-fg-secondary)',
  primary: 'var(--bui-fg-primary)',
  grid: 'var(--bui-border-1)',
  paper: 'var(--bui-bg-neutral-1)',
};

/** Series colours (a fixed palette) readable on light and dark backgrounds. */
const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#17becf',
  '#e377c2',
  '#bcbd22',
];

function timeLabel(t: number, span: number) {
  const d = new Date(t * 1000);
  if (span > 2 * 86400) {
    return d.toLocaleDateString(undefined, {
      day: '2-digit',
      month: '2-digit',
    });
  }
  return d.toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** One graph of an entity, loaded on its own (an error stays in this card). */
export function MetricsGraph(props: {
  entity: EntityKey;
  graph: GraphDescriptor;
  range: string;
  instance?: string;
}) {
  const { entity, graph, range, instance } = props;
  const api = useApi(thanosApiRef);
  const { t } = useTranslationRef(thanosTranslationRef);
  const state = useAsyncRetry(
    () => api.getGraph(entity, graph.id, { range, instance }),
    [
      api,
      entity.kind,
      entity.namespace,
      entity.name,
      graph.id,
      range,
      instance,
    ],
  );
  const exploreUrl = state.value?.exploreUrl;
  return (
    <div data-testid={`thanos-graph-${graph.id}`} style={{ height: '100%' }}>
      <PegaseCard
        title={graphTitle(t, graph)}
        actions={
          exploreUrl ? (
            <Link href={exploreUrl} target="_blank" rel="noopener">
              {t('graph.explore', { name: 'Thanos' })}
            </Link>
          ) : undefined
        }
      >
        <AsyncContent state={state} retry={state.retry}>
          {result => <GraphBody result={result} title={graphTitle(t, graph)} />}
        </AsyncContent>
      </PegaseCard>
    </div>
  );
}

/** The chart of one answer (recharts), its warnings and its own error. */
function GraphBody(props: { result: GraphResult; title: string }) {
  const { result } = props;
  const { t } = useTranslationRef(thanosTranslationRef);
  const rows = useMemo(() => {
    const byTime = new Map<number, Record<string, number | null>>();
    result.series.forEach((s, i) => {
      for (const [ts, v] of s.points) {
        const row = byTime.get(ts) ?? { t: ts };
        row[`s${i}`] = v;
        byTime.set(ts, row);
      }
    });
    return [...byTime.values()].sort(
      (a, b) => (a.t as number) - (b.t as number),
    );
  }, [result]);
  const span = result.end - result.start;
  const textColor = CHROME.text;
  const error = result.error;
  return (
    <>
      {error && (
        <Text as="p" variant="body-small" color="danger" role="alert">
          {t('graph.error', { message: error })}
        </Text>
      )}
      {result.warnings.length > 0 && (
        <Text as="p" variant="body-small" color="warning">
          {t('graph.warnings')}: {result.warnings.join(' · ')}
        </Text>
      )}
      {!error && result.series.length === 0 && (
        <Text as="p" variant="body-small" color="secondary">
          {t('graph.noData')}
        </Text>
      )}
      {result.series.length > 0 && (
        <div style={{ width: '100%', height: 240 }}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart
              data={rows}
              margin={{ top: 5, right: 10, bottom: 5, left: 10 }}
            >
              <CartesianGrid stroke={CHROME.grid} strokeDasharray="3 3" />
              <XAxis
                dataKey="t"
                type="number"
                domain={[result.start, result.end]}
                tickFormatter={v => timeLabel(v, span)}
                stroke={textColor}
                tick={{ fill: textColor, fontSize: 11 }}
              />
              <YAxis
                tickFormatter={v => formatValue(result.unit, v)}
                stroke={textColor}
                tick={{ fill: textColor, fontSize: 11 }}
                width={80}
              />
              <Tooltip
                labelFormatter={v =>
                  new Date(Number(v) * 1000).toLocaleString()
                }
                formatter={(v: any) => formatValue(result.unit, v as number)}
                contentStyle={{
                  background: CHROME.paper,
                  border: `1px solid ${CHROME.grid}`,
                  color: CHROME.primary,
                }}
              />
              <Legend
                wrapperStyle={{
                  color: CHROME.primary,
                  fontSize: 12,
                }}
              />
              {result.series.map((s, i) => (
                <Line
                  key={s.label}
                  dataKey={`s${i}`}
                  name={s.label}
                  stroke={COLORS[i % COLORS.length]}
                  dot={false}
                  strokeWidth={1.6}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </>
  );
}
