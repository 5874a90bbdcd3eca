import { screen, waitFor, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderEntityView } from '@pcscol/plugin-pegase-react/testUtils';
import { makeInstanceEntity as makeInstance } from '@pcscol/plugin-pegase-common/testUtils';
import { PEGASE_ANNOTATIONS } from '@pcscol/plugin-pegase-common';
import { makeOwnedSubChart as makeSubChart } from '../../__testUtils__';
import { SubChartCard } from './SubChartCard';

const core = makeSubChart('pegase-core');

/** A fleet: 3 instances of 24.1.2, 2 of 24.10.0, 1 of 23.4.1 without the component, 1 of 23.4.1 with it. */
const fleet: Entity[] = [
  core,
  makeSubChart('pegase-ui'),
  ...['a', 'b', 'c'].map(n =>
    makeInstance(`inst-${n}`, {
      chartVersion: '24.1.2',
      components: ['pegase-core', 'pegase-ui'],
      subChartVersions: { 'pegase-core': '3.4.0', 'pegase-ui': '2.0.0' },
    }),
  ),
  ...['d', 'e'].map(n =>
    makeInstance(`inst-${n}`, {
      chartVersion: '24.10.0',
      components: ['pegase-core'],
      subChartVersions: { 'pegase-core': '3.9.1' },
    }),
  ),
  makeInstance('inst-f', {
    chartVersion: '23.4.1',
    components: ['pegase-ui'],
    subChartVersions: { 'pegase-ui': '1.0.0' },
  }),
  // an instance whose umbrella version is not mapped yet
  makeInstance('inst-g', {
    chartVersion: '23.4.1',
    components: ['pegase-core'],
  }),
];

const renderCard = (
  entity: Entity,
  catalogApi: typeof catalogApiRef.T,
  language?: 'fr',
) =>
  renderEntityView(<SubChartCard />, {
    entity,
    apis: [[catalogApiRef, catalogApi]],
    language,
  });

describe('SubChartCard', () => {
  it('shows the chart, its versions and its owner', async () => {
    await renderCard(core, catalogApiMock({ entities: fleet }));
    expect(await screen.findByText('Pégase sub-chart')).toBeInTheDocument();
    expect(screen.getAllByText('pegase-core').length).toBeGreaterThan(0);
    expect(screen.getByText('3.4.0')).toBeInTheDocument();
    expect(screen.getByText('24.1.0')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /team-toulouse/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-toulouse',
    );
  });

  it('counts the instances that run it, per umbrella version, newest first', async () => {
    await renderCard(core, catalogApiMock({ entities: fleet }));
    expect(
      await screen.findByTestId('pegase-instances-total'),
    ).toHaveTextContent('6 instances');
    const table = screen.getByTestId('pegase-instances-per-version');
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map(r =>
        within(r)
          .getAllByRole('cell')
          .map(c => c.textContent),
      );
    expect(rows).toEqual([
      ['24.10.0', '3.9.1', '2'],
      ['24.1.2', '3.4.0', '3'],
      ['23.4.1', 'Unknown', '1'],
    ]);
  });

  it('says when no instance runs it', async () => {
    const lonely = makeSubChart('pegase-batch');
    await renderCard(lonely, catalogApiMock({ entities: [lonely, ...fleet] }));
    expect(
      await screen.findByText('No instance runs this sub-chart.'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('pegase-instances-total')).toHaveTextContent(
      '0 instances',
    );
  });

  it('shows the catalog error and can retry', async () => {
    const healthy = catalogApiMock({ entities: fleet });
    const getEntityFacets = jest
      .fn()
      .mockRejectedValueOnce(new Error('catalog is down'))
      .mockImplementation(r => healthy.getEntityFacets(r));
    const api = catalogApiMock.mock({
      getEntityFacets,
      queryEntities: r => healthy.queryEntities(r),
    });
    await renderCard(core, api);
    expect(
      await screen.findByText(
        'Could not count the instances that run this sub-chart.',
        { exact: false },
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/catalog is down/).length).toBeGreaterThan(0);
    screen.getByRole('button', { name: 'Retry' }).click();
    await waitFor(() =>
      expect(screen.getByTestId('pegase-instances-total')).toHaveTextContent(
        '6 instances',
      ),
    );
    expect(getEntityFacets).toHaveBeenCalledTimes(2);
    expect(getEntityFacets).toHaveBeenLastCalledWith({
      filter: {
        kind: 'Resource',
        'spec.type': 'pegase-instance',
        'relations.dependsOn': 'component:default/pegase-core',
      },
      facets: [`metadata.annotations.${PEGASE_ANNOTATIONS.chartVersion}`],
    });
  });

  it('renders in French', async () => {
    await renderCard(core, catalogApiMock({ entities: fleet }), 'fr');
    expect(await screen.findByText('Sous-chart Pégase')).toBeInTheDocument();
    expect(screen.getByText('Version applicative')).toBeInTheDocument();
    expect(screen.getByText('Propriétaire')).toBeInTheDocument();
    expect(
      await screen.findByTestId('pegase-instances-total'),
    ).toHaveTextContent('6 instances');
    expect(screen.getByText('Version parapluie')).toBeInTheDocument();
    expect(screen.getByText('Inconnu')).toBeInTheDocument();
  });
});
