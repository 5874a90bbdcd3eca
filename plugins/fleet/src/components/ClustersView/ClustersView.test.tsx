import { screen, within } from '@testing-library/react';
import { FleetPage } from '../FleetPage';
import { mockFleetApi } from '../../__testUtils__/fleet';
import { sampleClusters } from '../../__testUtils__/clusters';
import { renderFleetView } from '../../__testUtils__/render';
import { filterMatrix } from './clusterFilters';

describe('Clusters view', () => {
  it('shows the add-on × cluster matrix with versions, ArgoCD state and links, from one request', async () => {
    const api = mockFleetApi();
    await renderFleetView(<FleetPage />, { api, path: '/fleet?tab=clusters' });
    const matrix = await screen.findByTestId('fleet-addon-matrix');
    expect(api.getClusters).toHaveBeenCalledTimes(1);
    // a row per add-on, a column per cluster
    expect(within(matrix).getByText('cert-manager')).toBeInTheDocument();
    expect(
      within(matrix).getByText(
        'addon-cert-manager-apps, addon-cert-manager-data',
      ),
    ).toBeInTheDocument();
    for (const c of ['sxb-cons-1', 'sxb-prod-2', 'uca-prod-1'])
      expect(
        within(matrix).getByRole('columnheader', { name: c }),
      ).toBeInTheDocument();
    // declared v1.19.1 everywhere, sxb-cons-1 still runs v1.19.0
    expect(within(matrix).getAllByText('v1.19.1')).toHaveLength(3);
    expect(within(matrix).getByText('runs v1.19.0')).toBeInTheDocument();
    const outOfSync = within(matrix).getByRole('link', {
      name: 'OutOfSync · Healthy',
    });
    expect(outOfSync).toHaveAttribute(
      'href',
      'https://argocd.example.invalid/applications/argocd/sxb-cons-1-cert-manager',
    );
    expect(
      within(matrix).getByRole('link', { name: 'Synced · Degraded' }),
    ).toBeInTheDocument();
    // velero is on one cluster only
    expect(within(matrix).getAllByText('not deployed')).toHaveLength(2);
  });

  it('lists the problems and the Kubernetes and Talos versions, flagging a skew', async () => {
    await renderFleetView(<FleetPage />, { path: '/fleet?tab=clusters' });
    const problems = await screen.findByTestId('fleet-cluster-problems');
    expect(within(problems).getByText('4 problems')).toBeInTheDocument();
    expect(
      within(problems).getByText(
        'velero is degraded on sxb-prod-2: Deployment "velero" exceeded its progress deadline',
      ),
    ).toBeInTheDocument();
    expect(
      within(problems).getByText(
        'Kubernetes differs between the apps clusters: v1.33.5 (sxb-prod-2) · v1.34.2 (sxb-cons-1)',
      ),
    ).toBeInTheDocument();
    expect(
      within(problems).getAllByRole('link', { name: 'open in ArgoCD' }),
    ).toHaveLength(2);
    const table = screen.getByTestId('fleet-clusters-table');
    expect(
      within(table).getByRole('link', { name: 'uca-prod-1' }),
    ).toHaveAttribute('href', '/catalog/default/resource/uca-prod-1');
    // sxb-cons-1 and sxb-prod-2 differ on Kubernetes, not on Talos
    expect(within(table).getAllByText('differs within its type')).toHaveLength(
      2,
    );
  });

  it('filters from the URL: the production clusters only, and the skews among them', async () => {
    await renderFleetView(<FleetPage />, {
      path: '/fleet?tab=clusters&usage=production',
    });
    const matrix = await screen.findByTestId('fleet-addon-matrix');
    expect(
      within(matrix).queryByRole('columnheader', { name: 'sxb-cons-1' }),
    ).not.toBeInTheDocument();
    const problems = screen.getByTestId('fleet-cluster-problems');
    // the skews need sxb-cons-1: gone
    expect(within(problems).getByText('1 problem')).toBeInTheDocument();
  });

  it('says where an add-on is degraded without ArgoCD message', async () => {
    const api = mockFleetApi();
    const sample = sampleClusters();
    api.getClusters.mockResolvedValue({
      ...sample,
      problems: [
        { kind: 'addon-degraded', cluster: 'uca-prod-1', addon: 'velero' },
      ],
    });
    await renderFleetView(<FleetPage />, { api, path: '/fleet?tab=clusters' });
    const problems = await screen.findByTestId('fleet-cluster-problems');
    expect(
      within(problems).getByText('velero is degraded on uca-prod-1'),
    ).toBeInTheDocument();
  });

  it('says when no cluster matches, and when ArgoCD could not be read', async () => {
    const api = mockFleetApi();
    api.getClusters.mockResolvedValue({
      ...sampleClusters(),
      argocd: { available: false, message: 'no answer within 5000 ms' },
    });
    await renderFleetView(<FleetPage />, {
      api,
      path: '/fleet?tab=clusters&region=nowhere',
    });
    expect(
      await screen.findByText('No cluster matches these filters.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'ArgoCD statuses are not available: no answer within 5000 ms',
      ),
    ).toBeInTheDocument();
  });

  it('shows the error of a failed request', async () => {
    const api = mockFleetApi();
    api.getClusters.mockRejectedValue(
      new Error('pegase.fleet.read is not allowed'),
    );
    await renderFleetView(<FleetPage />, { api, path: '/fleet?tab=clusters' });
    expect(
      await screen.findByText('Error: pegase.fleet.read is not allowed', {
        selector: 'h6',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('fleet-clusters')).not.toBeInTheDocument();
  });

  it('is in French too', async () => {
    await renderFleetView(<FleetPage />, {
      path: '/fleet?tab=clusters',
      language: 'fr',
    });
    expect(await screen.findByText('Modules × clusters')).toBeInTheDocument();
    expect(screen.getByText('4 problèmes')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Clusters' })).toBeInTheDocument();
  });
});

describe('filterMatrix', () => {
  it('keeps a skew only while two kept clusters disagree', () => {
    const m = sampleClusters();
    expect(filterMatrix(m, {}).problems).toHaveLength(4);
    const apps = filterMatrix(m, { clusterType: 'apps' });
    expect(apps.clusters.map(c => c.name)).toEqual([
      'sxb-cons-1',
      'sxb-prod-2',
    ]);
    expect(apps.problems).toHaveLength(4);
    const cons = filterMatrix(m, { usage: 'construction' });
    expect(cons.problems.map(p => p.kind)).toEqual(['addon-out-of-sync']);
    expect(cons.cells.map(c => c.cluster)).toEqual(['sxb-cons-1']);
  });
});
