import { test, expect } from '@playwright/test';
import { openAsGuest, screenshotPath, settled } from './signIn';

// Demo data: catalog/demo-gitops read by the Pégase entity providers
// (@pcscol/plugin-catalog-backend-module-pegase). 57 sub-charts: 54 Components
// and 3 Resources (kafka, postgresql, mongodb); instance uca-recette on cluster
// uca-cons-1 (fr-cfe-uca, umbrella 25.0.0); backend `ins` (equipe-toulouse)
// provides ins-api, uses ins-db, and ins-web consumes ins-api.

test('the catalog shows the Pégase components with their owners', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog?filters[kind]=component&filters[user]=all');
  await expect(
    page.getByRole('heading', { name: 'All Components (54)', level: 2 }),
  ).toBeVisible();
  // The table shows the owner group by its title, linked to the group.
  const rowOf = (name: string) =>
    page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name, exact: true }) });
  // first page (20 rows, by name): authn-app ... ; cof is owned by equipe-strasbourg
  await expect(
    rowOf('cof').getByRole('link', { name: 'Équipe produit Strasbourg' }),
  ).toHaveAttribute('href', /\/catalog\/default\/group\/equipe-strasbourg$/);
  await page.screenshot({ path: screenshotPath('catalog-components') });

  // search narrows the table: `ins` and `ref` and their owners
  const search = page.getByRole('textbox', { name: 'Search' });
  await search.fill('ins');
  await expect(
    rowOf('ins').getByRole('link', { name: 'Équipe produit Toulouse' }),
  ).toHaveAttribute('href', /\/catalog\/default\/group\/equipe-toulouse$/);
  await search.fill('ref');
  await expect(
    rowOf('ref').getByRole('link', { name: 'Équipe produit Strasbourg' }),
  ).toHaveAttribute('href', /\/catalog\/default\/group\/equipe-strasbourg$/);

  // the 3 other sub-charts are Resources (message broker and database servers)
  await openAsGuest(
    page,
    '/catalog?filters[kind]=resource&filters[user]=all&filters[type]=database-server',
  );
  await expect(
    page.getByRole('link', { name: 'postgresql', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'mongodb', exact: true }),
  ).toBeVisible();
  await openAsGuest(
    page,
    '/catalog?filters[kind]=resource&filters[user]=all&filters[type]=message-broker',
  );
  await expect(
    page.getByRole('link', { name: 'kafka', exact: true }),
  ).toBeVisible();
});

test('an instance page shows its cluster, region and chart version', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/resource/uca-recette');
  await expect(
    page.getByRole('heading', { name: /uca-recette/ }).first(),
  ).toBeVisible();
  await expect(
    page.locator('a[href$="/catalog/default/resource/uca-cons-1"]').first(),
  ).toBeVisible();
  await expect(
    page.getByText('fr-cfe-uca', { exact: true }).first(),
  ).toBeVisible();
  await expect(page.getByText('25.0.0', { exact: true }).first()).toBeVisible();
  // The page's top, with the Pégase instance card scrolled into view in the
  // info column (that column scrolls on its own: a full-page shot clips it).
  const card = page.getByTestId('pegase-instance-card');
  await expect(card.getByText('fr-cfe-uca', { exact: true })).toBeVisible();
  await page.setViewportSize({ width: 1440, height: 1200 });
  await card.evaluate(el => {
    const target = el.closest('.MuiCard-root') ?? el;
    let box = target.parentElement;
    while (
      box &&
      !(
        box.scrollHeight > box.clientHeight &&
        /auto|scroll/.test(getComputedStyle(box).overflowY)
      )
    ) {
      box = box.parentElement;
    }
    if (box && box !== document.documentElement && box !== document.body) {
      box.scrollTop +=
        target.getBoundingClientRect().top - box.getBoundingClientRect().top;
    }
  });
  await settled(card);
  await page.screenshot({ path: screenshotPath('catalog-instance') });
});

test('the catalog graph of a backend shows its APIs, databases and consumers', async ({
  page,
}) => {
  await openAsGuest(
    page,
    // Only the API and dependency relations: `ins` is also a dependency of the 50
    // instances, whose own sub-charts would make a graph of the whole fleet.
    '/catalog-graph?rootEntityRefs[]=component%3Adefault%2Fins&maxDepth=2&unidirectional=false' +
      ['providesApi', 'apiConsumedBy', 'dependsOn']
        .map(r => `&selectedRelations[]=${r}`)
        .join(''),
  );
  const graph = page.locator('svg').filter({ hasText: 'ins-api' }).first();
  await expect(graph).toBeVisible();
  await expect(graph.getByText('ins-db', { exact: true })).toBeVisible();
  await expect(graph.getByText('ins-web', { exact: true })).toBeVisible();
  await page.screenshot({ path: screenshotPath('catalog-graph-backend') });
});
