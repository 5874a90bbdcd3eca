import { mockApis } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  fakeApi,
  fleet,
  history,
  makeComponent,
  overview,
  makeInstance,
  renderArgocdView as render,
} from '../__testUtils__';
import { InstanceOverviewCard } from './InstanceOverviewCard';
import { InstanceArgocdContent } from './InstanceArgocdContent';
import { ComponentFleetCard } from './ComponentFleetCard';
import { ComponentFleetContent } from './ComponentFleetContent';

jest.setTimeout(30_000);

describe('InstanceOverviewCard', () => {
  it('shows sync, health, chart version, revisions, last sync and the ArgoCD link; sync calls the backend', async () => {
    const api = fakeApi();
    await render(<InstanceOverviewCard />, makeInstance('unistra-prod'), {
      api,
    });
    expect(await screen.findByText('Out of sync')).toBeInTheDocument();
    expect(screen.getByText('Degraded')).toBeInTheDocument();
    expect(screen.getByText('25.0.0')).toBeInTheDocument();
    expect(screen.getByText('25.0.0 / 0123456')).toBeInTheDocument();
    expect(screen.getByText('Succeeded (by j.martin)')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Open in ArgoCD/ }),
    ).toHaveAttribute(
      'href',
      'https://argocd.example/applications/unistra-prod',
    );
    expect(api.getOverview).toHaveBeenCalledWith({
      appName: 'unistra-prod',
      argocd: 'admin',
      entityRef: 'resource:default/unistra-prod',
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Sync' }));
    await waitFor(() =>
      expect(api.sync).toHaveBeenCalledWith(
        expect.objectContaining({
          appName: 'unistra-prod',
          entityRef: 'resource:default/unistra-prod',
        }),
      ),
    );
    // the buttons stay disabled while the sync runs and the card reloads:
    // click Refresh once it can be used again, not before
    const refresh = screen.getByRole('button', { name: 'Refresh' });
    await waitFor(() => expect(refresh).toBeEnabled());
    await waitFor(() => expect(api.getOverview).toHaveBeenCalledTimes(2));
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() =>
      expect(api.refresh).toHaveBeenCalledWith(
        expect.objectContaining({ entityRef: 'resource:default/unistra-prod' }),
      ),
    );
  });

  it('shows the upstream error for this card only', async () => {
    const api = fakeApi({
      getOverview: jest.fn(async () => {
        throw new Error(
          "ArgoCD 'admin' did not answer application 'x' within 10000 ms",
        );
      }),
    });
    await render(<InstanceOverviewCard />, makeInstance('unistra-prod'), {
      api,
    });
    await waitFor(() =>
      expect(document.body.textContent).toContain(
        "ArgoCD 'admin' did not answer application 'x' within 10000 ms",
      ),
    );
  });

  it('speaks French', async () => {
    await render(<InstanceOverviewCard />, makeInstance('unistra-prod'), {
      language: 'fr',
    });
    expect(await screen.findByText('Désynchronisé')).toBeInTheDocument();
    expect(screen.getByText('Dégradé')).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Synchroniser' }),
    ).toBeInTheDocument();
  });
});

