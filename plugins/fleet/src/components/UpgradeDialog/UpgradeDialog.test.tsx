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

  it("hides Start when the plan's answer refuses it, shows it when it allows it", async () => {
    const api = mockFleetApi();
    const refused = async (request: { to: string }) => ({
      to: request.to,
      waves: [
        {
          name: 'sandbox',
          instances: [
            {
              name: 'univ-c-sbx',
              entityRef: 'resource:default/univ-c-sbx',
              file: 'instances/eu-sxb-1/sandbox/univ-c-sbx/instance.json',
              region: 'eu-sxb-1',
              usage: 'sandbox',
              cluster: 'sxb-1',
              namespace: 'univ-c-sbx',
              from: '25.0.0',
            },
          ],
        },
      ],
      skipped: [],
      warnings: [],
      start: {
        allowed: false,
        reason:
          'pegase.rollout.start is not allowed on 1 instance(s) of the plan (resource:default/univ-c-sbx)',
      },
    });
    api.planRollout.mockImplementationOnce(refused);
    await renderFleetView(<FleetPage />, { api, path: '/fleet' });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Upgrade these 3 instances' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Review the plan' }),
    );
    expect(
      await within(dialog).findByText('You may not start this rollout'),
    ).toBeInTheDocument();
    expect(dialog).toHaveTextContent(
      'pegase.rollout.start is not allowed on 1 instance(s) of the plan (resource:default/univ-c-sbx)',
    );
    expect(
      within(dialog).queryByRole('button', { name: 'Start the rollout' }),
    ).not.toBeInTheDocument();
    expect(api.startRollout).not.toHaveBeenCalled();

    // another plan (here a canary), this time allowed: Start is offered
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Canary/ }), {
      target: { value: '1' },
    });
    fireEvent.blur(within(dialog).getByRole('textbox', { name: /Canary/ }));
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Review the plan' }),
    );
    expect(
      await within(dialog).findByRole('button', { name: 'Start the rollout' }),
    ).toBeInTheDocument();
    expect(
      within(dialog).queryByText('You may not start this rollout'),
    ).not.toBeInTheDocument();
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
