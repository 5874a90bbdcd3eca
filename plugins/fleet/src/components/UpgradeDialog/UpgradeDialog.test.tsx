import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FleetPage } from '../FleetPage';
import { mockFleetApi, ROLLOUT_ID } from '../../__testUtils__/fleet';
import { renderFleetView } from '../../__testUtils__/render';

describe('Upgrade these instances', () => {
  it('plans the instances the filters show, shows the waves to review, starts and opens the rollout', async () => {
    const api = await renderFleetView(<FleetPage />, {
      path: '/fleet?region=eu-sxb-1',
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Upgrade these 2 instances' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Upgrade 2 instances');
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Review the plan' }),
    );
    const plan = await within(dialog).findByTestId('upgrade-plan');
    expect(api.planRollout).toHaveBeenCalledWith({
      to: '25.1.0',
      selection: { names: ['univ-a-prod', 'univ-b-cons'] },
      strategy: { by: 'usage' },
    });
    expect(plan).toHaveTextContent('Wave 1: sandbox, 1 instance');
    expect(plan).toHaveTextContent('Wave 2: construction, 1 instance');
    expect(plan).toHaveTextContent('univ-a-prod: already at 25.1.0');
    expect(api.startRollout).not.toHaveBeenCalled();
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Start the rollout' }),
    );
    await waitFor(() => expect(api.startRollout).toHaveBeenCalledTimes(1));
    expect(
      await screen.findByRole('heading', { name: 'Rollout to 25.1.0' }),
    ).toBeInTheDocument();
    expect(api.getRollout).toHaveBeenCalledWith(ROLLOUT_ID);
  });

  it('asks for a canary first wave of k instances when k is given', async () => {
    const api = await renderFleetView(<FleetPage />, {
      path: '/fleet?usage=sandbox',
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Upgrade this instance' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Canary/ }), {
      target: { value: '1' },
    });
    fireEvent.blur(within(dialog).getByRole('textbox', { name: /Canary/ }));
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Review the plan' }),
    );
    await waitFor(() =>
      expect(api.planRollout).toHaveBeenCalledWith(
        expect.objectContaining({
          selection: { names: ['univ-c-sbx'] },
          strategy: { by: 'usage', canary: 1 },
        }),
      ),
    );
  });

  it('says why the plan or the start was refused, and starts nothing', async () => {
    const api = mockFleetApi();
    api.planRollout.mockRejectedValueOnce(
      new Error('selection.names: no instance named univ-x'),
    );
    await renderFleetView(<FleetPage />, { api, path: '/fleet' });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Upgrade these 3 instances' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Review the plan' }),
    );
    expect(
      await within(dialog).findByText(
        'The plan could not be made: selection.names: no instance named univ-x',
      ),
    ).toBeInTheDocument();
    api.startRollout.mockRejectedValueOnce(
      new Error('pegase.rollout.start is not allowed on univ-a-prod'),
    );
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Review the plan' }),
    );
    fireEvent.click(
      await within(dialog).findByRole('button', { name: 'Start the rollout' }),
    );
    expect(
      await within(dialog).findByText(
        'The rollout could not start: pegase.rollout.start is not allowed on univ-a-prod',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('rollout-page')).not.toBeInTheDocument();
  });

  it('speaks French', async () => {
    await renderFleetView(<FleetPage />, {
      path: '/fleet?region=eu-sxb-1',
      language: 'fr',
    });
    expect(
      await screen.findByRole('button', {
        name: 'Mettre à jour ces 2 instances',
      }),
    ).toBeInTheDocument();
  });
});