describe('InstanceArgocdContent', () => {
  it('shows the history and the resource tree grouped by sub-chart, and rolls back after confirmation', async () => {
    const api = fakeApi();
    await render(<InstanceArgocdContent />, makeInstance('unistra-prod'), {
      api,
    });
    const historyTable = await screen.findByRole('grid', {
      name: 'Deployment history',
    });
    expect(within(historyTable).getByText('current')).toBeInTheDocument();
    expect(
      within(historyTable).getByText('automated sync'),
    ).toBeInTheDocument();
    expect(within(historyTable).getByText('40 s')).toBeInTheDocument();
    const tree = await screen.findByRole('grid', {
      name: 'Resources by sub-chart',
    });
    expect(within(tree).getByText('pai')).toBeInTheDocument();
    expect(within(tree).getByText('Running 3.4.0')).toBeInTheDocument();
    expect(
      within(tree).getByText('unistra-prod-pai-7d9f-x1'),
    ).toBeInTheDocument();
    expect(within(tree).getByText('back-off restarting')).toBeInTheDocument();
    expect(api.getResources).toHaveBeenCalledWith(
      expect.objectContaining({ entityRef: 'resource:default/unistra-prod' }),
    );

    fireEvent.click(
      within(historyTable).getByRole('button', { name: 'Roll back' }),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Confirm' }));
    await waitFor(() =>
      expect(api.rollback).toHaveBeenCalledWith(
        expect.objectContaining({
          entityRef: 'resource:default/unistra-prod',
          id: 2,
        }),
      ),
    );
  });
});

describe('operations and RollingSync, as ArgoCD reports them', () => {
  it('shows a sync as Running until ArgoCD says it is over, then its result and message', async () => {
    let calls = 0;
    const api = fakeApi({
      getOverview: jest.fn(async () => {
        calls++;
        if (calls === 1) return overview;
        // ArgoCD answered the sync with `.operation` set: not over yet
        if (calls === 2)
          return {
            ...overview,
            operation: { phase: 'Running', running: true, initiatedBy: 'me' },
          };
        return {
          ...overview,
          operation: {
            phase: 'Failed',
            running: false,
            initiatedBy: 'me',
            message: 'one or more objects failed to apply',
          },
        };
      }),
    });
    await render(<InstanceOverviewCard />, makeInstance('unistra-prod'), {
      api,
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Sync' }));
    expect(await screen.findByText('Running… (by me)')).toBeInTheDocument();
    // read again while it runs, then the result ArgoCD gives
    expect(
      await screen.findByText(
        'Failed (by me): one or more objects failed to apply',
        undefined,
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(api.getOverview).toHaveBeenCalledTimes(3);
  });

  it('tells the result of a sync that ArgoCD finished before the overview was read again', async () => {
    let calls = 0;
    const api = fakeApi({
      getOverview: jest.fn(async () => {
        calls++;
        if (calls === 1) return overview;
        // a short sync: already over when the portal reads the app again
        return {
          ...overview,
          operation: { phase: 'Succeeded', running: false, initiatedBy: 'me' },
        };
      }),
    });
    const alertApi = mockApis.alert();
    await render(<InstanceOverviewCard />, makeInstance('unistra-prod'), {
      api,
      alertApi,
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Sync' }));
    const finished = await alertApi.waitForAlert(a =>
      /^Sync of .+: Succeeded$/.test(String(a.message)),
    );
    expect(finished.severity).toBe('success');
  });

  it('says a RollingSync app is managed by RollingSync and offers no rollback', async () => {
    const api = fakeApi({
      getOverview: jest.fn(async () => ({
        ...overview,
        managedBy: 'RollingSync' as const,
      })),
      getHistory: jest.fn(async () => ({
        ...history,
        managedBy: 'RollingSync' as const,
      })),
    });
    await render(<InstanceArgocdContent />, makeInstance('unistra-prod'), {
      api,
    });
    expect(
      await screen.findByText('Managed by RollingSync'),
    ).toBeInTheDocument();
    const historyTable = await screen.findByRole('grid', {
      name: 'Deployment history',
    });
    expect(
      within(historyTable).queryByRole('button', { name: 'Roll back' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'Managed by RollingSync: roll back by changing the version in the GitOps repository',
      ),
    ).toBeInTheDocument();
  });

  it('marks a fleet row whose last operation failed, though Synced and Healthy', async () => {
    const api = fakeApi({
      getFleet: jest.fn(async () => ({
        ...fleet,
        rows: fleet.rows.map(r =>
          r.instance === 'uca-prod'
            ? { ...r, operationPhase: 'Failed', problem: true }
            : r,
        ),
      })),
    });
    await render(<ComponentFleetContent />, makeComponent('pai'), { api });
    const row = (await screen.findAllByRole('row')).find(r =>
      within(r).queryByText('uca-prod'),
    )!;
    expect(within(row).getByText('Last operation Failed')).toBeInTheDocument();
  });

  it('shows the version that runs and the range the source asks', async () => {
    const api = fakeApi({
      getOverview: jest.fn(async () => ({
        ...overview,
        chartVersion: '25.0.3',
        targetRevision: '25.*',
      })),
    });
    await render(<InstanceOverviewCard />, makeInstance('unistra-prod'), {
      api,
    });
    expect(await screen.findByText('25.0.3 (asks 25.*)')).toBeInTheDocument();
  });
});

describe('component fleet', () => {
  it('the card counts healthy and degraded instances and lists the problems', async () => {
    await render(<ComponentFleetCard />, makeComponent('pai'));
    expect(
      await screen.findByText('2 healthy, 1 degraded'),
    ).toBeInTheDocument();
    expect(screen.getByText('1 with problems')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'ubs-prod' })).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /View all instances/ }),
    ).toHaveAttribute('href', '/catalog/default/component/pai/argocd-fleet');
  });

  it('the card says when no instance runs the component', async () => {
    const api = fakeApi({
      getFleet: jest.fn(async () => ({
        component: { entityRef: 'component:default/pai', workload: 'pai' },
        rows: [],
        total: 0,
        counts: { total: 0, problems: 0, health: {}, sync: {} },
        filters: { regions: [], usages: [], clusters: [] },
        errors: [],
        pendingComponentHealth: 0,
      })),
    });
    await render(<ComponentFleetCard />, makeComponent('pai'), { api });
    expect(
      await screen.findByText('No instance runs this component.'),
    ).toBeInTheDocument();
  });

  it('the tab lists every instance problems first, with filters that query the backend', async () => {
    const api = fakeApi();
    await render(<ComponentFleetContent />, makeComponent('pai'), { api });
    expect(
      await screen.findByText('2 healthy, 1 degraded'),
    ).toBeInTheDocument();
    const rows = screen.getAllByRole('row');
    const firstData = rows.find(r => within(r).queryByText('ubs-prod'));
    expect(rows.indexOf(firstData!)).toBeLessThan(
      rows.indexOf(rows.find(r => within(r).queryByText('unistra-prod'))!),
    );
    expect(api.getFleet).toHaveBeenLastCalledWith(
      { kind: 'Component', namespace: 'default', name: 'pai' },
      {
        region: undefined,
        usage: undefined,
        cluster: undefined,
        problemsOnly: false,
      },
    );
    // a Backstage UI select: a button that opens a listbox
    fireEvent.click(screen.getByRole('button', { name: /Region/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'fr-cfe-uca' }));
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith(
        expect.anything(),
        expect.objectContaining({ region: ['fr-cfe-uca'] }),
      ),
    );
    fireEvent.click(screen.getByRole('switch', { name: 'Problems only' }));
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith(
        expect.anything(),
        expect.objectContaining({ problemsOnly: true }),
      ),
    );
  });

  it('the tab sorts and searches the rows in the browser', async () => {
    const api = fakeApi();
    await render(<ComponentFleetContent />, makeComponent('pai'), { api });
    await screen.findByText('2 healthy, 1 degraded');
    const instances = () =>
      screen
        .getAllByRole('link', { name: /^u\w+-prod$/ })
        .map(l => l.textContent);
    // the backend's order: problems first
    expect(instances()).toEqual(['ubs-prod', 'unistra-prod', 'uca-prod']);
    fireEvent.click(screen.getByRole('columnheader', { name: 'Instance' }));
    await waitFor(() =>
      expect(instances()).toEqual(['ubs-prod', 'uca-prod', 'unistra-prod']),
    );
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), {
      target: { value: 'fr-cfe' },
    });
    await waitFor(() => expect(instances()).toEqual(['uca-prod']));
    // searching stays in the browser: no new request
    expect(api.getFleet).toHaveBeenCalledTimes(1);
  });

  it('the tab shows an ArgoCD that failed beside the rows of the others', async () => {
    const api = fakeApi({
      getFleet: jest.fn(async () => ({
        ...(await fakeApi().getFleet({
          kind: 'component',
          namespace: 'default',
          name: 'pai',
        })),
        errors: [
          {
            argocdInstance: 'uca',
            kind: 'timeout' as const,
            message: 'did not answer within 10000 ms',
          },
        ],
        pendingComponentHealth: 2,
      })),
    });
    await render(<ComponentFleetContent />, makeComponent('pai'), {
      api,
      language: 'fr',
    });
    await waitFor(() =>
      expect(document.body.textContent).toContain(
        'ArgoCD uca : did not answer within 10000 ms',
      ),
    );
    expect(
      screen.getByText(/Santé du composant encore inconnue pour 2 instances/),
    ).toBeInTheDocument();
    expect(screen.getByText('2 sains, 1 dégradés')).toBeInTheDocument();
  });
});
