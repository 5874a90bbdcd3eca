import { screen, waitFor, within } from '@testing-library/react';
import { makeInstance, renderArgocdView as render } from '../__testUtils__';
import { InstanceOverviewCard } from './InstanceOverviewCard';
import { InstanceArgocdContent } from './InstanceArgocdContent';

// Separate file: usePermission caches decisions (SWR) for the module's lifetime.
describe('actions without permission', () => {
  it('hides the buttons from users without the permissions', async () => {
    await render(<InstanceOverviewCard />, makeInstance('unistra-prod'), {
      // decided per entity: only this instance's refresh is allowed
      allow: (name, resourceRef) =>
        name === 'argocd.application.refresh' &&
        resourceRef === 'resource:default/unistra-prod',
    });
    expect(await screen.findByText('Out of sync')).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Refresh' }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Sync' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('offers no rollback without the permission', async () => {
    await render(<InstanceArgocdContent />, makeInstance('unistra-prod'), {
      allow: name => name !== 'argocd.application.rollback',
    });
    const historyTable = await screen.findByRole('grid', {
      name: 'Deployment history',
    });
    await waitFor(() =>
      expect(
        within(historyTable).queryByRole('button', { name: 'Roll back' }),
      ).not.toBeInTheDocument(),
    );
  });
});
