import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newPage } from '../fixtures/browser.js';
import { DEMO_PASSWORD } from '../fixtures/demo.js';
import { AppShell } from '../pages/AppShell.js';
import { SignInPage } from '../pages/SignInPage.js';

describe('platform admin screens', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
    await new SignInPage(page).open();
    await new SignInPage(page).signIn('admin@demo.cqpathway.test', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/admin');
  });
  afterAll(() => browser?.close());

  it.each([
    ['/admin/trusts', 'Trusts'],
    ['/admin/accounts', 'Accounts'],
    ['/admin/studies', 'Studies'],
    ['/admin/outbox', 'Outbox'],
  ])('%s is accessible', async (path, heading) => {
    await page.goto(path);
    expect(await new AppShell(page).waitForHeading(heading)).toContain(heading);
    await expectAccessible(page, path);
  });

  it('creates a trust, invites an L&D admin, and shows the invitation in the outbox', async () => {
    await page.goto('/admin/trusts');
    await page.getByTestId('create-trust-name').fill('Eastgate Hospitals NHS Trust');
    await page.getByTestId('create-trust-ods-code').fill('EGT01');
    await page.getByTestId('create-trust-submit').click();
    await page
      .getByTestId('trusts-table')
      .getByRole('link', { name: 'Eastgate Hospitals NHS Trust' })
      .click();
    await page.waitForURL(/\/admin\/trusts\/[0-9a-f-]{36}$/);
    await new AppShell(page).waitForHeading('Eastgate Hospitals NHS Trust');

    await page.getByTestId('invite-email').fill('new.lead@eastgate.nhs.uk');
    await page.getByTestId('invite-display-name').fill('Nia Lead');
    await page.getByTestId('invite-role').selectOption('lnd_admin');
    await page.getByTestId('invite-submit').click();
    await page.getByRole('cell', { name: 'new.lead@eastgate.nhs.uk' }).waitFor();
    await expectAccessible(page, 'trust page after invite');

    await page.goto('/admin/outbox');
    const message = page.getByTestId('outbox-message').filter({ hasText: 'new.lead@eastgate.nhs.uk' });
    await message.first().waitFor();
    expect(await message.first().innerText()).toMatch(/set-password\?token=/);
  });
});
