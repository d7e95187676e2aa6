import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newPage, screenshot } from '../fixtures/browser.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../fixtures/demo.js';
import { AppShell } from '../pages/AppShell.js';
import { SignInPage } from '../pages/SignInPage.js';

describe('signing in and out', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());
  beforeEach(async () => {
    page = await newPage(browser);
  });

  it('shows an accessible sign-in page that says the data is synthetic', async () => {
    const signIn = await new SignInPage(page).open();
    expect(await page.title()).toMatch(/Sign in – CQ Pathway/);
    await expect.poll(() => new AppShell(page).demoBanner().isVisible()).toBe(true);
    await expectAccessible(page, 'sign-in page');
    await signIn.signIn('', '');
    await signIn.errorSummary().waitFor();
    await expectAccessible(page, 'sign-in page with errors');
  });

  it('explains a wrong password in the error summary and moves focus to it', async () => {
    const signIn = await new SignInPage(page).open();
    await signIn.signIn('learner@demo.cqpathway.test', 'not-the-password');
    await signIn.errorSummary().waitFor();
    expect(await signIn.errorSummary().innerText()).toContain('The email address or password is not right');
    expect(
      await page.evaluate(() => document.activeElement?.closest('[data-testid="error-summary"]') !== null),
    ).toBe(true);
    expect(page.url()).toContain('/sign-in');
  });

  it.each(DEMO_USERS)('signs in as the demo $role, lands on $home, and signs out', async (user) => {
    await new SignInPage(page).open();
    await new SignInPage(page).signIn(user.email, DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === user.home);
    const shell = new AppShell(page);
    expect(await shell.waitForHeading(user.heading)).toBe(user.heading);
    expect(await shell.demoBanner().isVisible()).toBe(true);
    await expectAccessible(page, `${user.role} home`);
    await screenshot(page, `home-${user.role}`);
    await shell.signOut();
    await page.goto(user.home);
    await page.waitForURL(/\/sign-in/);
  });

  it('sends a learner who opens an admin page to the no-access page', async () => {
    await new SignInPage(page).open();
    await new SignInPage(page).signIn('learner@demo.cqpathway.test', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/learning');
    await page.goto('/admin/accounts');
    expect(await new AppShell(page).waitForHeading(/do not have access/i)).toMatch(/do not have access/i);
    await expectAccessible(page, 'no-access page');
  });
});
