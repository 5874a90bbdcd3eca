import { test, expect } from '@playwright/test';
import { openAsGuest, screenshotCard, screenshotPath, settled } from './signIn';

// Demo data: catalog/demo-gitops read by the Pégase entity providers, and the
// ArgoCD stand-in (packages/stand-ins/src/argocd) fed from the same repository:
// one Application per instance. `ref` is run by every instance; instance
// `uca-recette` (cluster uca-cons-1, umbrella 25.0.0) is one of them.

test('a component fleet tab shows version, sync and health in every instance, problems first', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/ref/argocd-fleet');
  const summary = page.getByTestId('argocd-fleet-summary').first();
  await expect(summary).toContainText(/\d+ healthy/);
  // one row per instance, with the ArgoCD link and a version
  const row = page.getByRole('row').filter({
    has: page.getByRole('link', { name: 'uca-recette', exact: true }),
  });
  await expect(row).toHaveCount(1);
  // the ArgoCD column links to the Application on its ArgoCD
  await expect(
    row.getByRole('link', { name: /^(admin|uca)$/ }),
  ).toHaveAttribute('href', /\/applications\/([a-z0-9-]+\/)?uca-recette$/);
  // a Backstage UI table is an ARIA grid: its cells are gridcells
  await expect(
    row.getByRole('gridcell', { name: '25.0.0', exact: true }),
  ).toBeVisible();
  await expect(
    row.getByRole('gridcell', { name: /^\d+\.\d+\.\d+$/ }).first(),
  ).toBeVisible();
  // problems first: the first row is out of sync or not healthy
  await expect(page.getByRole('row').nth(1)).toContainText(
    /Out of sync|Degraded|Missing|Progressing|Suspended|Unknown/,
  );
  await settled(page);
  // 12 columns: a wider window shows them all
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({
    path: screenshotPath('argocd-component-fleet'),
    fullPage: true,
  });
  await page.setViewportSize({ width: 1440, height: 900 });

  // filter by region: every row left is in that region
  // a Backstage UI select: a button that opens a listbox
  await page.getByRole('button', { name: /Region/ }).click();
  await page.getByRole('option', { name: 'fr-cfe-uca' }).click();
  await expect(
    page.getByRole('link', { name: 'uca-recette' }).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('gridcell', { name: 'eu-sxb-1', exact: true }),
  ).toHaveCount(0);
});

test('a component page shows the fleet card with counts', async ({ page }) => {
  await openAsGuest(page, '/catalog/default/component/ref');
  await expect(page.getByText('Deployments (ArgoCD)')).toBeVisible();
  await expect(page.getByTestId('argocd-fleet-summary').first()).toContainText(
    /\d+ healthy/,
  );
  await screenshotCard(
    page.getByTestId('argocd-fleet-summary').first(),
    'argocd-component-card',
  );
});

test('an instance ArgoCD tab shows overview, history and resources by sub-chart', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/resource/uca-recette/argocd');
  await expect(
    page
      .getByText('Application uca-recette on ArgoCD', { exact: false })
      .first(),
  ).toBeVisible();
  await expect(page.getByText('25.0.0', { exact: true }).first()).toBeVisible();
  const history = page.getByRole('grid', { name: 'Deployment history' });
  await expect(history.getByText('current')).toBeVisible();
  const resources = page.getByRole('grid', { name: 'Resources by sub-chart' });
  await expect(
    resources.getByText('ref', { exact: true }).first(),
  ).toBeVisible();
  await expect(resources.getByText('Deployment').first()).toBeVisible();
  await expect(resources.getByText('Pod').first()).toBeVisible();
  // guest is in `ops`: the actions are there and really call the backend
  await expect(page.getByRole('button', { name: 'Sync' })).toBeVisible();
  // ArgoCD runs a sync after answering: Running, then the result it gives
  await page.getByRole('button', { name: 'Sync' }).click();
  await expect(
    page.getByText(/^Sync of uca-recette: (Succeeded|Failed|Error)/),
  ).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(
    page.getByText('Refresh of uca-recette requested'),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: /Open in ArgoCD/ }).first(),
  ).toHaveAttribute('href', /\/applications\/([a-z0-9-]+\/)?uca-recette$/);
  // the overview and the history; the resources table goes on below the fold
  await settled(page);
  await page.screenshot({ path: screenshotPath('argocd-instance-tab') });
});
