import { test, expect } from '@playwright/test';
import { openAsGuest, screenshotPath } from './signIn';

// Demo data: catalog/demo-gitops read by the Pégase entity providers
// (@pcscol/plugin-catalog-backend-module-pegase). 57 sub-charts: 54 Components
// and 3 Resources (kafka, postgresql, mongodb); instance uca-recette on cluster
// uca-cons-1 (fr-cfe-uca, umbrella 25.0.0); backend `ins` (equipe-toulouse)
// provides ins-api, uses ins-db, and ins-web consumes ins-api.

test('the catalog shows the Pégase components with their owners', async ({ page }) => {
  await openAsGuest(page, '/?filters[kind]=component&filters[user]=all');
  await expect(page.getByText(/\(54\)/).first()).toBeVisible();
  const insRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'ins', exact: true }) });
  await expect(insRow.getByText('equipe-toulouse')).toBeVisible();
  const refRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'ref', exact: true }) });
  await expect(refRow.getByText('equipe-strasbourg')).toBeVisible();
  await page.screenshot({ path: screenshotPath('catalog-components') });

  // the 3 other sub-charts are Resources (message broker and database servers)
  await openAsGuest(page, '/?filters[kind]=resource&filters[user]=all&filters[type]=database-server');
  await expect(page.getByRole('link', { name: 'postgresql', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'mongodb', exact: true })).toBeVisible();
});

test('an instance page shows its cluster, region and chart version', async ({ page }) => {
  await openAsGuest(page, '/catalog/default/resource/uca-recette');
  await expect(page.getByRole('heading', { name: /uca-recette/ }).first()).toBeVisible();
  await expect(page.locator('a[href$="/catalog/default/resource/uca-cons-1"]').first()).toBeVisible();
  await expect(page.getByText('fr-cfe-uca', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('25.0.0', { exact: true }).first()).toBeVisible();
  await page.screenshot({ path: screenshotPath('catalog-instance'), fullPage: true });
});

test('the catalog graph of a backend shows its APIs, databases and consumers', async ({ page }) => {
  await openAsGuest(
    page,
    '/catalog-graph?rootEntityRefs[]=component%3Adefault%2Fins&maxDepth=2&unidirectional=false',
  );
  const graph = page.locator('svg').filter({ hasText: 'ins-api' }).first();
  await expect(graph).toBeVisible();
  await expect(graph.getByText('ins-db', { exact: true })).toBeVisible();
  await expect(graph.getByText('ins-web', { exact: true })).toBeVisible();
  await page.screenshot({ path: screenshotPath('catalog-graph-backend') });
});
