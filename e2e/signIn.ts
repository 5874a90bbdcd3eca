import { Locator, Page, expect } from '@playwright/test';

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

/** Waits until no progress indicator (spinner, progress bar) is left in `scope`. */
export async function settled(scope: Page | Locator) {
  await expect(scope.getByRole('progressbar')).toHaveCount(0);
}

/**
 * README screenshot of one card: the whole card around `inner` (a locator
 * inside it, or the card itself), once loaded. Entity pages keep their info
 * cards in a column that scrolls on its own (at most the viewport's height),
 * which a full-page screenshot clips: the viewport grows for a tall card, and
 * a card taller than `maxHeight` is cut at that height.
 */
export async function screenshotCard(
  inner: Locator,
  name: string,
  maxHeight = 1400,
) {
  const card = inner
    .locator(
      // a Backstage UI card, or an MUI v4 one
      'xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " bui-Card ") or contains(concat(" ", normalize-space(@class), " "), " MuiCard-root ")][1]',
    )
    .first();
  await expect(card).toBeVisible();
  await settled(card);
  const page = card.page();
  const viewport = page.viewportSize();
  const height = (await card.boundingBox())?.height ?? 0;
  if (viewport && height + 100 > viewport.height) {
    await page.setViewportSize({
      width: viewport.width,
      height: Math.ceil(Math.min(height, maxHeight) + 300),
    });
  }
  await card.evaluate(el => el.scrollIntoView({ block: 'start' }));
  const box = (await card.boundingBox())!;
  const shown = page.viewportSize()!;
  const top = Math.max(0, box.y);
  await page.screenshot({
    path: screenshotPath(name),
    clip: {
      x: box.x,
      y: top,
      width: box.width,
      height: Math.min(box.y + box.height, shown.height, top + maxHeight) - top,
    },
  });
  if (viewport) await page.setViewportSize(viewport);
}
