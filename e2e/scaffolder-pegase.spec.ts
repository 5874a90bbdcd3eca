import { test, expect } from '@playwright/test';
import { openAsGuest, screenshotPath } from './signIn';

// Demo: the template "New Pégase instance" (templates/pegase-instance) runs
// pegase:instance:create against the demo GitOps repository served over git
// HTTP (18100) and opens a merge request on the GitLab stand-in (18140).
// Each run uses a new university code, so it opens a new merge request.

test('"New Pégase instance": fill the form, run it, see the change request link', async ({
  page,
}) => {
  const university = `e2e-${Date.now().toString(36)}`;
  await openAsGuest(page, '/create/templates/default/pegase-instance');
  await expect(page.getByText('New Pégase instance').first()).toBeVisible();

  await page.getByRole('textbox', { name: /University code/ }).fill(university);
  // The EntityPicker is an autocomplete: its text box and (once open) its
  // listbox both carry the label.
  const cluster = page.getByRole('textbox', { name: /Target cluster/ });
  await cluster.click();
  await cluster.fill('sxb-cons-1');
  await page
    .getByRole('option', { name: /sxb-cons-1/ })
    .first()
    .click();
  await page.screenshot({
    path: screenshotPath('scaffolder-instance-form'),
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Next' }).click();

  // step 2 (chart and ownership): defaults; the last step's button is "Review"
  await expect(page.getByText(/Umbrella chart version/).first()).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();

  // review, then run
  await expect(page.getByText(university).first()).toBeVisible();
  await page.screenshot({
    path: screenshotPath('scaffolder-instance-review'),
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Create' }).click();

  const link = page.getByRole('link', { name: 'Change request' });
  await expect(link).toBeVisible({ timeout: 60_000 });
  await expect(link).toHaveAttribute(
    'href',
    /\/pegase\/gitops\/-\/merge_requests\/\d+$/,
  );
  await expect(
    page.getByRole('link', { name: /in the catalog/ }),
  ).toBeVisible();
  await page.screenshot({
    path: screenshotPath('scaffolder-instance-done'),
    fullPage: true,
  });

  // the link opens the merge request on the forge (the GitLab stand-in's page)
  const href = (await link.getAttribute('href'))!;
  const mr = await page.request.get(href);
  expect(mr.ok()).toBeTruthy();
  expect(await mr.text()).toContain(
    `New Pégase instance ${university}-construction`,
  );
});
