import { test, expect } from '@playwright/test';
import { openAsGuest, screenshotPath, settled } from './signIn';

// Demo data: catalog/demo-gitops (50 instances; uca-recette runs umbrella
// 25.0.0 on uca-cons-1; sub-chart `ins`).

test('the home page puts the fleet problems first, then versions and the teams components', async ({
  page,
}) => {
  await openAsGuest(page, '/');
  const problems = page.getByTestId('fleet-problems-card');
  await expect(
    problems.getByRole('heading', { name: 'Problems' }),
  ).toBeVisible();
  const versions = page.getByTestId('fleet-distribution-card');
  await expect(
    versions.getByText(/\d+ instances; newest release /),
  ).toBeVisible();
  await expect(page.getByTestId('fleet-teams-card')).toBeVisible();
  await settled(page);
  await page.screenshot({ path: screenshotPath('home'), fullPage: true });

  // The catalog is back at /catalog.
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true })
    .click();
  await expect(page).toHaveURL(/\/catalog/);
  await expect(
    page
      .getByRole('heading', { name: /Pégase Portal Catalog|Catalog/ })
      .first(),
  ).toBeVisible();
});

test('the Fleet page lists every instance, filters through the URL, and shows the other views', async ({
  page,
}) => {
  await openAsGuest(page, '/fleet');
  await expect(page.getByTestId('fleet-count')).toHaveText(
    /^\d+ instances of \d+$/,
  );
  await expect(page.getByRole('link', { name: /uca-recette/ })).toBeVisible();
  await settled(page);
  await page.screenshot({ path: screenshotPath('fleet-instances') });

  await openAsGuest(page, '/fleet?usage=construction&q=uca');
  await expect(page.getByRole('link', { name: /uca-recette/ })).toBeVisible();
  const count = await page.getByTestId('fleet-count').textContent();
  expect(count).toMatch(/^\d+ instances? of \d+$/);

  await openAsGuest(page, '/fleet?tab=matrix');
  const matrix = page.getByTestId('fleet-version-matrix');
  await expect(matrix.getByText('25.0.0', { exact: true })).toBeVisible();
  await page.screenshot({ path: screenshotPath('fleet-matrix') });

  await openAsGuest(page, '/fleet?tab=sub-chart&component=ins');
  await expect(page.getByTestId('fleet-sub-chart')).toBeVisible();
  await page.screenshot({ path: screenshotPath('fleet-sub-chart') });

  await openAsGuest(page, '/fleet?tab=diff');
  await expect(page.getByText('Choose two versions.')).toBeVisible();
});
