import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawZip, zipFolder } from '../../api/src/modules/scorm/import/test-zips.js';
import { expectAccessible, launchBrowser, newPage } from '../fixtures/browser.js';
import { DEMO_PASSWORD } from '../fixtures/demo.js';
import { AppShell } from '../pages/AppShell.js';
import { SignInPage } from '../pages/SignInPage.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/scorm/fixtures');

describe('learning modules catalogue', () => {
  let browser: Browser;
  let page: Page;
  const dir = mkdtempSync(path.join(tmpdir(), 'cqp-modules-'));

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
    await new SignInPage(page).open();
    await new SignInPage(page).signIn('lnd@demo.cqpathway.test', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/lnd/cohorts');
  });
  afterAll(() => browser?.close());

  it('uploads a SCORM 1.2 package into the trust catalogue and lists it', async () => {
    const zip = path.join(dir, 'RuntimeBasicCalls_SCORM12.zip');
    writeFileSync(zip, await zipFolder(path.join(FIXTURES, 'scorm12/RuntimeBasicCalls_SCORM12')));
    await page.goto('/lnd/modules');
    await new AppShell(page).waitForHeading('Learning modules');
    await expectAccessible(page, 'learning modules page');
    await page.getByTestId('module-upload-file').setInputFiles(zip);
    await page.getByTestId('module-upload-submit').click();
    await page.getByTestId('module-upload-result').waitFor();
    expect(await page.getByTestId('module-upload-result').innerText()).toMatch(/SCORM 1\.2/);
    await page.getByTestId('module-row').first().waitFor();
    expect(await page.getByTestId('modules-table').innerText()).toMatch(/SCORM 1\.2/);
    await expectAccessible(page, 'learning modules page after upload');
  });

  it('explains a package whose manifest is in a subfolder', async () => {
    const zip = path.join(dir, 'nested.zip');
    writeFileSync(zip, rawZip([{ name: 'course/imsmanifest.xml', data: Buffer.from('<manifest/>') }]));
    await page.getByTestId('module-upload-file').setInputFiles(zip);
    await page.getByTestId('module-upload-submit').click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.getByTestId('error-summary').innerText()).toContain('inside the folder "course/"');
    await expectAccessible(page, 'learning modules page with an upload error');
  });
});
