import { test, expect } from '@playwright/test';
import { openAsGuest, screenshotCard } from './signIn';

// Demo data: catalog/demo-gitops (instance uca-recette on cluster uca-cons-1,
// region fr-cfe-uca, umbrella 25.0.0; sub-chart `ins`, a backend owned by
// equipe-toulouse, chart 7.9.4).

test('an instance page shows its Pégase card with cluster, region and chart version', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/resource/uca-recette');
  await expect(
    page.getByText('Pégase instance', { exact: true }),
  ).toBeVisible();
  const card = page.getByTestId('pegase-instance-card');
  await expect(card.getByText('fr-cfe-uca', { exact: true })).toBeVisible();
  await expect(card.getByText('25.0.0', { exact: true })).toBeVisible();
  await expect(card.getByText('Construction', { exact: true })).toBeVisible();
  const cluster = card.locator(
    'a[href$="/catalog/default/resource/uca-cons-1"]',
  );
  await expect(cluster).toContainText('uca-cons-1');
  await expect(cluster).toBeVisible();
  await expect(cluster).toHaveAttribute(
    'href',
    /\/catalog\/default\/resource\/uca-cons-1$/,
  );

  // The sub-chart versions the umbrella version implies.
  const versions = card.getByTestId('pegase-sub-chart-versions');
  await versions.getByText(/Sub-chart versions implied by 25\.0\.0/).click();
  await expect(versions.getByRole('link', { name: /^ins$/ })).toBeVisible();
  // Disabled in uca-recette's instance.json.
  await expect(
    versions.getByRole('link', { name: /connecteur-sifac/ }),
  ).toHaveCount(0);
  await screenshotCard(card, 'pegase-instance-card');

  await cluster.click();
  await expect(page).toHaveURL(/\/catalog\/default\/resource\/uca-cons-1$/);
});

test('a backend component page shows the Pégase sub-chart card', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/ins');
  await expect(
    page.getByText('Pégase sub-chart', { exact: true }),
  ).toBeVisible();
  const card = page.getByTestId('pegase-sub-chart-card');
  await expect(card.getByText('7.9.4', { exact: true }).first()).toBeVisible();
  // The owner link shows the group's title or name.
  await expect(
    card.locator('a[href$="/catalog/default/group/equipe-toulouse"]'),
  ).toBeVisible();
  await expect(card.getByTestId('pegase-instances-total')).toHaveText(
    /\d+ instances?/,
  );
  const perVersion = card.getByTestId('pegase-instances-per-version');
  await expect(perVersion.getByRole('row').nth(1)).toBeVisible();
  await expect(
    perVersion.getByRole('cell', { name: '25.0.0', exact: true }),
  ).toBeVisible();
  await screenshotCard(card, 'pegase-sub-chart-card');
});
