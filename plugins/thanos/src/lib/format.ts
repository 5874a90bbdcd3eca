/* Formatting shared by the views: entity keys, values per unit, graph titles. */
import { Entity } from '@backstage/catalog-model';
import type { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { GraphDescriptor, MetricUnit } from '@pcscol/plugin-thanos-common';
import { EntityKey } from '../api/ThanosApi';

/** The key of an entity for the API. */
export function entityKey(entity: Entity): EntityKey {
  return {
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
}

const BYTES = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Formats a value for an axis or a tooltip. */
export function formatValue(
  unit: MetricUnit,
  v: number | null | undefined,
): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const round = (n: number) => {
    if (Math.abs(n) >= 100) return n.toFixed(0);
    if (Math.abs(n) >= 10) return n.toFixed(1);
    return n.toFixed(2);
  };
  switch (unit) {
    case 'bytes': {
      let i = 0;
      let n = v;
      while (Math.abs(n) >= 1024 && i < BYTES.length - 1) {
        n /= 1024;
        i++;
      }
      return `${round(n)} ${BYTES[i]}`;
    }
    case 'ratio':
      return `${round(v * 100)} %`;
    case 'percent':
      return `${round(v)} %`;
    case 'seconds':
      return v < 1 ? `${round(v * 1000)} ms` : `${round(v)} s`;
    case 'reqps':
      return `${round(v)} req/s`;
    case 'cores':
      return v < 1 ? `${round(v * 1000)} m` : `${round(v)}`;
    default:
      return round(v);
  }
}

const KNOWN_GRAPHS = [
  'http-request-rate',
  'http-5xx-ratio',
  'http-p95-latency',
  'jvm-heap',
  'cpu',
  'memory',
  'restarts',
  'available-replicas',
  'ready-replicas',
  'pg-connections',
  'pg-database-size',
  'kafka-consumer-lag',
  'instance-cpu',
  'instance-memory',
  'instance-restarts',
  'instance-missing-replicas',
  'instance-http-request-rate',
  'instance-http-5xx-ratio',
] as const;

/** Translated title of a default graph; the configured title otherwise. */
export function graphTitle(
  t: ReturnType<typeof useTranslationRef<any>>['t'],
  graph: GraphDescriptor,
): string {
  if (
    graph.source === 'default' &&
    (KNOWN_GRAPHS as readonly string[]).includes(graph.id)
  ) {
    return (t as unknown as (key: string) => string)(`graphs.${graph.id}`);
  }
  return graph.title;
}
