import { screen } from '@testing-library/react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { identityApiRef } from '@backstage/frontend-plugin-api';
import { makeSubChartEntity } from '@pcscol/plugin-pegase-common/testUtils';
import { fleetApiRef } from '../../api/FleetApi';
import {
  fleetInstance,
  mockFleetApi,
  sampleFleet,
} from '../../__testUtils__/fleet';
import { fleetRouteRef, selectedTemplateRouteRef } from '../../routes';
import {
  FleetProblemsCard,
  TeamComponentsCard,
  VersionDistributionCard,
} from './index';

const owned = (name: string, team: string) => ({
  ...makeSubChartEntity(name, { owner: team }),
  relations: [{ type: 'ownedBy', targetRef: team }],
});

const render = (
  element: JSX.Element,
  api = mockFleetApi(),
  groups = ['group:default/ins-team'],
) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [fleetApiRef, api],
        [
          catalogApiRef,
          catalogApiMock({
            entities: [
              owned('ins', 'group:default/ins-team'),
              owned('pai', 'group:default/pai-team'),
            ],
          }),
        ],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: 'user:default/jdoe',
            ownershipEntityRefs: ['user:default/jdoe', ...groups],
          }),
        ],
      ]}
    >
      {element}
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/fleet': fleetRouteRef,
        '/create/templates/:namespace/:templateName': selectedTemplateRouteRef,
      },
    },
  );

describe('fleet home cards', () => {
  it('lists an instance whose last ArgoCD sync failed, though Synced and Healthy', async () => {
    const fleet = sampleFleet();
    fleet.instances.push(
      fleetInstance('univ-e-prod', {
        argocd: {
          sync: 'Synced',
          health: 'Healthy',
          liveVersion: '25.1.0',
          failedOperation: { phase: 'Failed' },
        },
        problems: ['operation-failed'],
      }),
    );
    await render(<FleetProblemsCard />, mockFleetApi(fleet));
    expect(
      await screen.findByRole('link', { name: 'Last sync failed' }),
    ).toHaveAttribute('href', '/fleet?problem=operation-failed');
    expect(screen.getByRole('link', { name: 'univ-e-prod' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/univ-e-prod',
    );
  });

  it('lists the problems by kind, each kind linked to the filtered fleet', async () => {
    await render(<FleetProblemsCard />);
    expect(
      await screen.findByRole('link', { name: 'TTL expired' }),
    ).toHaveAttribute('href', '/fleet?problem=ttl-expired');
    expect(screen.getAllByRole('link', { name: 'univ-a-prod' })).toHaveLength(
      3,
    );
    expect(screen.getByRole('link', { name: 'univ-c-sbx' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/univ-c-sbx',
    );
  });

  it('links each expired instance to the removal form, filled with it', async () => {
    await render(<FleetProblemsCard />);
    const expired = sampleFleet().instances.filter(i =>
      i.problems.includes('ttl-expired'),
    );
    expect(expired.length).toBeGreaterThan(0);
    for (const i of expired) {
      const link = await screen.findByRole('link', {
        name: `Remove ${i.name}`,
      });
      const url = new URL(link.getAttribute('href')!, 'http://portal');
      expect(url.pathname).toBe('/create/templates/default/pegase-remove');
      expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
        instance: i.entityRef,
      });
    }
    // only the expired ones
    expect(screen.getAllByRole('link', { name: /^Remove / })).toHaveLength(
      expired.length,
    );
  });

  it('says when nothing needs attention', async () => {
    const calm = { ...sampleFleet(), instances: [fleetInstance('univ-ok')] };
    await render(<FleetProblemsCard />, mockFleetApi(calm));
    expect(
      await screen.findByText(
        'No instance is degraded, out of sync, drifting or expiring.',
      ),
    ).toBeInTheDocument();
  });

  it('shows the version distribution, linked to the list', async () => {
    await render(<VersionDistributionCard />);
    expect(
      await screen.findByText('3 instances; newest release 25.1.0'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '24.3.2' })).toHaveAttribute(
      'href',
      '/fleet?version=24.3.2',
    );
  });

  it("lists the signed-in user's teams' components only", async () => {
    await render(<TeamComponentsCard />);
    expect(await screen.findByRole('link', { name: 'ins' })).toHaveAttribute(
      'href',
      '/catalog/default/component/ins',
    );
    expect(screen.queryByRole('link', { name: 'pai' })).not.toBeInTheDocument();
  });

  it('says when the user has no team', async () => {
    await render(<TeamComponentsCard />, mockFleetApi(), []);
    expect(
      await screen.findByText('You belong to no team that owns components.'),
    ).toBeInTheDocument();
  });
});
