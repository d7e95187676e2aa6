import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newPage } from '../fixtures/browser.js';
import { DEMO_PASSWORD } from '../fixtures/demo.js';
import { AppShell } from '../pages/AppShell.js';
import { SignInPage } from '../pages/SignInPage.js';

describe('L&D admin', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
    await new SignInPage(page).open();
    await new SignInPage(page).signIn('lnd@demo.cqpathway.test', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/lnd/cohorts');
  });
  afterAll(() => browser?.close());

  it('invites a manager from their own trust and sees them listed as invited', async () => {
    await page.getByRole('link', { name: 'Invite the managers taking part' }).first().click();
    await page.waitForURL(/\/lnd\/trusts\/[0-9a-f-]{36}\/people$/);
    await expectAccessible(page, 'trust people page');
    await page.getByTestId('invite-email').waitFor();
    expect(await page.getByTestId('invite-role').count()).toBe(0);
    await page.getByTestId('invite-display-name').fill('Dana Okafor');
    await page.getByTestId('invite-email').fill('dana.okafor@northfield.example');
    await page.getByTestId('invite-submit').click();
    const row = page.getByTestId('member-row').filter({ hasText: 'dana.okafor@northfield.example' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/invited/i);
    await expectAccessible(page, 'trust people page after invite');
  });

  it('adds one member of staff from the Staff page', async () => {
    await page.goto('/lnd/cohorts');
    await page.getByTestId('link-staff').first().click();
    await page.waitForURL(/\/lnd\/trusts\/[0-9a-f-]{36}\/staff$/);
    await page.getByTestId('staff-add-open').click();
    await page.getByTestId('staff-add-staff-number').fill('E2E0001');
    await page.getByTestId('staff-add-full-name').fill('Nadia Rahman');
    await page.getByTestId('staff-add-email').fill('nadia.rahman@northfield.example');
    await page.getByTestId('staff-add-band').selectOption('8a');
    await page.getByTestId('staff-add-submit').click();
    await page.getByTestId('staff-add-result').waitFor();
    expect(await page.getByTestId('staff-add-result').innerText()).toContain('Nadia Rahman (E2E0001)');
    await expectAccessible(page, 'staff page after adding');

    if (!(await page.getByTestId('staff-add-staff-number').isVisible()))
      await page.getByTestId('staff-add-open').click();
    await page.getByTestId('staff-add-staff-number').fill('E2E0001');
    await page.getByTestId('staff-add-full-name').fill('Someone Else');
    await page.getByTestId('staff-add-email').fill('someone.else@northfield.example');
    await page.getByTestId('staff-add-submit').click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.getByTestId('error-summary').innerText()).toContain(
      'Staff number E2E0001 already belongs to Nadia Rahman.',
    );
  });

  it('shows an accessible not-found page for an unknown address', async () => {
    await page.goto('/no-such-page');
    await new AppShell(page).waitForHeading(/not found/i);
    await expectAccessible(page, 'not-found page');
  });
});
