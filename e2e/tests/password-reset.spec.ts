import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newPage } from '../fixtures/browser.js';
import { AppShell } from '../pages/AppShell.js';

describe('password reset pages', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  afterAll(() => browser?.close());

  it('asks for an email address and confirms without saying whether it has an account', async () => {
    await page.goto('/sign-in');
    await page.getByRole('link', { name: /forgot your password/i }).click();
    await page.waitForURL(/\/forgot-password/);
    await expectAccessible(page, 'forgot password');
    await page.getByLabel(/email/i).fill('nobody@example.nhs.uk');
    await page.getByRole('button', { name: /send|reset|continue/i }).click();
    await page.getByText(/If nobody@example\.nhs\.uk has an account/).waitFor();
    await expectAccessible(page, 'forgot password sent');
  });

  it('explains an expired or used link on the set-password page', async () => {
    await page.goto('/reset-password?token=this-token-does-not-exist-anywhere');
    expect(await new AppShell(page).waitForHeading('Set a new password')).toBe('Set a new password');
    await expectAccessible(page, 'reset password');
    await page.getByTestId('set-password-password').fill('a-perfectly-good-password');
    await page.getByTestId('set-password-confirm').fill('a-perfectly-good-password');
    await page.getByRole('button', { name: /password/i }).click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.getByTestId('error-summary').innerText()).toMatch(/expired or has already been used/);
  });
});
