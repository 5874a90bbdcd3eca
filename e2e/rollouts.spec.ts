import { test, expect } from '@playwright/test';
import { openAsGuest, screenshotPath, settled } from './signIn';

// Demo data: catalog/demo-gitops. The search "lyon" at 24.3.1 finds the
// Lyon instances still on 24.3.1: two construction (univ-lyon1-recette,
// insa-lyon-recette) and two production (univ-lyon1-production,
// univ-lyon1-preprod). By usage, that is a construction wave, then a
// production wave that waits for an approval (productionApprovalRequired).
// The advancer ticks every 30 s (pegase.fleet.rollouts.tickSeconds): wave
// 1's change request opens in the GitLab stand-in within a tick. Its merge
// moves the git server's main branch, which the ArgoCD stand-in follows (the
// construction wave syncs by its RollingSync step); the demo catalog reads
// catalog/demo-gitops, so the Fleet page's filter still finds these four.

test("from the Fleet page's filters: review the plan, start; wave 1's change request opens, is merged and judged, and the rollout is aborted", async ({
  page,
}) => {
  // two ticks of the advancer, at most, on a loaded machine
  test.setTimeout(360_000);
  await openAsGuest(page, '/fleet?q=lyon&version=24.3.1');
  await expect(page.getByTestId('fleet-count')).toHaveText(
    /^4 instances of \d+$/,
  );
  const upgrade = page.getByRole('button', {
    name: 'Upgrade these 4 instances',
  });
  await expect(upgrade).toBeVisible();
  await upgrade.click();

  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('Upgrade 4 instances')).toBeVisible();
  await dialog.getByRole('button', { name: 'Review the plan' }).click();
  const plan = dialog.getByTestId('upgrade-plan');
  await expect(
    plan.getByText(/^Wave 1: construction, 2 instances$/),
  ).toBeVisible();
  await expect(
    plan.getByText(/^Wave 2: production, 2 instances$/),
  ).toBeVisible();
  await settled(dialog);
  await page.screenshot({ path: screenshotPath('fleet-rollout-plan') });

  await dialog.getByRole('button', { name: 'Start the rollout' }).click();
  await expect(page).toHaveURL(/tab=rollouts&rollout=[0-9a-f-]{36}/);
  const rolloutUrl = page.url();
  const rolloutPage = page.getByTestId('rollout-page');
  await expect(
    rolloutPage.getByRole('heading', { name: /^Rollout to / }),
  ).toBeVisible();
  await expect(rolloutPage.getByTestId('rollout-state')).toHaveText('Running');
  await expect(
    rolloutPage.getByTestId('rollout-wave-2').getByText('Wave 2: production'),
  ).toBeVisible();
  await expect(
    rolloutPage.getByRole('link', { name: /univ-lyon1-recette/ }),
  ).toBeVisible();

  // The advancer opens wave 1's merge request at its next tick; the page
  // polls every 5 s and shows it with its link into GitLab.
  const wave1 = rolloutPage.getByTestId('rollout-wave-1');
  const mergeRequest = wave1.getByRole('link', {
    name: /^GitLab #\d+ \(open\)$/,
  });
  await expect(mergeRequest).toBeVisible({ timeout: 90_000 });
  await expect(mergeRequest).toHaveAttribute('href', /merge_requests\/\d+$/);
  await expect(wave1.getByText('Change request open')).toBeVisible();
  await expect(
    rolloutPage.getByRole('grid', { name: 'Event log' }),
  ).toContainText('user:default/guest');
  await settled(page);
  await page.screenshot({
    path: screenshotPath('fleet-rollout'),
    fullPage: true,
  });

  // A reviewer merges wave 1's merge request in the GitLab stand-in (its
  // real merge endpoint); the advancer reads it merged at its next tick and
  // the gate waits for ArgoCD (wave 1 syncing).
  const href = (await mergeRequest.getAttribute('href')) ?? '';
  const iid = /merge_requests\/(\d+)$/.exec(href)?.[1];
  expect(iid).toBeDefined();
  const gitlab = process.env.GITLAB_URL ?? 'http://127.0.0.1:18140';
  const merged = await page.request.put(
    `${gitlab}/api/v4/projects/${encodeURIComponent(
      'pegase/gitops',
    )}/merge_requests/${iid}/merge`,
    {
      headers: {
        'PRIVATE-TOKEN': process.env.GITLAB_TOKEN ?? 'demo-gitlab-token',
      },
    },
  );
  expect(merged.status()).toBe(200);
  await expect(
    wave1.getByRole('link', { name: /^GitLab #\d+ \(merged\)$/ }),
  ).toBeVisible({ timeout: 90_000 });
  // then the gate judges it: syncing, healthy and soaking, or failed (in the
  // demo univ-lyon1-recette is Degraded: the wave fails and the rollout pauses)
  await expect(rolloutPage.getByTestId('rollout-gate-1')).toBeVisible({
    timeout: 90_000,
  });
  await expect(
    wave1.getByText(/^(Merged|Syncing|Healthy|Failed)$/),
  ).toBeVisible();

  // the list and the home card show it running
  await rolloutPage.getByRole('link', { name: /All rollouts/ }).click();
  await expect(page.getByTestId('fleet-rollouts')).toBeVisible();
  await openAsGuest(page, '/');
  const card = page.getByTestId('fleet-rollouts-card');
  await expect(
    card.getByRole('link', { name: /^Rollout to / }).first(),
  ).toBeVisible();

  // abort, once confirmed: wave 2 never opens
  await openAsGuest(page, rolloutUrl);
  await rolloutPage.getByRole('button', { name: 'Abort' }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('Abort the rollout to');
  await confirm.getByRole('button', { name: 'Abort the rollout' }).click();
  await expect(rolloutPage.getByTestId('rollout-state')).toHaveText('Aborted');
  await expect(
    rolloutPage.getByTestId('rollout-wave-2').getByText('Aborted'),
  ).toBeVisible();
  await expect(rolloutPage.getByRole('button', { name: 'Pause' })).toHaveCount(
    0,
  );
});
