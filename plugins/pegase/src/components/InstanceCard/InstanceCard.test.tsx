import { fireEvent, screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { renderEntityView } from '@pcscol/plugin-pegase-react/testUtils';
import {
  isoDaysFromToday,
  makeInstanceEntity as makeInstance,
} from '@pcscol/plugin-pegase-common/testUtils';
import { PEGASE_ANNOTATIONS } from '@pcscol/plugin-pegase-common';
import { InstanceCard } from './InstanceCard';

const renderCard = (entity: Entity, language?: 'fr') =>
  renderEntityView(<InstanceCard />, { entity, language });

describe('InstanceCard', () => {
  it('shows university, region, usage, namespace, umbrella version and a link to the cluster', async () => {
    await renderCard(
      makeInstance('unistra-prod', {
        chartVersion: '24.1.2',
        cluster: 'sxb-prod-1',
        subChartVersions: { 'pegase-core': '3.4.0', kafka: '1.2.0' },
      }),
    );
    expect(await screen.findByText('Pégase instance')).toBeInTheDocument();
    expect(screen.getByText('Université de Strasbourg')).toBeInTheDocument();
    expect(screen.getByText('eu-sxb-1')).toBeInTheDocument();
    expect(screen.getByText('Production')).toBeInTheDocument();
    expect(screen.getByText('ns-unistra-prod')).toBeInTheDocument();
    expect(screen.getByText('24.1.2')).toBeInTheDocument();
    const link = screen.getByRole('link', { name: /sxb-prod-1/ });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/resource/sxb-prod-1',
    );
  });

  it('lists the sub-chart versions the umbrella version implies, linked to their entities', async () => {
    await renderCard(
      makeInstance('unistra-prod', {
        chartVersion: '24.1.2',
        subChartVersions: { 'pegase-core': '3.4.0', kafka: '1.2.0' },
      }),
    );
    const table = await screen.findByTestId('pegase-sub-chart-versions');
    expect(
      within(table).getByText(/Sub-chart versions implied by 24.1.2/),
    ).toBeInTheDocument();
    expect(within(table).getByText(/2 sub-charts/)).toBeInTheDocument();
    fireEvent.click(within(table).getByText(/2 sub-charts/));
    const rows = within(table).getAllByRole('row');
    // header + 2 rows, sorted by name
    expect(rows).toHaveLength(3);
    expect(
      within(rows[1]).getByRole('link', { name: /kafka/ }),
    ).toHaveAttribute('href', '/catalog/default/resource/kafka');
    expect(within(rows[1]).getByText('1.2.0')).toBeInTheDocument();
    expect(
      within(rows[2]).getByRole('link', { name: /pegase-core/ }),
    ).toHaveAttribute('href', '/catalog/default/component/pegase-core');
    expect(within(rows[2]).getByText('3.4.0')).toBeInTheDocument();
  });

  it('says so when the sub-chart versions annotation is missing or invalid', async () => {
    const { unmount } = await renderCard(makeInstance('no-map'));
    expect(
      await screen.findByText(
        `annotation ${PEGASE_ANNOTATIONS.subChartVersions} missing`,
        { exact: false },
      ),
    ).toBeInTheDocument();
    unmount();
    await renderCard(makeInstance('bad-map', { subChartVersions: '[1,2' }));
    expect(
      await screen.findByText(/is not a JSON map of sub-chart versions/),
    ).toBeInTheDocument();
  });

  it('falls back to spec.dependsOn for the cluster when the cluster annotation is absent', async () => {
    const entity = makeInstance('no-cluster-annotation', {
      cluster: 'cfe-prod-2',
      subChartVersions: { kafka: '1.2.0' },
    });
    delete entity.metadata.annotations![PEGASE_ANNOTATIONS.cluster];
    await renderCard(entity);
    expect(
      await screen.findByRole('link', { name: /cfe-prod-2/ }),
    ).toHaveAttribute('href', '/catalog/default/resource/cfe-prod-2');
  });

  it('shows the days left before the TTL', async () => {
    const ttl = isoDaysFromToday(12);
    await renderCard(makeInstance('sandbox-1', { ttl }));
    expect(
      await screen.findByText(`12 days left (until ${ttl})`),
    ).toBeInTheDocument();
  });

  it('shows an expired TTL clearly', async () => {
    const ttl = isoDaysFromToday(-3);
    await renderCard(makeInstance('sandbox-2', { ttl }));
    const expired = await screen.findByTestId('pegase-ttl-expired');
    expect(expired).toHaveTextContent(`Expired 3 days ago (${ttl})`);
  });

  it('shows permanent instances and invalid TTLs', async () => {
    const { unmount } = await renderCard(makeInstance('prod'));
    expect(
      await screen.findByText('None (permanent instance)'),
    ).toBeInTheDocument();
    unmount();
    await renderCard(makeInstance('odd', { ttl: 'soon' }));
    expect(
      await screen.findByText('Not an ISO-8601 date: soon'),
    ).toBeInTheDocument();
  });

  it('renders in French', async () => {
    const ttl = isoDaysFromToday(5);
    await renderCard(
      makeInstance('unistra-sandbox', {
        ttl,
        usage: 'sandbox',
        subChartVersions: { 'pegase-core': '3.4.0' },
      }),
      'fr',
    );
    expect(await screen.findByText('Instance Pégase')).toBeInTheDocument();
    expect(screen.getByText('Université')).toBeInTheDocument();
    expect(screen.getByText('Bac à sable')).toBeInTheDocument();
    expect(
      screen.getByText('Version de la chart parapluie'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(`5 jours restants (jusqu’au ${ttl})`),
    ).toBeInTheDocument();
    expect(screen.getByText(/1 sous-chart/)).toBeInTheDocument();
  });
});
