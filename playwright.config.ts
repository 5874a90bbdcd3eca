import { defineConfig } from '@playwright/test';

/**
 * E2E suite of Pégase Portal (e2e/), run by scripts/e2e.sh against the demo portal
 * that scripts/start.sh serves, in Debian's Chromium (never a downloaded browser).
 */
export default defineConfig({
  testDir: './e2e',
  // A test opens several pages of the demo, each loading the development bundle
  // from the dev server, on a 2-core machine shared with the backend and stand-ins.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  outputDir: 'node_modules/.cache/e2e-test-results',
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    // recording a trace slows every test down: only on the retry of a failed one
    trace: 'on-first-retry',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
});
