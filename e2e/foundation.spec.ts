import { test, expect } from '@playwright/test';
import { openAsGuest, screenshotPath } from './signIn';

test('the catalog lists the PC-Scol groups and users', async ({ page }) => {
  await openAsGuest(page, '/catalog?filters[kind]=group');
  for (const team of [
    'Équipe produit Toulouse',
    'Équipe produit Strasbourg',
    'Équipe produit Nantes',
    'Équipe produit Marseille',
    'Qualification',
    'Architecture',
    'Ops',
    'AMOA',
  ]) {
    // in the table: the sidebar also has an "Architecture" link
    await expect(
      page.locator('tbody').getByRole('link', { name: team, exact: true }),
    ).toBeVisible();
  }
  await page.screenshot({ path: screenshotPath('catalog-groups') });

  await openAsGuest(page, '/catalog?filters[kind]=user');
  await expect(
    page.getByRole('link', { name: 'Lucas Muller', exact: true }),
  ).toBeVisible();
});

test('an entity page opens: the ops group and its members', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/group/ops');
  await expect(
    page.getByRole('heading', { name: /ops/i }).first(),
  ).toBeVisible();
  await expect(page.getByText('DevOps and support').first()).toBeVisible();
  await expect(
    page.getByText('alice.martin').or(page.getByText('Alice Martin')).first(),
  ).toBeVisible();
});

test('the catalog graph renders the Pégase domain and its owner', async ({
  page,
}) => {
  // Depth 1 (the domain's system and owner): deeper, the graph would hold the
  // whole Pégase fleet (57 sub-charts, their APIs and resources, 50 instances).
  await openAsGuest(
    page,
    '/catalog-graph?rootEntityRefs[]=domain%3Adefault%2Fpegase&maxDepth=1',
  );
  const graph = page
    .locator('svg#dependency-graph, svg[data-testid="dependency-graph"], svg')
    .filter({ hasText: 'pegase' })
    .first();
  await expect(graph).toBeVisible();
  await expect(graph.getByText('Architecture', { exact: true })).toBeVisible();
  await page.screenshot({ path: screenshotPath('catalog-graph-domain') });
});

test('the scaffolder page opens', async ({ page }) => {
  await openAsGuest(page, '/create');
  await expect(
    page
      .getByRole('heading', { name: /Create a new component|Templates|Créer/i })
      .first(),
  ).toBeVisible();
  await page.screenshot({ path: screenshotPath('scaffolder') });
});
