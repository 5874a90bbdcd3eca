import { test, expect } from '@playwright/test';
import { openAsGuest, screenshotPath } from './signIn';

// Demo data: catalog/demo-gitops, served by the Vault stand-in (port 18120).
// ens-psl-preprod is the first instance of the Vault tree: the stand-in adds
// its deliberate "policy granting * / sudo" finding there (ens-psl-preprod-debug).
// Sub-chart `ins` runs in most instances and reads its database roles through
// the <instance>-db policy.

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
    card.getByRole('link', { name: 'postgres', exact: true }),
  ).toHaveAttribute(
    'href',
    /\/ui\/vault\/secrets\/pegase%2Fens-psl-preprod%2Fdatabase\/show\/postgres/,
  );
  await expect(
    card.getByRole('link', { name: 'postgres-owner' }),
  ).toBeVisible();
  await expect(card.getByRole('link', { name: 'postgres-ro' })).toBeVisible();
  await expect(
    card.getByText(/Policy ens-psl-preprod-debug grants sudo on "\*"/),
  ).toBeVisible();
  // metadata only: never a value, never a reveal button
  await expect(card.getByRole('button')).toHaveCount(0);
  await expect(card.getByText(/reveal/i)).toHaveCount(0);
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({
    path: screenshotPath('vault-instance-card'),
    fullPage: true,
  });

  await page.getByRole('tab', { name: 'Vault' }).click();
  const content = page.getByTestId('vault-instance-content');
  await expect(
    content.getByText('auth/kubernetes/', { exact: false }).first(),
  ).toBeVisible();
  await expect(content.getByText(/^ins\/[a-z-]+$/).first()).toBeVisible();
  await page.screenshot({
    path: screenshotPath('vault-instance-tab'),
    fullPage: true,
  });
});

test('a component page shows its Vault roles and policies across instances', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/ins');
  const card = page.getByTestId('vault-component-card');
  await expect(card).toBeVisible();
  await expect(card.getByText('bound').first()).toBeVisible();
  await expect(card.getByRole('link', { name: /-db$/ }).first()).toBeVisible();
  await expect(
    card.getByRole('link', { name: 'postgres-rw' }).first(),
  ).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({
    path: screenshotPath('vault-component-card'),
    fullPage: true,
  });
});
