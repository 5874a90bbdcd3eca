import {
  test,
  expect,
  type APIRequestContext,
  type Page,
} from '@playwright/test';
import { openAsGuest, screenshotPath, settled } from './signIn';

// Demo data: catalog/demo-gitops; the demo's rollout settings are short
// (scripts/demo-env.sh: the advancer ticks every 5 s, a merged wave soaks
// 20 s; the ArgoCD stand-in re-reads the git server's branch every 3 s).
// A merge in the GitLab stand-in (its real merge endpoint) moves the git
// server's main branch, which the ArgoCD stand-in follows: construction
// Applications sync by their ApplicationSet's RollingSync step, production
// ones wait for a sync through the API, as ops would start it.
//
// 1. The search "paris" finds five instances; four move to 25.0.0 (the
//    fifth is there already): with a canary of one, three waves: canary
//    (one construction instance), construction (the other), production
//    (u-paris2-production, univ-paris1-production), which waits for an
//    approval. Driven to the end, merging as a reviewer would.
// 2. 24.3.1 ends Degraded in the demo (PEGASE_STANDIN_DEGRADED_VERSIONS):
//    a rollout of unicaen-recette (24.1.0) to it pauses on its gate, and a
//    roll back opens the revert change request.

// A try moves the demo's world (merged change requests, synced
// Applications, a rollout left running): a retry would start from another
// world and fail for that reason alone, hiding the first failure's cause.
test.describe.configure({ retries: 0 });

const gitlab = process.env.GITLAB_URL ?? 'http://127.0.0.1:18140';
const gitlabToken = process.env.GITLAB_TOKEN ?? 'demo-gitlab-token';
const argocd = process.env.ARGOCD_URL ?? 'http://127.0.0.1:18110';
const argocdToken = process.env.ARGOCD_TOKEN ?? 'demo-argocd-token';

/** Merges a merge request through the GitLab stand-in's merge endpoint. */
async function mergeInGitlab(request: APIRequestContext, href: string) {
  const iid = /merge_requests\/(\d+)$/.exec(href)?.[1];
  expect(iid, `a merge request URL: ${href}`).toBeDefined();
  const merged = await request.put(
    `${gitlab}/api/v4/projects/${encodeURIComponent(
      'pegase/gitops',
    )}/merge_requests/${iid}/merge`,
    { headers: { 'PRIVATE-TOKEN': gitlabToken } },
  );
  expect(merged.status()).toBe(200);
}

/** Syncs an instance's Application through the ArgoCD stand-in's API. */
async function syncInArgocd(request: APIRequestContext, instance: string) {
  const headers = { authorization: `Bearer ${argocdToken}` };
  const list = await request.get(`${argocd}/api/v1/applications`, { headers });
  expect(list.status()).toBe(200);
  const app = ((await list.json()).items ?? []).find(
    (a: any) => a.metadata?.labels?.['pegase/instance'] === instance,
  );
  expect(app, `the Application of ${instance}`).toBeDefined();
  const synced = await request.post(
    `${argocd}/api/v1/applications/${encodeURIComponent(
      app.metadata.name,
    )}/sync`,
    {
      headers,
      data: { appNamespace: app.metadata.namespace, prune: false },
    },
  );
  expect(synced.status()).toBe(200);
}

