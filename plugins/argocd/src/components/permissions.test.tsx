import { screen, waitFor, within } from '@testing-library/react';
import { mockApis } from '@backstage/frontend-test-utils';
import { renderEntityView } from '@pcscol/plugin-pegase-react/testUtils';
import { Entity } from '@backstage/catalog-model';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { argocdApiRef, ArgocdApi } from '../api/ArgocdApi';
import { fakeApi, makeInstance } from '../testUtils';
import { InstanceOverviewCard } from './InstanceOverviewCard';
import { InstanceArgocdContent } from './InstanceArgocdContent';

function render(
  element: JSX.Element,
  entity: Entity,
  opts: {
    api?: ArgocdApi;
    allow?: (name: string, resourceRef?: string) => boolean;
    language?: 'fr';
  } = {},
) {
  const allow = opts.allow ?? (() => true);
  return renderEntityView(element, {
    entity,
    language: opts.language,
    apis: [
      [argocdApiRef, opts.api ?? fakeApi()],
      [
        permissionApiRef,
        mockApis.permission({
          authorize: req =>
            allow(
              req.permission.name,
              'resourceRef' in req ? req.resourceRef : undefined,
            )
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        }),
      ],
    ],
  });
}

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
    const historyTable = await screen.findByRole('table', {
      name: 'Deployment history',
    });
    await waitFor(() =>
      expect(
        within(historyTable).queryByRole('button', { name: 'Roll back' }),
      ).not.toBeInTheDocument(),
    );
  });
});
