import { test, expect } from '@playwright/test';
import { openAsGuest, screenshotCard, screenshotPath, settled } from './signIn';

// Demo data: catalog/demo-gitops, served by the Vault stand-in (port 18120).
// ens-psl-preprod is the first instance of the Vault tree: the stand-in adds
// its deliberate "policy granting * / sudo" finding there (ens-psl-preprod-debug).
// Sub-chart `ins` runs in most instances and reads its database roles through
// the <instance>-db policy.
// Links to the Vault UI are external: their accessible name ends with
// " , Opens in a new window" (Backstage's Link), hence the `( ,|$)` below.

test('an instance page shows its Vault card: engines, connections, roles and findings', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/resource/ens-psl-preprod');
  const card = page.getByTestId('vault-instance-card');
  await expect(card).toBeVisible();
  await expect(
    card.getByText('pegase/ens-psl-preprod/kv (kv v2)'),
  ).toBeVisible();
  await expect(
    card.getByRole('link', { name: /^postgres( ,|$)/ }),
  ).toHaveAttribute(
    'href',
    /\/ui\/vault\/secrets\/pegase%2Fens-psl-preprod%2Fdatabase\/show\/postgres/,
  );
  await expect(
    card.getByRole('link', { name: /^postgres-owner( ,|$)/ }),
  ).toBeVisible();
  await expect(
    card.getByRole('link', { name: /^postgres-ro( ,|$)/ }),
  ).toBeVisible();
  await expect(
    card.getByText(/Policy ens-psl-preprod-debug grants sudo on "\*"/),
  ).toBeVisible();
  // metadata only: never a value, never a reveal button
  await expect(card.getByRole('button')).toHaveCount(0);
  await expect(card.getByText(/reveal/i)).toHaveCount(0);
  await screenshotCard(card, 'vault-instance-card');

  // the entity page's tabs are links of its "Content navigation"
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'Vault', exact: true })
    .click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/resource\/ens-psl-preprod\/vault$/,
  );
  const content = page.getByTestId('vault-instance-content');
  await expect(
    content.getByText('auth/kubernetes/', { exact: false }).first(),
  ).toBeVisible();
  // the KV keys of sub-chart `ins` (names only), each linked to the Vault UI
  await expect(
    content.getByRole('link', { name: /^ins\/[a-z-]+( ,|$)/ }).first(),
  ).toHaveAttribute('href', /\/kv\/ins%2F[a-z-]+\/metadata$/);
  // the top of the tab (the KV key list goes on far below the fold)
  await settled(page);
  await page.screenshot({ path: screenshotPath('vault-instance-tab') });
});

test('a component page shows its Vault roles and policies across instances', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/ins');
  const card = page.getByTestId('vault-component-card');
  await expect(card).toBeVisible();
  await expect(card.getByText('bound').first()).toBeVisible();
  await expect(
    card.getByRole('link', { name: /^[a-z0-9-]+-db( ,|$)/ }).first(),
  ).toBeVisible();
  await expect(
    card.getByRole('link', { name: /^postgres-rw( ,|$)/ }).first(),
  ).toBeVisible();
  await screenshotCard(card, 'vault-component-card');
});
