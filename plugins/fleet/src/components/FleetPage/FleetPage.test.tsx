import { fireEvent, screen, within } from '@testing-library/react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { makeSubChartEntity } from '@pcscol/plugin-pegase-common/testUtils';
import { fleetApiRef } from '../../api/FleetApi';
import { mockFleetApi, sampleFleet } from '../../__testUtils__/fleet';
import { FleetPage } from './FleetPage';

async function renderPage(
  path = '/fleet',
  options: { api?: ReturnType<typeof mockFleetApi>; language?: 'fr' } = {},
) {
  const api = options.api ?? mockFleetApi();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [fleetApiRef, api],
        [
          catalogApiRef,
          catalogApiMock({
            entities: [makeSubChartEntity('ins'), makeSubChartEntity('pai')],
          }),
        ],
      ]}
    >
      <FleetPage />
    </TestApiProvider>,
    {
      initialRouteEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      ...(options.language
        ? {
            apis: [
              mockApis.appLanguage({
                defaultLanguage: options.language,
                availableLanguages: ['en', 'fr'],
              }),
            ],
          }
        : {}),
    },
  );
  return api;
}

describe('FleetPage', () => {
  it('lists every instance with its versions, ArgoCD status and problems, from one request', async () => {
    const api = await renderPage();
    expect(await screen.findByText('3 instances of 3')).toBeInTheDocument();
    const link = screen.getByRole('link', { name: /univ-a-prod/ });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/resource/univ-a-prod',
    );
    expect(
      screen.getByRole('link', { name: 'OutOfSync · Degraded' }),
    ).toHaveAttribute(
      'href',
      'https://argocd.example/applications/univ-a-prod',
    );
    expect(screen.getByText('1 major')).toBeInTheDocument();
    expect(screen.getAllByText('Degraded').length).toBeGreaterThan(0);
    expect(api.getFleet).toHaveBeenCalledTimes(1);
  });

  it('applies the filters of the URL, so a filtered view can be shared', async () => {
    await renderPage('/fleet?usage=sandbox');
    expect(await screen.findByText('1 instance of 3')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /univ-c-sbx/ }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /univ-a-prod/ }),
    ).not.toBeInTheDocument();
  });

  it('searches as the user types', async () => {
    await renderPage();
    await screen.findByText('3 instances of 3');
    fireEvent.change(screen.getByRole('searchbox'), {
      target: { value: 'cons' },
    });
    expect(await screen.findByText('1 instance of 3')).toBeInTheDocument();
  });

  it('shows the version matrix, each cell linking to the filtered list', async () => {
    await renderPage('/fleet?tab=matrix');
    const matrix = await screen.findByTestId('fleet-version-matrix');
    const cell = within(matrix).getByTitle(
      /1 instances at 24.3.2 in eu-sxb-1 \/ construction/,
    );
    expect(cell).toHaveAttribute(
      'href',
      '/fleet?tab=instances&region=eu-sxb-1&usage=construction&version=24.3.2',
    );
  });

  it('shows one component across the fleet, named in the URL', async () => {
    const api = await renderPage('/fleet?tab=sub-chart&component=ins');
    const view = await screen.findByTestId('fleet-sub-chart');
    expect(within(view).getByText('7.10.0')).toBeInTheDocument();
    expect(
      within(view).getByRole('link', { name: 'univ-c-sbx' }),
    ).toBeInTheDocument();
    expect(api.getSubChart).toHaveBeenCalledWith('ins');
  });

  it('diffs two releases, the newest by default', async () => {
    const api = await renderPage('/fleet?tab=diff&from=24.3.2');
    expect(await screen.findByTestId('fleet-diff-changed')).toHaveTextContent(
      'ins 7.9.1 → 7.10.0',
    );
    expect(screen.getByTestId('fleet-diff-added')).toHaveTextContent(
      'new-api 1.0.0',
    );
    expect(api.getReleaseDiff).toHaveBeenCalledWith('24.3.2', '25.1.0');
  });

  it('says when ArgoCD could not be read, and still lists the fleet', async () => {
    const fleet = {
      ...sampleFleet(),
      argocd: { available: false, message: 'no answer within 5000 ms' },
    };
    await renderPage('/fleet', { api: mockFleetApi(fleet) });
    expect(
      await screen.findByText(
        'ArgoCD statuses are not available: no answer within 5000 ms',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('3 instances of 3')).toBeInTheDocument();
  });

  it('shows the backend error and retries', async () => {
    const api = mockFleetApi();
    api.getFleet.mockRejectedValueOnce(
      new Error('pegase.fleet.read is not allowed'),
    );
    await renderPage('/fleet', { api });
    expect(
      (await screen.findAllByText(/pegase.fleet.read is not allowed/)).length,
    ).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('3 instances of 3')).toBeInTheDocument();
  });

  it('speaks French', async () => {
    await renderPage('/fleet', { language: 'fr' });
    expect(await screen.findByText('3 instances sur 3')).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'Matrice des versions' }),
    ).toBeInTheDocument();
  });
});
