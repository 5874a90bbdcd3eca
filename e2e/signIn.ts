import { Page, expect } from '@playwright/test';

/**
 * Opens `path` in the portal, signing in as the demo guest (member of `ops`)
 * when the sign-in page shows.
 */
export async function openAsGuest(page: Page, path = '/') {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(enter.or(nav)).toBeVisible();
  if (await enter.isVisible()) {
    await enter.click();
  }
  await expect(nav).toBeVisible();
}

/** Where screenshots for the README go. */
export const screenshotPath = (name: string) => `docs/screenshots/${name}.png`;
