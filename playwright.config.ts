import { defineConfig } from '@playwright/test';

// The built extension in a real Chromium; each worker runs its own API process and browser.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: process.env.CI ? 'line' : 'list',
  forbidOnly: true,
  retries: 0,
});
