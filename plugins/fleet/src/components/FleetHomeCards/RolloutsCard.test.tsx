import { screen, within } from '@testing-library/react';
import {
  mockFleetApi,
  ROLLOUT_ID,
  sampleRollout,
  summaryOf,
} from '../../__testUtils__/fleet';
import { renderFleetView } from '../../__testUtils__/render';
import { RolloutsCard } from './RolloutsCard';

describe('RolloutsCard', () => {
  it('shows the running rollouts and, first, the waves awaiting an approval', async () => {
    const api = await renderFleetView(<RolloutsCard />);
    const card = await screen.findByTestId('fleet-rollouts-card');
    const approval = await within(card).findByRole('link', {
      name: 'Wave production of the rollout to 25.1.0 awaits an approval',
    });
    expect(approval).toHaveAttribute(
      'href',
      `/fleet?tab=rollouts&rollout=${ROLLOUT_ID}`,
    );
    expect(
      within(card).getByRole('link', { name: 'Rollout to 25.1.0' }),
    ).toBeInTheDocument();
    expect(within(card).getByText('1 / 3')).toBeInTheDocument();
    expect(api.listRollouts).toHaveBeenCalledWith(['running', 'paused']);
  });

  it('says when no rollout is running', async () => {
    const api = mockFleetApi();
    api.listRollouts.mockResolvedValue([]);
    await renderFleetView(<RolloutsCard />, { api });
    expect(
      await screen.findByText('No rollout is running.'),
    ).toBeInTheDocument();
  });

  it('speaks French', async () => {
    const api = mockFleetApi();
    api.listRollouts.mockResolvedValue([
      summaryOf(sampleRollout({ state: 'paused' })),
    ]);
    await renderFleetView(<RolloutsCard />, { api, language: 'fr' });
    expect(
      await screen.findByText(
        'La vague production du déploiement de la version 25.1.0 attend une approbation',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('En pause')).toBeInTheDocument();
  });
});
