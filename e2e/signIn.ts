import { Page, expect } from '@playwright/test';

/**
 * Opens `path` in the portal, signing in as the demo guest (member of `ops`)
 * when the sign-in page shows.
 */
export async function openAsGuest(page: Page, path = '/') {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  // The sidebar's <nav> box itself has no size: wait for its Settings link.
  const signedIn = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Settings' });
  await expect(enter.or(signedIn)).toBeVisible();
  if (await enter.isVisible()) {
    await enter.click();
  }
  await expect(signedIn).toBeVisible();
}

/** Where screenshots for the README go. */
export const screenshotPath = (name: string) => `docs/screenshots/${name}.png`;
