import { screen, waitFor, within } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import { PEGASE_ENTITY_TYPES } from '@pcscol/plugin-pegase-common';
import {
  appOfApps,
  fakeApi,
  generatedComparison,
  makeInstance,
  renderArgocdView as render,
} from '../__testUtils__';
import { GeneratedApplicationCard } from './GeneratedApplicationCard';
import { AppOfAppsCard } from './AppOfAppsCard';
import { InstanceOverviewCard } from './InstanceOverviewCard';
import { isAppOfApps } from '@pcscol/plugin-pegase-common';

jest.setTimeout(30_000);

const target = {
  entityRef: 'resource:default/unistra-prod',
  appName: 'unistra-prod',
};

function appOfAppsEntity(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'argocd/app-name': name },
    },
    spec: { type: PEGASE_ENTITY_TYPES.appOfApps, owner: 'ops' },
  };
}

describe('GeneratedApplicationCard', () => {
  it('shows the verdict, each difference with both values, and both sides', async () => {
    const api = fakeApi();
    await render(
      <GeneratedApplicationCard target={target} />,
      makeInstance('unistra-prod'),
      { api },
    );
    expect(
      await screen.findByText(/3 differences between the Application/),
    ).toBeInTheDocument();
    expect(api.getGenerated).toHaveBeenCalledWith(target);
    expect(
      screen.getByText(
        'ApplicationSet pegase-instances, from instances/sxb/production/unistra-prod/instance.json',
      ),
    ).toBeInTheDocument();
    const table = screen.getByRole('grid', { name: 'Differences' });
    const revision = within(table)
      .getByText('spec.sources[0].targetRevision')
      .closest('[role="row"]') as HTMLElement;
    expect(within(revision).getByText('Sources')).toBeInTheDocument();
    expect(within(revision).getByText('25.0.0')).toBeInTheDocument();
    expect(within(revision).getByText('24.9.1')).toBeInTheDocument();
    // added on the live Application only: absent from the generated one
    const automated = within(table)
      .getByText('spec.syncPolicy.automated')
      .closest('[role="row"]') as HTMLElement;
    expect(within(automated).getByText('absent')).toBeInTheDocument();
    expect(within(automated).getByText('{"prune":true}')).toBeInTheDocument();
    expect(
      screen.getByText('Generated (GitOps repository)'),
    ).toBeInTheDocument();
    expect(screen.getByText('Live (ArgoCD)')).toBeInTheDocument();
    expect(document.body.textContent).toContain('"unistra-hotfix"');
  });

  it('says when the live Application is the generated one, or is missing, in French too', async () => {
    const same = fakeApi({
      getGenerated: jest.fn(async () => ({
        ...generatedComparison,
        state: 'same' as const,
        differences: [],
        live: generatedComparison.generated,
      })),
    });
    const { unmount } = await render(
      <GeneratedApplicationCard target={target} />,
      makeInstance('unistra-prod'),
      { api: same },
    );
    expect(
      await screen.findByText(
        'The live Application is the one its ApplicationSet generates from the GitOps repository.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('grid')).toBeNull();
    unmount();

    const missing = fakeApi({
      getGenerated: jest.fn(async () => ({
        ...generatedComparison,
        state: 'live-missing' as const,
        differences: [],
        live: undefined,
      })),
    });
    await render(
      <GeneratedApplicationCard target={target} />,
      makeInstance('unistra-prod'),
      { api: missing, language: 'fr' },
    );
    expect(
      await screen.findByText(
        /L’ArgoCD admin n’a pas d’Application unistra-prod/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('absent')).toBeInTheDocument();
  });

  it('shows the backend error in the card', async () => {
    const api = fakeApi({
      getGenerated: jest.fn(async () => {
        throw new Error(
          'catalog.providers.pegase is not configured: the GitOps repository, where the ApplicationSets are, cannot be read',
        );
      }),
    });
    await render(
      <GeneratedApplicationCard target={target} />,
      makeInstance('unistra-prod'),
      { api },
    );
    await waitFor(() =>
      expect(document.body.textContent).toContain(
        'catalog.providers.pegase is not configured',
      ),
    );
  });
});

describe('app-of-apps', () => {
  it("lists an app-of-apps' children with their live sync and health", async () => {
    const api = fakeApi();
    const entity = appOfAppsEntity('instances-production');
    expect(isAppOfApps(entity)).toBe(true);
    expect(isAppOfApps(makeInstance('x'))).toBe(false);
    await render(<AppOfAppsCard />, entity, { api });
    const row = (await screen.findByText('pegase-instances')).closest(
      '[role="row"]',
    ) as HTMLElement;
    expect(api.getAppOfApps).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: 'resource:default/instances-production',
      }),
    );
    expect(within(row).getByText('ApplicationSet')).toBeInTheDocument();
    expect(within(row).getByText('19 of 20 in ArgoCD')).toBeInTheDocument();
    expect(within(row).getByText('Out of sync')).toBeInTheDocument();
    expect(within(row).getByText('Degraded')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Application instances-production, source argocd/instances/production · 1 child',
      ),
    ).toBeInTheDocument();
  });

  it('says when the repository holds no such app-of-apps', async () => {
    const api = fakeApi({
      getAppOfApps: jest.fn(async () => ({
        argocdInstance: 'admin',
        readAt: appOfApps.readAt,
      })),
    });
    await render(<AppOfAppsCard />, appOfAppsEntity('gone'), { api });
    expect(
      await screen.findByText(
        'The GitOps repository holds no app-of-apps named gone.',
      ),
    ).toBeInTheDocument();
  });

  it("shows an instance's app-of-apps and how many Applications its ApplicationSet generates", async () => {
    await render(<InstanceOverviewCard />, makeInstance('unistra-prod'), {
      api: fakeApi(),
    });
    const tree = await screen.findByTestId('argocd-instance-tree');
    expect(tree).toHaveTextContent('instances-production (Synced)');
    // to the app-of-apps' entity page (argocd namespace, its ArgoCD name)
    expect(
      within(tree).getByRole('link', { name: 'instances-production' }),
    ).toHaveAttribute('href', '/catalog/argocd/resource/instances-production');
    expect(
      within(tree).getByText('pegase-instances generates 20 Applications'),
    ).toBeInTheDocument();
  });
});
