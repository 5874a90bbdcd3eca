import { useMemo } from 'react';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import CardHeader from '@material-ui/core/CardHeader';
import LinearProgress from '@material-ui/core/LinearProgress';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
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
import type { GraphDescriptor } from '@pcscol/plugin-thanos-common';
import { EntityKey, thanosApiRef } from '../api/ThanosApi';
import { thanosTranslationRef } from '../translation';
import { formatValue, graphTitle, useLoad } from './common';

/** Colours readable on light and dark backgrounds. */
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
  const theme = useTheme();
  const { t } = useTranslationRef(thanosTranslationRef);
  const state = useLoad(
    () => api.getGraph(entity, graph.id, { range, instance }),
    [entity.kind, entity.namespace, entity.name, graph.id, range, instance],
  );
  const result = state.value;
  const rows = useMemo(() => {
    if (!result) return [];
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
  const title = graphTitle(t, graph);
  const span = result ? result.end - result.start : 0;
  const textColor = theme.palette.text.secondary;
  const error = result?.error ?? state.error?.message;
  return (
    <Card data-testid={`thanos-graph-${graph.id}`} style={{ height: '100%' }}>
      <CardHeader
        title={title}
        titleTypographyProps={{ variant: 'subtitle1' }}
        action={
          result?.exploreUrl ? (
            <Link
              href={result.exploreUrl}
              target="_blank"
              rel="noopener"
              variant="body2"
            >
              {t('graph.explore', { name: 'Thanos' })}
            </Link>
          ) : undefined
        }
      />
      <CardContent>
        {state.loading && <LinearProgress aria-label={t('graph.loading')} />}
        {error && (
          <Typography color="error" variant="body2" role="alert">
            {t('graph.error', { message: error })}
          </Typography>
        )}
        {!!result?.warnings.length && (
          <Typography
            variant="caption"
            style={{ color: theme.palette.warning.main, display: 'block' }}
          >
            {t('graph.warnings')}: {result.warnings.join(' · ')}
          </Typography>
        )}
        {result && !error && result.series.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            {t('graph.noData')}
          </Typography>
        )}
        {result && result.series.length > 0 && (
          <div style={{ width: '100%', height: 240 }}>
            <ResponsiveContainer width="100%" height="100%">
              <LineChart
                data={rows}
                margin={{ top: 5, right: 10, bottom: 5, left: 10 }}
              >
                <CartesianGrid
                  stroke={theme.palette.divider}
                  strokeDasharray="3 3"
                />
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
                  width={70}
                />
                <Tooltip
                  labelFormatter={v =>
                    new Date(Number(v) * 1000).toLocaleString()
                  }
                  formatter={(v: any) => formatValue(result.unit, v as number)}
                  contentStyle={{
                    background: theme.palette.background.paper,
                    border: `1px solid ${theme.palette.divider}`,
                    color: theme.palette.text.primary,
                  }}
                />
                <Legend
                  wrapperStyle={{
                    color: theme.palette.text.primary,
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
      </CardContent>
    </Card>
  );
}