/** The wave's open merge request link, once the advancer opened it. */
async function openMergeRequest(page: Page, wave: number) {
  const link = page
    .getByTestId(`rollout-wave-${wave}`)
    .getByRole('link', { name: /^GitLab #\d+ \(open\)$/ });
  await expect(link).toBeVisible({ timeout: 60_000 });
  await expect(link).toHaveAttribute('href', /merge_requests\/\d+$/);
  return (await link.getAttribute('href')) ?? '';
}

/**
 * README screenshot of the rollout page, once its instances show ArgoCD's
 * state (the fleet answer arrives after the rollout's), without the toasts
 * that new notifications raise meanwhile.
 */
async function rolloutScreenshot(page: Page, name: string) {
  await expect(
    page
      .getByTestId('rollout-page')
      .getByRole('row')
      // an instance's Sync then Health cells (the row's text runs them together)
      .filter({
        hasText: /(Synced|OutOfSync)(Healthy|Progressing|Degraded|Missing)/,
      })
      .first(),
  ).toBeVisible();
  await settled(page);
  await page.screenshot({
    path: screenshotPath(name),
    fullPage: true,
    style: '.notistack-SnackbarContainer { display: none !important; }',
  });
}

test("from the Fleet page's filters: plan, start, and three waves driven to the end through their gates", async ({
  page,
}) => {
  test.setTimeout(1_000_000);
  await openAsGuest(page, '/fleet?q=paris');
  await expect(page.getByTestId('fleet-count')).toHaveText(
    /^5 instances of \d+$/,
  );
  const upgrade = page.getByRole('button', {
    name: 'Upgrade these 5 instances',
  });
  await expect(upgrade).toBeVisible();
  await upgrade.click();

  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('Upgrade 5 instances')).toBeVisible();
  const canary = dialog.getByRole('textbox', { name: /^Canary/ });
  await canary.fill('1');
  await canary.press('Tab');
  await dialog.getByRole('button', { name: 'Review the plan' }).click();
  const plan = dialog.getByTestId('upgrade-plan');
  await expect(plan.getByText(/^Wave 1: canary, 1 instance$/)).toBeVisible();
  await expect(
    plan.getByText(/^Wave 2: construction, 1 instance$/),
  ).toBeVisible();
  await expect(
    plan.getByText(/^Wave 3: production, 2 instances$/),
  ).toBeVisible();
  await settled(dialog);
  await page.screenshot({ path: screenshotPath('fleet-rollout-plan') });

  await dialog.getByRole('button', { name: 'Start the rollout' }).click();
  await expect(page).toHaveURL(/tab=rollouts&rollout=[0-9a-f-]{36}/);
  const rolloutUrl = page.url();
  const rollout = page.getByTestId('rollout-page');
  await expect(
    rollout.getByRole('heading', { name: 'Rollout to 25.0.0' }),
  ).toBeVisible();
  await expect(rollout.getByTestId('rollout-state')).toHaveText('Running');
  await expect(rollout.getByRole('grid', { name: 'Event log' })).toContainText(
    'user:default/guest',
  );

  // The page polls the rollout every 5 s; each wait below reopens it when a
  // try runs out, so that a poll the loaded machine delayed (or a restart of
  // the demo's development backend, which renews its signing keys) cannot
  // leave it on a stale answer. Only states that last are waited for: a wave
  // syncing by itself or soaking lasts a few seconds, which a page poll may
  // miss; the event log keeps what happened in between.
  const eventually = (check: () => Promise<void>, timeout: number) =>
    expect(async () => {
      try {
        await check();
      } catch (e) {
        await openAsGuest(page, rolloutUrl);
        throw e;
      }
    }).toPass({ timeout });
  const events = rollout.getByRole('grid', { name: 'Event log' });

  // wave 1: its merge request opens at the advancer's next tick; a reviewer
  // merges it; ArgoCD syncs it by itself, it turns Healthy and soaks, the
  // gate passes and wave 2's merge request opens in the same tick
  const wave1 = rollout.getByTestId('rollout-wave-1');
  const wave2 = rollout.getByTestId('rollout-wave-2');
  const wave3 = rollout.getByTestId('rollout-wave-3');
  await mergeInGitlab(page.request, await openMergeRequest(page, 1));
  await eventually(
    () =>
      expect(rollout.getByTestId('rollout-gate-1')).toContainText(
        'Gate: Passed',
      ),
    240_000,
  );
  await expect(
    wave1.getByRole('link', { name: /^GitLab #\d+ \(merged\)$/ }),
  ).toBeVisible();
  await expect(wave1.getByText('Healthy', { exact: true })).toBeVisible();
  // merged, then every instance synced, Healthy and alert-free for the soak
  await expect(events).toContainText(
    /merged: waiting for every instance to sync at 25\.0\.0/,
  );
  await expect(events).toContainText(
    /wave canary: every instance \(1\) synced at 25\.0\.0 and Healthy with no alert for \d+ s/,
  );
  const wave2Request = await openMergeRequest(page, 2);
  await expect(wave2.getByText('Change request open')).toBeVisible();
  await rolloutScreenshot(page, 'fleet-rollout');

  // wave 2 (construction) the same way
  await mergeInGitlab(page.request, wave2Request);
  await eventually(
    () =>
      expect(rollout.getByTestId('rollout-gate-2')).toContainText(
        'Gate: Passed',
      ),
    240_000,
  );
  await expect(wave2.getByText('Healthy', { exact: true })).toBeVisible();

  // wave 3 holds production: it waits for an approval (the guest is in ops,
  // who hold pegase.rollout.approve), then opens its merge request
  await eventually(
    () => expect(wave3.getByText('Awaiting approval')).toBeVisible(),
    120_000,
  );
  await rolloutScreenshot(page, 'fleet-rollout-approval');
  await rollout.getByRole('button', { name: 'Approve wave 3' }).click();
  await mergeInGitlab(page.request, await openMergeRequest(page, 3));
  await eventually(
    () =>
      expect(
        wave3.getByRole('link', { name: /^GitLab #\d+ \(merged\)$/ }),
      ).toBeVisible(),
    120_000,
  );
  // production does not sync by itself: the wave stays syncing, its gate
  // waiting, until ops syncs it in ArgoCD. (Its instances are alert-free at
  // any hour: the exporter's daily replica dips never fire an alert.)
  await eventually(async () => {
    await expect(wave3.getByText('Syncing', { exact: true })).toBeVisible();
    await expect(rollout.getByTestId('rollout-gate-3')).toContainText(
      'Gate: Waiting',
    );
  }, 120_000);
  await rolloutScreenshot(page, 'fleet-rollout-syncing');
  // ops syncs each production Application once the stand-in has seen the
  // new declared version (OutOfSync)
  for (const instance of ['u-paris2-production', 'univ-paris1-production']) {
    await expect
      .poll(
        async () => {
          const res = await page.request.get(
            `${argocd}/api/v1/applications?refresh=normal`,
            { headers: { authorization: `Bearer ${argocdToken}` } },
          );
          const app = ((await res.json()).items ?? []).find(
            (a: any) => a.metadata?.labels?.['pegase/instance'] === instance,
          );
          return app?.status?.sync?.status;
        },
        { timeout: 60_000 },
      )
      .toBe('OutOfSync');
    await syncInArgocd(page.request, instance);
  }
  await eventually(
    () => expect(rollout.getByTestId('rollout-state')).toHaveText('Completed'),
    420_000,
  );
  await expect(wave3.getByText('Healthy', { exact: true })).toBeVisible();
  await expect(rollout.getByTestId('rollout-gate-3')).toContainText(
    'Gate: Passed',
  );
  await expect(rollout.getByTestId('rollout-actions')).toHaveCount(0);
  // the catalog read each merge from the git server (push webhook): every
  // instance is declared and live at 25.0.0 (the row's cells run together)
  await eventually(
    () =>
      expect(
        rollout
          .getByRole('row')
          .filter({ hasText: /25\.0\.025\.0\.0SyncedHealthy/ }),
      ).toHaveCount(4),
    120_000,
  );
  await rolloutScreenshot(page, 'fleet-rollout-completed');

  // the list shows it completed
  await openAsGuest(page, rolloutUrl);
  await page
    .getByTestId('rollout-page')
    .getByRole('link', { name: /All rollouts/ })
    .click();
  await expect(page.getByTestId('fleet-rollouts')).toContainText('25.0.0');
});

test('a version that degrades pauses the rollout on its gate; a roll back opens the revert change request', async ({
  page,
}) => {
  test.setTimeout(420_000);
  await openAsGuest(page, '/fleet?q=unicaen');
  await expect(page.getByTestId('fleet-count')).toHaveText(
    /^1 instances? of \d+$/,
  );
  await page.getByRole('button', { name: 'Upgrade this instance' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: /Target version/ }).click();
  await page.getByRole('option', { name: '24.3.1', exact: true }).click();
  await dialog.getByRole('button', { name: 'Review the plan' }).click();
  await expect(
    dialog
      .getByTestId('upgrade-plan')
      .getByText(/^Wave 1: construction, 1 instance$/),
  ).toBeVisible();
  await dialog.getByRole('button', { name: 'Start the rollout' }).click();
  await expect(page).toHaveURL(/tab=rollouts&rollout=[0-9a-f-]{36}/);
  const rollout = page.getByTestId('rollout-page');
  await expect(
    rollout.getByRole('heading', { name: 'Rollout to 24.3.1' }),
  ).toBeVisible();

  const rolloutUrl = page.url();
  await mergeInGitlab(page.request, await openMergeRequest(page, 1));
  // synced, then Degraded: the failure threshold fails the wave at once and
  // the rollout pauses, saying why (the page is reopened when a try runs
  // out, as in the test above)
  await expect(async () => {
    try {
      await expect(rollout.getByTestId('rollout-state')).toHaveText('Paused');
    } catch (e) {
      await openAsGuest(page, rolloutUrl);
      throw e;
    }
  }).toPass({ timeout: 240_000 });
  const wave1 = rollout.getByTestId('rollout-wave-1');
  await expect(wave1.getByText('Failed', { exact: true })).toBeVisible();
  await expect(rollout.getByTestId('rollout-gate-1')).toContainText(
    /1 of 1 instance\(s\) degraded or alerting/,
  );
  // the reason, atop the page (and in the event log)
  await expect(
    rollout.getByText(/^wave construction failed: 1 of 1 instance/),
  ).toBeVisible();
  await rolloutScreenshot(page, 'fleet-rollout-paused');

  // roll back wave 1, once confirmed: the revert change request opens
  await rollout.getByRole('button', { name: 'Roll back wave 1' }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('Roll back wave 1 (construction)?');
  await confirm
    .getByRole('button', { name: 'Open the roll back change request' })
    .click();
  await expect(
    wave1.getByRole('link', { name: /^GitLab #\d+ \(open\)$/ }),
  ).toBeVisible({ timeout: 60_000 });
  await expect(wave1.getByText('Rolled back', { exact: true })).toBeVisible();
  await expect(rollout.getByRole('button', { name: 'Resume' })).toHaveCount(0);
  await rolloutScreenshot(page, 'fleet-rollout-rollback');

  // the guest started it and is in ops (the demo's approvers): told once,
  // by a Backstage notification linking to the rollout
  // (sent by the advancer's next tick: the page is reopened until it shows)
  const told = page.getByText(
    'Rollout to 24.3.1 paused: wave 1 of 1 (construction, 1 instance(s)) failed its gate',
  );
  await expect(async () => {
    await openAsGuest(page, '/notifications');
    await expect(told).toHaveCount(1, { timeout: 15_000 });
  }).toPass({ timeout: 120_000 });
  await settled(page);
  await page.screenshot({ path: screenshotPath('fleet-rollout-notification') });
});
