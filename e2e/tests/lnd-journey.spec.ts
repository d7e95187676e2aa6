import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newPage } from '../fixtures/browser.js';
import { DEMO_PASSWORD } from '../fixtures/demo.js';
import { AppShell } from '../pages/AppShell.js';
import { SignInPage } from '../pages/SignInPage.js';

const HEADER = 'Employee Number,First Name,Last Name,Work Email Address,Position Title,Pay Band,Organisation';
const BANDS = ['6', '7', '8a'];

function staffFile(dir: string, name: string, broken: boolean): string {
  const rows = [HEADER];
  for (let i = 1; i <= 30; i++) {
    const email = broken && i === 4 ? 'not-an-email' : `journey.person${i}@northfield.example`;
    const band = broken && i === 17 ? '12' : BANDS[i % 3];
    rows.push(
      `${700000 + i},Journey${String(i).padStart(2, '0')},Person,${email},Ward Manager,${band},Surgery`,
    );
  }
  const file = path.join(dir, name);
  writeFileSync(file, `${rows.join('\r\n')}\r\n`);
  return file;
}

const isoDate = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('L&D journey: import staff, build a cohort, enrol, and the learner sees it', () => {
  let browser: Browser;
  let page: Page;
  const dir = mkdtempSync(path.join(tmpdir(), 'cqp-journey-'));

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
    await new SignInPage(page).open();
    await new SignInPage(page).signIn('lnd@demo.cqpathway.test', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/lnd/cohorts');
  });
  afterAll(() => browser?.close());

  it('shows the two bad rows of a 30-row file, then imports the fixed file', async () => {
    await page
      .getByRole('link', { name: /import staff/i })
      .first()
      .click();
    await page.waitForURL(/\/lnd\/trusts\/[0-9a-f-]{36}\/import$/);
    await expectAccessible(page, 'import page');
    await page.getByTestId('import-file').setInputFiles(staffFile(dir, 'staff-with-errors.csv', true));
    await page.getByTestId('import-upload').click();
    const errors = page.getByTestId('preview-error-row');
    await errors.first().waitFor();
    expect(await errors.count()).toBe(2);
    const text = await page.getByTestId('preview-errors').innerText();
    expect(text).toMatch(/\b5\b[\s\S]*Work Email Address/);
    expect(text).toMatch(/\b18\b[\s\S]*Pay Band[\s\S]*'12'/);
    expect(await page.getByTestId('import-confirm').count()).toBe(0);
    await expectAccessible(page, 'import preview with errors');

    await page.getByTestId('import-file').setInputFiles(staffFile(dir, 'staff-fixed.csv', false));
    await page.getByTestId('import-upload').click();
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-result').waitFor();
    expect(await page.getByTestId('import-result').innerText()).toMatch(/30/);
  });

  it('creates a cohort with a due date and enrols 20 people, who show as not started', async () => {
    await page.goto('/lnd/cohorts');
    await page
      .getByRole('link', { name: /create a cohort/i })
      .first()
      .click();
    await page.waitForURL(/\/cohorts\/new$/);
    await expectAccessible(page, 'create cohort page');
    await page.getByTestId('create-cohort-name').fill('Journey cohort');
    await page.getByTestId('create-cohort-start').fill(isoDate(0));
    await page.getByTestId('create-cohort-due').fill(isoDate(60));
    await page.getByTestId('create-cohort-submit').click();
    await new AppShell(page).waitForHeading('Journey cohort');

    await page.getByTestId('enrol-search').fill('Journey');
    await page.getByTestId('enrol-search-submit').click();
    const people = page.getByTestId('enrol-person');
    // The list shows everyone not yet enrolled until the search answers: wait for the results.
    const firstLabel = () => page.locator('[data-testid="enrol-form"] label').first().innerText();
    await expect.poll(firstLabel, { timeout: 15_000 }).toMatch(/Journey/);
    expect(await people.count()).toBe(30);
    for (let i = 0; i < 20; i++) await people.nth(i).check();
    await page.getByTestId('enrol-submit').click();
    await page.getByTestId('enrol-result').waitFor();
    await expect
      .poll(async () => (await page.getByTestId('status-count-not_started').innerText()).trim())
      .toBe('20');
    await expectAccessible(page, 'cohort dashboard');
  });

  it('lets one of those learners set a password from the invitation and see the programme on My learning', async () => {
    const admin = await newPage(browser);
    await new SignInPage(admin).open();
    await new SignInPage(admin).signIn('admin@demo.cqpathway.test', DEMO_PASSWORD);
    await admin.waitForURL((url) => url.pathname === '/admin');
    const outbox = await admin.evaluate(async () => (await fetch('/api/admin/outbox')).json());
    const invite = (outbox as { to: string; body: string }[]).find((m) => m.to.startsWith('journey.person'));
    expect(invite).toBeDefined();
    const link = /\/set-password\?token=[\w-]+/.exec(invite!.body)![0];

    const learner = await newPage(browser);
    await learner.goto(link);
    await learner.getByTestId('set-password-password').fill('journey-password-1');
    await learner.getByTestId('set-password-confirm').fill('journey-password-1');
    await learner.getByTestId('set-password-submit').click();
    await learner.waitForURL(/\/sign-in/);
    await new SignInPage(learner).signIn(invite!.to, 'journey-password-1');
    await learner.waitForURL((url) => url.pathname === '/learning');
    await learner.getByTestId('next-step').waitFor();
    expect(await learner.getByTestId('next-step').innerText()).toContain('Pre-assessment');
    expect(await learner.getByText('Cultural intelligence for inclusive leadership').count()).toBeGreaterThan(
      0,
    );
    await expectAccessible(learner, 'My learning with a programme');
  });
});
