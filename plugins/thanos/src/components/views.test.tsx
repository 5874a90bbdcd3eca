import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  makeInstanceEntity,
  makeSubChartEntity,
} from '@pcscol/plugin-pegase-common/testUtils';
import { renderEntityView } from '@pcscol/plugin-pegase-react/testUtils';
import { ThanosApi, thanosApiRef } from '../api/ThanosApi';
import thanosPlugin, {
  isThanosAvailable,
  thanosAlertsCard,
  thanosMetricsContent,
  thanosTranslationRef,
} from '../index';
import { fakeApi, info } from '../__testUtils__/fixtures';
import { formatValue } from '../lib/format';
import { AlertsCard } from './AlertsCard';
import { MetricsContent } from './MetricsContent';

const component = makeSubChartEntity('ins');
const instance = makeInstanceEntity('univ-a');

function render(
  element: JSX.Element,
  entity: typeof component,
  api: ThanosApi,
  language?: 'fr',
) {
  return renderEntityView(element, {
    entity,
    apis: [[thanosApiRef, api]],
    language,
  });
}

describe('thanos plugin', () => {
  it('provides the API, the metrics tab and the alerts card, on Pégase entities only', () => {
    expect(thanosPlugin.pluginId).toBe('pegase-thanos');
    for (const id of [
      'api:pegase-thanos',
      'entity-content:pegase-thanos/metrics',
      'entity-card:pegase-thanos/alerts',
    ]) {
      expect(thanosPlugin.getExtension(id as any)).toBeDefined();
    }
    // ids of its own (pegase-thanos), as the ArgoCD and Vault plugins beside the Community ones
    expect(thanosApiRef.id).toBe('plugin.pegase-thanos.service');
    expect(thanosTranslationRef.id).toBe('pegase-thanos');
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

  it('reloads the graphs for another time range, then for one instance', async () => {
    const api = fakeApi();
    const user = userEvent.setup();
    await render(<MetricsContent />, component, api);
    expect(await screen.findByText('HTTP request rate')).toBeInTheDocument();
    expect(
      screen.getByText(/The 2 instances with the highest/),
    ).toBeInTheDocument();
    const key = { kind: 'Component', namespace: 'default', name: 'ins' };

    await user.click(
      within(screen.getByTestId('thanos-range')).getByRole('button'),
    );
    await user.click(await screen.findByTestId('thanos-range-7d'));
    await waitFor(() =>
      expect(api.getGraph).toHaveBeenCalledWith(key, 'http-request-rate', {
        range: '7d',
        instance: undefined,
      }),
    );
    expect(
      within(screen.getByTestId('thanos-range')).getByRole('button'),
    ).toHaveTextContent('7 days');

    await user.click(
      within(screen.getByTestId('thanos-instance')).getByRole('button'),
    );
    await user.click(
      await screen.findByRole('option', { name: 'One instance: univ-b' }),
    );
    await waitFor(() =>
      expect(api.getGraph).toHaveBeenCalledWith(key, 'cpu', {
        range: '7d',
        instance: 'univ-b',
      }),
    );
    expect(screen.queryByText(/The 2 instances with the highest/)).toBeNull();
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
    expect(await screen.findByText('Error: boom')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
