import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
    ['/admin/instruments', 'Instruments'],
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

  it("shows an instrument's items, labelled, on its own page", async () => {
    await page.goto('/admin/instruments');
    await new AppShell(page).waitForHeading('Instruments');
    const row = page.getByTestId('instrument-row').filter({ hasText: 'CQ Pathway self-assessment' });
    expect(await row.getByTestId('instrument-label').textContent()).toContain(
      'not the validated Cultural Intelligence Scale',
    );
    await row.getByTestId('instrument-link').click();
    await new AppShell(page).waitForHeading(/CQ Pathway self-assessment/);
    await expectAccessible(page, 'instrument page');
  });

  it('loads a licensed instrument pack from a folder outside the repository, recording the permission', async () => {
    const instruments = path.resolve(
      path.dirname(fileURLToPath(import.meta.url)),
      '../../content/instruments',
    );
    const def = JSON.parse(await readFile(path.join(instruments, 'reaction-survey.v1.json'), 'utf8'));
    Object.assign(def, {
      id: 'licensed-e2e-survey',
      title: 'Licensed survey (browser test pack)',
      label: 'Licensed survey — browser test pack',
      licence: {
        holder: 'Example Licensor',
        permittedUse: 'Research use under licence',
        citation: 'Example Licensor (2026).',
        redistributable: false,
      },
    });
    delete def.$schema;
    const dir = await mkdtemp(path.join(tmpdir(), 'cqp-e2e-pack-'));
    try {
      await writeFile(path.join(dir, 'licensed-e2e-survey.v1.json'), JSON.stringify(def));
      await page.goto('/admin/instruments');
      await new AppShell(page).waitForHeading('Instruments');
      await page.getByTestId('licensed-pack-path').fill('relative/folder');
      await page.getByTestId('licensed-pack-permission').fill('Licence EX-42');
      await page.getByTestId('licensed-pack-submit').click();
      await page.locator('.nhsuk-error-summary').waitFor();
      expect(await page.locator('.nhsuk-error-summary').textContent()).toContain(
        'Enter the full path of the folder, starting with /.',
      );
      await expectAccessible(page, 'licensed pack form with an error');
      await page.getByTestId('licensed-pack-path').fill(dir);
      await page.getByTestId('licensed-pack-submit').click();
      const outcome = page.getByTestId('licensed-pack-outcome').filter({ hasText: 'licensed-e2e-survey' });
      await outcome.waitFor();
      const row = page
        .getByTestId('instrument-row')
        .filter({ hasText: 'Licensed survey (browser test pack)' });
      await row.waitFor();
      expect(await row.textContent()).toContain('Example Licensor');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("publishes a new version of a study's consent form", async () => {
    const studies = (await (await page.request.get('/api/studies')).json()) as { id: string; name: string }[];
    const study = studies[0];
    await page.goto(`/admin/studies/${study.id}/consent`);
    await new AppShell(page).waitForHeading(/Consent form/);
    await expectAccessible(page, 'study consent form versions');
    const before = await page.getByTestId('consent-version').count();
    await page
      .getByTestId('consent-form-title')
      .fill('Taking part in the pilot evaluation (revised, synthetic)');
    await page
      .getByTestId('consent-form-statements')
      .fill('I have read the revised information.\nI agree to take part in the pilot evaluation.');
    await page.getByTestId('consent-form-publish').click();
    await expect.poll(() => page.getByTestId('consent-version').count()).toBe(before + 1);
  });
});
