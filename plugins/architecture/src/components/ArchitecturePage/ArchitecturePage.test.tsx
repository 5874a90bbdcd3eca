import { fireEvent, screen, within } from '@testing-library/react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { architectureApiRef } from '../../api/ArchitectureApi';
import { mockArchitectureApi } from '../../__testUtils__/graph';
import { layoutGraph } from '../../lib/layout';
import { ArchitecturePage } from './ArchitecturePage';

// the real layout, counted
jest.mock('../../lib/layout', () => {
  const actual = jest.requireActual('../../lib/layout');
  return { ...actual, layoutGraph: jest.fn(actual.layoutGraph) };
});

async function renderPage(path = '/architecture', language?: 'fr') {
  const api = mockArchitectureApi();
  await renderInTestApp(
    <TestApiProvider apis={[[architectureApiRef, api]]}>
      <ArchitecturePage />
    </TestApiProvider>,
    {
      initialRouteEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      ...(language
        ? {
            apis: [
              mockApis.appLanguage({
                defaultLanguage: language,
                availableLanguages: ['en', 'fr'],
              }),
            ],
          }
        : {}),
    },
  );
  return api;
}

const nodeOpacity = (name: string) =>
  screen.getByRole('button', { name }).getAttribute('opacity');

describe('ArchitecturePage', () => {
  it('draws every node and relation of the System from one request', async () => {
    const api = await renderPage();
    expect(await screen.findByText('6 nodes, 5 relations')).toBeInTheDocument();
    for (const name of ['ins', 'pai', 'web', 'ins-api', 'pai-api', 'ins-db']) {
      expect(screen.getByRole('button', { name })).toBeInTheDocument();
    }
    expect(api.getGraph).toHaveBeenCalledTimes(1);
  });

  it('focuses a node from the URL: its neighbourhood stays, the rest is dimmed', async () => {
    await renderPage('/architecture?focus=api:default/ins-api');
    await screen.findByTestId('architecture-node-details');
    expect(nodeOpacity('ins-api')).toBe('1');
    expect(nodeOpacity('pai')).toBe('1');
    expect(nodeOpacity('web')).toBe('0.15');
    expect(
      screen.getByText('Open in the catalog').closest('a'),
    ).toHaveAttribute('href', '/catalog/default/api/ins-api');
  });

  it('hides what is outside the focus when asked, and walks deeper', async () => {
    await renderPage('/architecture?focus=api:default/ins-api&hide=1&depth=2');
    expect(await screen.findByText('5 nodes, 4 relations')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'web' }),
    ).not.toBeInTheDocument();
    // the switch says what it does, and turning it off dims instead of hiding
    const hide = screen.getByRole('switch', { name: 'Hide the rest' });
    expect(hide).toBeChecked();
    fireEvent.click(hide);
    expect(await screen.findByText('6 nodes, 5 relations')).toBeInTheDocument();
  });

  it('filters relations by type', async () => {
    await renderPage('/architecture?edges=consumesApi');
    expect(await screen.findByText('6 nodes, 2 relations')).toBeInTheDocument();
  });

  it('selects a node on click and shows where it runs', async () => {
    await renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'pai' }));
    const details = await screen.findByTestId('architecture-node-details');
    expect(within(details).getByText('38 instances')).toBeInTheDocument();
    expect(
      within(details).getByText('Where it runs').closest('a'),
    ).toHaveAttribute('href', '/fleet?tab=sub-chart&component=pai');
  });

  it('shows the impact of a change of an API: direct and transitive consumers', async () => {
    await renderPage('/architecture?focus=api:default/ins-api&impact=1');
    const impact = await screen.findByTestId('architecture-impact');
    expect(
      within(impact).getByText('2 components of 2 teams, 73 instance runs'),
    ).toBeInTheDocument();
    expect(within(impact).getByText('direct')).toBeInTheDocument();
    expect(within(impact).getByText('through 1 API')).toBeInTheDocument();
    expect(
      within(impact).getByRole('button', { name: 'Export CSV' }),
    ).toBeInTheDocument();
  });

  it('keeps its layout when the focus changes (dimming only repaints)', async () => {
    const layoutSpy = layoutGraph as jest.MockedFunction<typeof layoutGraph>;
    layoutSpy.mockClear();
    await renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'pai' }));
    await screen.findByTestId('architecture-node-details');
    fireEvent.click(screen.getByRole('button', { name: 'web' }));
    expect(
      await screen.findByRole('button', { name: 'web', pressed: true }),
    ).toBeInTheDocument();
    expect(layoutSpy).toHaveBeenCalledTimes(1);
  });

  it('speaks French', async () => {
    await renderPage('/architecture', 'fr');
    expect(await screen.findByText('6 nœuds, 5 relations')).toBeInTheDocument();
  });
});
