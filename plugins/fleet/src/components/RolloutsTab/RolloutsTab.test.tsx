import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FleetPage } from '../FleetPage';
import {
  ALLOWED_NONE,
  allowedAll,
  mockFleetApi,
  ROLLOUT_ID,
  sampleRollout,
  summaryOf,
} from '../../__testUtils__/fleet';
import { renderFleetView } from '../../__testUtils__/render';

const rolloutPath = `/fleet?tab=rollouts&rollout=${ROLLOUT_ID}`;

describe('Rollouts tab', () => {
  it('lists the rollouts: target version, state, waves done, who started it and when', async () => {
    await renderFleetView(<FleetPage />, { path: '/fleet?tab=rollouts' });
    const list = await screen.findByTestId('fleet-rollouts');
    const link = within(list).getByRole('link', { name: /25\.1\.0/ });
    expect(link).toHaveAttribute(
      'href',
      `/fleet?tab=rollouts&rollout=${ROLLOUT_ID}`,
    );
    expect(within(list).getByText('Running')).toBeInTheDocument();
    expect(within(list).getByText('1 / 3')).toBeInTheDocument();
    expect(within(list).getByText('user:default/jdoe')).toBeInTheDocument();
    expect(within(list).getByText('2026-12-06 09:00 UTC')).toBeInTheDocument();
  });

  it('says how to start one when there is none', async () => {
    const api = mockFleetApi();
    api.listRollouts.mockResolvedValue([]);
    await renderFleetView(<FleetPage />, {
      api,
      path: '/fleet?tab=rollouts',
    });
    expect(
      await screen.findByText(/No rollout yet: filter the instances/),
    ).toBeInTheDocument();
  });

  it("shows a rollout's waves as a progression, with change requests, gates and time left", async () => {
    const api = await renderFleetView(<FleetPage />, { path: rolloutPath });
    expect(
      await screen.findByRole('heading', { name: 'Rollout to 25.1.0' }),
    ).toBeInTheDocument();
    expect(api.getRollout).toHaveBeenCalledWith(ROLLOUT_ID);
    expect(screen.getByTestId('rollout-step-counts')).toHaveTextContent(
      'Awaiting approval: 1',
    );
    expect(screen.getByTestId('rollout-step-counts')).toHaveTextContent(
      'Healthy: 2',
    );
    const wave1 = screen.getByTestId('rollout-wave-1');
    expect(within(wave1).getByText('Wave 1: sandbox')).toBeInTheDocument();
    expect(
      within(wave1).getByRole('link', { name: 'GitLab #41 (merged)' }),
    ).toHaveAttribute(
      'href',
      'https://gitlab.example/pegase/gitops/-/merge_requests/41',
    );
    expect(screen.getByTestId('rollout-gate-2')).toHaveTextContent(
      /Gate: Soaking · \d min \d+ s left in the soak/,
    );
    expect(screen.getByTestId('rollout-gate-2')).toHaveTextContent(
      '0 ready · 0 syncing · 0 degraded · 1 alerting · 0 unknown',
    );
    const wave3 = screen.getByTestId('rollout-wave-3');
    expect(within(wave3).getByText('Awaiting approval')).toBeInTheDocument();
    expect(within(wave3).getByText(/not opened yet/)).toBeInTheDocument();
  });

  it('joins each instance with its declared and live versions, sync, health and alerts', async () => {
    await renderFleetView(<FleetPage />, { path: rolloutPath });
    const row = (
      await screen.findByRole('link', { name: /univ-a-prod/ })
    ).closest('[role="row"]') as HTMLElement;
    expect(within(row).getByText('3 · production')).toBeInTheDocument();
    expect(within(row).getByText('24.3.2')).toBeInTheDocument();
    expect(within(row).getByText('25.1.0')).toBeInTheDocument();
    expect(within(row).getByText('25.0.4')).toBeInTheDocument();
    expect(within(row).getByText('OutOfSync')).toBeInTheDocument();
    expect(within(row).getByText('Degraded')).toBeInTheDocument();
    const cons = screen
      .getByRole('link', { name: /univ-b-cons/ })
      .closest('[role="row"]') as HTMLElement;
    expect(
      within(cons).getByText('PegaseApiErrors (warning)'),
    ).toBeInTheDocument();
  });

  it('shows the event log, newest first', async () => {
    await renderFleetView(<FleetPage />, { path: rolloutPath });
    const log = await screen.findByRole('grid', { name: 'Event log' });
    const rows = within(log).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('opened gitlab !41');
    expect(rows[2]).toHaveTextContent('started: 3 instances in 3 waves');
  });

  it('approves a wave, pauses, and reloads the rollout', async () => {
    const api = await renderFleetView(<FleetPage />, { path: rolloutPath });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Approve wave 3' }),
    );
    await waitFor(() =>
      expect(api.approveWave).toHaveBeenCalledWith(ROLLOUT_ID, 2),
    );
    await waitFor(() => expect(api.getRollout).toHaveBeenCalledTimes(2));
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    await waitFor(() =>
      expect(api.pauseRollout).toHaveBeenCalledWith(ROLLOUT_ID),
    );
  });

  it('aborts only once confirmed in a dialog', async () => {
    const api = await renderFleetView(<FleetPage />, { path: rolloutPath });
    fireEvent.click(await screen.findByRole('button', { name: 'Abort' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Abort the rollout to 25.1.0?');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.abortRollout).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Abort' }));
    fireEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Abort the rollout',
      }),
    );
    await waitFor(() =>
      expect(api.abortRollout).toHaveBeenCalledWith(ROLLOUT_ID),
    );
  });

  it('rolls back a merged wave once confirmed, and shows the refusal of the backend', async () => {
    const api = mockFleetApi();
    api.rollbackWave.mockRejectedValueOnce(
      new Error('wave construction changed meanwhile; retry'),
    );
    await renderFleetView(<FleetPage />, { api, path: rolloutPath });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Roll back wave 2' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'a change request moves these 1 instances back',
    );
    fireEvent.click(
      within(dialog).getByRole('button', {
        name: 'Open the roll back change request',
      }),
    );
    await waitFor(() =>
      expect(api.rollbackWave).toHaveBeenCalledWith(ROLLOUT_ID, 1),
    );
    expect(
      await screen.findByText(
        'The action failed: wave construction changed meanwhile; retry',
      ),
    ).toBeInTheDocument();
  });

  it('offers resume, not pause, on a paused rollout, and says why it is paused', async () => {
    const api = mockFleetApi();
    api.getRollout.mockResolvedValue({
      rollout: sampleRollout({
        state: 'paused',
        stateReason: 'wave construction failed: 1 of 1 degraded',
      }),
      events: [],
      allowed: allowedAll({ pause: false, resume: true }),
    });
    await renderFleetView(<FleetPage />, { api, path: rolloutPath });
    expect(
      await screen.findByText('wave construction failed: 1 of 1 degraded'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Resume' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Pause' }),
    ).not.toBeInTheDocument();
  });

  it('offers no pause, resume or abort on a completed rollout', async () => {
    const api = mockFleetApi();
    api.getRollout.mockResolvedValue({
      rollout: sampleRollout({ state: 'completed' }),
      events: [],
      allowed: { ...ALLOWED_NONE, rollback: [0] },
    });
    await renderFleetView(<FleetPage />, { api, path: rolloutPath });
    expect(await screen.findByTestId('rollout-state')).toHaveTextContent(
      'Completed',
    );
    expect(
      await screen.findByRole('button', { name: 'Roll back wave 1' }),
    ).toBeInTheDocument();
    for (const name of ['Pause', 'Resume', 'Abort']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
  });

  it("shows the buttons the backend's allowed lists, without asking the permission API", async () => {
    const api = mockFleetApi();
    // may approve wave 3 and roll back wave 1 only
    api.getRollout.mockResolvedValue({
      rollout: sampleRollout(),
      events: [],
      allowed: { ...ALLOWED_NONE, approve: [2], rollback: [0] },
    });
    // the permission API would refuse everything: it is not what decides
    await renderFleetView(<FleetPage />, {
      api,
      path: rolloutPath,
      allow: () => false,
    });
    expect(
      await screen.findByRole('button', { name: 'Approve wave 3' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Roll back wave 1' }),
    ).toBeInTheDocument();
    for (const name of ['Roll back wave 2', 'Pause', 'Resume', 'Abort']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
  });

  it('shows no action to a user the backend allows none', async () => {
    const api = mockFleetApi();
    api.getRollout.mockResolvedValue({
      rollout: sampleRollout(),
      events: [],
      allowed: ALLOWED_NONE,
    });
    await renderFleetView(<FleetPage />, { api, path: rolloutPath });
    expect(await screen.findByTestId('rollout-state')).toHaveTextContent(
      'Running',
    );
    expect(screen.queryByTestId('rollout-actions')).not.toBeInTheDocument();
    for (const name of [
      'Approve wave 3',
      'Roll back wave 1',
      'Roll back wave 2',
      'Pause',
      'Abort',
    ]) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
  });

  it('keeps the rollout on screen when a reload fails, and says so', async () => {
    const api = mockFleetApi();
    api.getRollout
      .mockResolvedValueOnce({
        rollout: sampleRollout(),
        events: [],
        allowed: allowedAll(),
      })
      .mockRejectedValue(new Error('Failed to fetch'));
    await renderFleetView(<FleetPage />, { api, path: rolloutPath });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Approve wave 3' }),
    );
    expect(
      await screen.findByText(
        'The last refresh failed (Failed to fetch): showing the previous answer.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Rollout to 25.1.0' }),
    ).toBeInTheDocument();
  });

  it('shows the backend error of a rollout that cannot be read', async () => {
    const api = mockFleetApi();
    api.getRollout.mockRejectedValue(
      new Error('pegase.rollout.read is not allowed'),
    );
    await renderFleetView(<FleetPage />, { api, path: rolloutPath });
    expect(
      (await screen.findAllByText(/pegase.rollout.read is not allowed/)).length,
    ).toBeGreaterThan(0);
  });

  it('speaks French', async () => {
    const api = mockFleetApi();
    api.listRollouts.mockResolvedValue([
      summaryOf(sampleRollout({ state: 'paused' })),
    ]);
    await renderFleetView(<FleetPage />, {
      api,
      path: '/fleet?tab=rollouts',
      language: 'fr',
    });
    expect(await screen.findByText('En pause')).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'Déploiements' }),
    ).toBeInTheDocument();
  });
});
