/* Fixtures of the Thanos views' tests: an info answer and a fake API. */
import type {
  EntityMetricsInfo,
  GraphResult,
} from '@pcscol/plugin-thanos-common';
import { ThanosApi } from '../api/ThanosApi';

/** What the metrics tab of the `ins` component can show. */
export const info: EntityMetricsInfo = {
  kind: 'component',
  configured: true,
  queriers: ['demo'],
  topInstances: 5,
  graphs: [
    {
      id: 'http-request-rate',
      title: 'HTTP request rate',
      unit: 'reqps',
      source: 'default',
    },
    { id: 'cpu', title: 'CPU', unit: 'cores', source: 'default' },
  ],
  instances: [
    { name: 'univ-a', namespace: 'univ-a-prod' },
    { name: 'univ-b', namespace: 'univ-b-prod' },
  ],
  links: [
    { kind: 'grafana', url: 'https://grafana.example/d/x', title: 'Grafana' },
  ],
  workload: 'ins',
};

/** A ThanosApi answering `info`, one graph with data, one graph in error, two alerts. */
export function fakeApi(overrides: Partial<ThanosApi> = {}): ThanosApi {
  return {
    getInfo: jest.fn(async () => info),
    getGraph: jest.fn(async (_e, graphId): Promise<GraphResult> => {
      if (graphId === 'cpu') {
        return {
          id: 'cpu',
          title: 'CPU',
          unit: 'cores',
          start: 0,
          end: 600,
          step: 300,
          series: [],
          warnings: [],
          error: 'querier "demo" did not answer within 10000 ms',
        };
      }
      return {
        id: graphId,
        title: 'HTTP request rate',
        unit: 'reqps',
        start: 0,
        end: 600,
        step: 300,
        series: [
          {
            label: 'univ-a',
            points: [
              [0, 1],
              [300, 2],
              [600, 3],
            ],
          },
        ],
        warnings: ['store unavailable: partial response'],
      };
    }),
    getAlerts: jest.fn(async () => ({
      configured: true,
      alerts: [
        {
          name: 'PegaseHighErrorRate',
          state: 'firing' as const,
          severity: 'critical',
          summary: 'ins answers too many 5xx',
          namespace: 'univ-a-prod',
          instance: 'univ-a',
          labels: {},
        },
        {
          name: 'PegaseSlowResponses',
          state: 'pending' as const,
          severity: 'warning',
          namespace: 'univ-b-prod',
          instance: 'univ-b',
          labels: {},
        },
      ],
      warnings: [],
      errors: [],
    })),
    ...overrides,
  };
}
