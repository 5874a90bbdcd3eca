import { screen, within } from '@testing-library/react';
import {
  makeInstanceEntity,
  makeSubChartEntity,
} from '@pcscol/plugin-pegase-common/testUtils';
import { renderEntityView } from '@pcscol/plugin-pegase-react/testUtils';
import { architectureApiRef } from '../../api/ArchitectureApi';
import { mockArchitectureApi } from '../../__testUtils__/graph';
import { EntityRelationsCard } from './EntityRelationsCard';
import { hasPegaseRelations } from '../../plugin';

describe('EntityRelationsCard', () => {
  it("draws a component's direct relations, and its instances as a count linked to the fleet", async () => {
    await renderEntityView(<EntityRelationsCard />, {
      entity: makeSubChartEntity('pai'),
      apis: [[architectureApiRef, mockArchitectureApi()]],
    });
    const card = await screen.findByTestId('architecture-relations-card');
    for (const name of ['pai', 'ins-api', 'pai-api']) {
      expect(within(card).getByRole('button', { name })).toBeInTheDocument();
    }
    expect(
      within(card).queryByRole('button', { name: 'ins-db' }),
    ).not.toBeInTheDocument();
    expect(
      within(card).getByRole('link', { name: 'Runs in 38 instances' }),
    ).toHaveAttribute('href', '/fleet?tab=sub-chart&component=pai');
  });

  it("shows an instance's cluster and its components grouped by type, not one edge each", async () => {
    await renderEntityView(<EntityRelationsCard />, {
      entity: makeInstanceEntity('univ-a-prod', {
        components: ['ins', 'pai', 'web'],
      }),
      apis: [[architectureApiRef, mockArchitectureApi()]],
    });
    const view = await screen.findByTestId('architecture-instance-relations');
    expect(
      within(view).getByRole('link', { name: 'sxb-prod-1' }),
    ).toBeInTheDocument();
    expect(within(view).getByText('service (2)')).toBeInTheDocument();
    expect(within(view).getByText('website (1)')).toBeInTheDocument();
  });

  it('applies to instances, sub-charts and the APIs of the System only', () => {
    expect(hasPegaseRelations(makeInstanceEntity('x'))).toBe(true);
    expect(hasPegaseRelations(makeSubChartEntity('ins'))).toBe(true);
    expect(
      hasPegaseRelations({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'ops' },
      }),
    ).toBe(false);
  });
});
