import { screen, waitFor } from '@testing-library/react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
  createExtensionTester,
} from '@backstage/frontend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import type {
  EntityMetricsInfo,
  GraphResult,
} from '@pcscol/plugin-thanos-common';
import { ThanosApi, thanosApiRef } from '../api/ThanosApi';
import thanosPlugin, {
  isThanosAvailable,
  thanosAlertsCard,
  thanosMetricsContent,
} from '../index';
import { MetricsContent } from './MetricsContent';
import { AlertsCard } from './AlertsCard';
import { formatValue } from './common';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ins',
    namespace: 'default',
    annotations: { 'pc-scol.fr/workload': 'ins' },
  },
  spec: { type: 'service', owner: 'ops', lifecycle: 'production' },
};
const instance: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'univ-a',
    namespace: 'default',
    annotations: { 'pc-scol.fr/namespace': 'univ-a-prod' },
  },
  spec: { type: 'pegase-instance', owner: 'ops' },
};

const info: EntityMetricsInfo = {
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

function fakeApi(overrides: Partial<ThanosApi> = {}): ThanosApi {
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

function render(
  element: JSX.Element,
  entity: Entity,
  api: ThanosApi,
  language?: 'fr',
) {
  return renderInTestApp(
    <TestApiProvider apis={[[thanosApiRef, api]]}>
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      ...(language
        ? {
            apis: [
              mockApis.appLanguage({
                defaultLanguage: language,
                availableLanguages: ['en', language],
              }),
            ],
          }
        : {}),
    },
  );
}

describe('thanos plugin', () => {
  it('provides the API, the metrics tab and the alerts card, on Pégase entities only', () => {
    expect(thanosPlugin.pluginId).toBe('thanos');
    for (const id of [
      'api:thanos',
      'entity-content:thanos/metrics',
      'entity-card:thanos/alerts',
    ]) {
      expect(thanosPlugin.getExtension(id as any)).toBeDefined();
    }
    expect(String(thanosMetricsContent)).toContain('entity-content');
    expect(isThanosAvailable(component)).toBe(true);
    const card = createExtensionTester(thanosAlertsCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(card(instance)).toBe(true);
    expect(
      isThanosAvailable({ ...component, metadata: { name: 'plain' } }),
    ).toBe(false);
  });

  it('formats values per unit', () => {
    expect(formatValue('bytes', 1536 * 1024 * 1024)).toBe('1.50 GiB');
    expect(formatValue('ratio', 0.052)).toBe('5.20 %');
    expect(formatValue('seconds', 0.25)).toBe('250 ms');
    expect(formatValue('cores', null)).toBe('–');
  });
});

describe('MetricsContent', () => {
  it('draws each graph on its own: data, warnings, and an error for one graph only', async () => {
    const api = fakeApi();
    await render(<MetricsContent />, component, api);
    expect(await screen.findByText('HTTP request rate')).toBeInTheDocument();
    expect(
      await screen.findByText(/did not answer within 10000 ms/),
    ).toBeInTheDocument();
    expect(await screen.findByText(/partial response/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Grafana' })).toHaveAttribute(
      'href',
      'https://grafana.example/d/x',
    );
    expect(api.getGraph).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'ins' },
      'http-request-rate',
      { range: '24h', instance: undefined },
    );
    expect(await screen.findByText('PegaseHighErrorRate')).toBeInTheDocument();
  });

  it('says clearly when no querier is configured', async () => {
    const api = fakeApi({
      getInfo: jest.fn(async () => ({
        ...info,
        configured: false,
        queriers: [],
      })),
    });
    await render(<MetricsContent />, component, api);
    expect(
      await screen.findByText('No metrics querier configured'),
    ).toBeInTheDocument();
    expect(api.getGraph).not.toHaveBeenCalled();
  });

  it('speaks French', async () => {
    await render(<MetricsContent />, component, fakeApi(), 'fr');
    expect(
      await screen.findByText('Débit de requêtes HTTP'),
    ).toBeInTheDocument();
    expect(await screen.findByText('Période')).toBeInTheDocument();
  });
});

describe('AlertsCard', () => {
  it('lists firing and pending alerts with their instance', async () => {
    await render(<AlertsCard />, component, fakeApi());
    expect(await screen.findByText('PegaseHighErrorRate')).toBeInTheDocument();
    expect(screen.getByText('Firing')).toBeInTheDocument();
    expect(screen.getByText('Pending')).toBeInTheDocument();
    expect(screen.getByText('univ-b')).toBeInTheDocument();
  });

  it('shows an alerts error without breaking', async () => {
    await render(
      <AlertsCard />,
      instance,
      fakeApi({
        getAlerts: jest.fn(async () => {
          throw new Error('boom');
        }),
      }),
    );
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent('boom'),
    );
  });
});
