import { test, expect, Page } from '@playwright/test';
import { openAsGuest, screenshotPath } from './signIn';

/**
 * The drawn curves of a graph. A curve's <path> has a `d` starting with a move
 * ("M<x>,<y>"); a steady series (e.g. a constant p95 latency) draws a flat line
 * whose box has no height, so `toBeVisible()` is not the right check.
 */
const curves = (page: Page, id: string) =>
  page.getByTestId(`thanos-graph-${id}`).locator('path.recharts-line-curve');
async function expectCurves(page: Page, id: string) {
  await expect(curves(page, id).first()).toHaveAttribute(
    'd',
    /^M[\d.]+,[\d.]+L/,
  );
}

// Demo data: the real Prometheus of the demo (THANOS_URL, port 19090) started by
// packages/stand-ins/prometheus/start-prometheus.sh, backfilled from
// catalog/demo-gitops (7 days; 30 for `ins`) and scraping the live exporter
// (stand-in `exporter`, 18160). The exporter's incidents are on the first
// instances by name: `pai` unavailable in ens-psl-preprod, `ins` answering 5xx
// in insa-lyon-recette, Kafka lag in u-bordeaux-production.

test('a backend metrics tab: graphs across instances, one instance, time ranges, alerts', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/ins/metrics');
  const rate = page.getByTestId('thanos-graph-http-request-rate');
  await expect(rate.getByText('HTTP request rate')).toBeVisible();
  await expectCurves(page, 'http-request-rate');
  // top 5 instances of the fleet in the legend
  await expect(rate.locator('.recharts-legend-item')).toHaveCount(5);
  for (const id of [
    'http-5xx-ratio',
    'http-p95-latency',
    'jvm-heap',
    'cpu',
    'memory',
  ]) {
    await expectCurves(page, id);
  }
  const alerts = page.getByTestId('thanos-alerts');
  await expect(alerts.getByText('PegaseHighErrorRate').first()).toBeVisible();
  await expect(alerts.getByText('insa-lyon-recette').first()).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await page.screenshot({
    path: screenshotPath('thanos-component-metrics'),
    fullPage: true,
  });

  // 30 days (ins has 30 days of history); a picker is a button opening a listbox
  await page.getByTestId('thanos-range').getByRole('button').click();
  await page.getByTestId('thanos-range-30d').click();
  // the graphs reload: over 30 days the time axis shows dates (mm/dd), not hours
  const cpuTicks = page
    .getByTestId('thanos-graph-cpu')
    .locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value');
  await expect(cpuTicks.first()).toHaveText(/^\d{2}\/\d{2}$/);
  await expectCurves(page, 'cpu');

  // one instance
  await page.getByTestId('thanos-instance').getByRole('button').click();
  await page.getByRole('option', { name: /insa-lyon-recette/ }).click();
  const cpu = page.getByTestId('thanos-graph-cpu');
  await expect(cpu.locator('.recharts-legend-item')).toHaveCount(1);
  await expectCurves(page, 'http-5xx-ratio');
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await page.screenshot({
    path: screenshotPath('thanos-component-instance'),
    fullPage: true,
  });
});

test("an instance's health graphs and alerts", async ({ page }) => {
  await openAsGuest(page, '/catalog/default/resource/ens-psl-preprod/metrics');
  const cpu = page.getByTestId('thanos-graph-instance-cpu');
  await expect(cpu.getByText('CPU by workload')).toBeVisible();
  await expectCurves(page, 'instance-cpu');
  const alerts = page.getByTestId('thanos-alerts');
  await expect(
    alerts.getByText('PegaseDeploymentUnavailable').first(),
  ).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await page.screenshot({
    path: screenshotPath('thanos-instance-health'),
    fullPage: true,
  });
});

test('the alerts card on the overview of a component', async ({ page }) => {
  await openAsGuest(page, '/catalog/default/component/pai');
  const alerts = page.getByTestId('thanos-alerts');
  await expect(
    alerts.getByText('PegaseDeploymentUnavailable').first(),
  ).toBeVisible();
  await expect(alerts.getByText('ens-psl-preprod').first()).toBeVisible();
  await alerts.screenshot({ path: screenshotPath('thanos-alerts-card') });
});
