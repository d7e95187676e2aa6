import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newPage } from '../fixtures/browser.js';
import { DEMO_PASSWORD } from '../fixtures/demo.js';
import { AppShell } from '../pages/AppShell.js';
import { SignInPage } from '../pages/SignInPage.js';

/** The synthetic pilot study the demo server seeds on first start (3 trusts, 300 participants). */
const PILOT = /synthetic pilot data \(3 trusts, 300 participants\)/;

/** A finding for one capability, as the report words it from the data. */
const CAPABILITY_FINDING =
  /^CQ drive: scores (rose|fell) by \d+\.\d\d points on the 7-point scale \(95% CI −?\d+\.\d\d to −?\d+\.\d\d\), an? (negligible|small|medium|large) effect \(d_z = −?\d+\.\d\d, 95% CI −?\d+\.\d\d to −?\d+\.\d\d; Holm-adjusted p (<|=) \d\.\d{3}\), among \d+ managers with both scores\./;

describe('researcher: study evaluation and the pilot-evaluation report', () => {
  let browser: Browser;
  let page: Page;
  let studyId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
    await new SignInPage(page).open();
    await new SignInPage(page).signIn('researcher@demo.cqpathway.test', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/research/studies');
    const studies = (await (await page.request.get('/api/studies')).json()) as { id: string; name: string }[];
    const pilot = studies.find((s) => PILOT.test(s.name));
    if (!pilot) throw new Error(`No synthetic pilot study among: ${studies.map((s) => s.name).join('; ')}`);
    studyId = pilot.id;
  });
  afterAll(() => browser?.close());

  it('filters the evaluation to one trust and one band, showing small counts as "<10"', async () => {
    await page.getByTestId('study-link').filter({ hasText: PILOT }).click();
    await page.waitForURL((url) => url.pathname === `/research/studies/${studyId}`);
    await page.getByTestId('study-evaluation-link').click();
    await page.waitForURL((url) => url.pathname === `/research/studies/${studyId}/evaluation`);
    await new AppShell(page).waitForHeading('Evaluation');
    await page.getByTestId('evaluation-shown-for').filter({ hasText: 'All participants' }).waitFor();
    expect(await page.getByTestId('comparison-row').count()).toBeGreaterThan(0);

    await page.getByTestId('filter-trust').selectOption({ index: 1 });
    await page.getByTestId('filter-band').selectOption('8b');
    await page.getByTestId('filter-submit').click();
    await page.waitForURL((url) => url.searchParams.get('band') === '8b' && url.searchParams.has('trustId'));
    const shown = page.getByTestId('evaluation-shown-for').filter({ hasText: 'Band 8b' });
    await shown.waitFor();
    expect(await shown.innerText()).toMatch(
      /Synthetic Pilot Trust .*, Band 8b\. Consenting participants: <10/,
    );

    // Every small count is "<10"; no count from 1 to 9 is on the page.
    const counts = await page.getByTestId('suppressed-count').allInnerTexts();
    expect(counts.filter((c) => c.startsWith('<10')).length).toBeGreaterThan(3);
    expect(counts.filter((c) => /^[1-9]$/.test(c.trim()))).toEqual([]);
    const flow = await page.getByTestId('flow-stage').allInnerTexts();
    expect(flow.some((row) => row.includes('<10'))).toBe(true);
    const withheld = page.getByTestId('comparison-withheld').first();
    expect(await withheld.innerText()).toBe('Withheld: Fewer than 10 people have both scores.');
    await expectAccessible(page, 'evaluation filtered to one trust and band');

    // The filtered view is in the address, so it survives a reload (and a bookmark).
    await page.reload();
    await page.getByTestId('evaluation-shown-for').filter({ hasText: 'Band 8b' }).waitFor();
    expect(await page.getByTestId('filter-band').inputValue()).toBe('8b');
  });

  it('opens the trust report, which is accessible and prints to an A4 PDF with the findings', async () => {
    const trustId = new URL(page.url()).searchParams.get('trustId')!;
    await page.locator(`[data-testid="report-link"][data-trust="${trustId}"]`).click();
    await page.waitForURL(
      (url) =>
        url.pathname === `/research/studies/${studyId}/report` && url.searchParams.get('trustId') === trustId,
    );
    const heading = await new AppShell(page).waitForHeading(/Pilot evaluation report: Synthetic Pilot Trust/);
    expect(heading).toMatch(/^Pilot evaluation report: Synthetic Pilot Trust \w+ \(synthetic pilot data\)$/);
    await page.getByTestId('report-comparison-table').waitFor();
    expect(await page.getByTestId('report-synthetic').innerText()).toContain('made from synthetic data');

    const finding = (
      await page.locator('[data-testid="report-finding"][data-measure="drive"]').innerText()
    ).trim();
    expect(finding).toMatch(CAPABILITY_FINDING);
    expect(await page.getByTestId('report-comparison-row').count()).toBe(5);
    for (const chart of ['flow-diagram', 'dumbbell-chart', 'change-chart']) {
      const svg = page.getByTestId(chart);
      expect(await svg.getAttribute('role')).toBe('img');
      expect(await svg.getAttribute('aria-label')).toBeTruthy();
    }
    expect(await page.getByTestId('report-methods').innerText()).toContain(
      'not the validated Cultural Intelligence Scale',
    );
    await expectAccessible(page, 'trust report');

    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The PDF's own text, read by poppler's pdftotext (CI installs poppler-utils).
    const dir = await mkdtemp(path.join(tmpdir(), 'cqp-report-'));
    try {
      await writeFile(path.join(dir, 'report.pdf'), pdf);
      const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'report.pdf'), '-'], {
        encoding: 'utf8',
      });
      const words = (x: string) => x.replace(/\s+/g, ' ').trim();
      expect(words(text)).toContain(words(finding));
      expect(text).toContain('Comparison with the whole study');
      expect(text).toContain('not the validated Cultural Intelligence Scale');
      expect(text).toMatch(/Methods/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // What the print stylesheet hides.
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('.nhsuk-header').isVisible()).toBe(false);
      expect(await page.locator('.nhsuk-footer').isVisible()).toBe(false);
      expect(await page.getByTestId('report-print').isVisible()).toBe(false);
      const printed = await page.locator('main').innerText();
      expect(printed).toContain(finding);
      expect(printed).toContain('Comparison with the whole study');
      expect(printed).toContain('These results come from synthetic data');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('opens the report for the whole study from the study page', async () => {
    await page.goto(`/research/studies/${studyId}`);
    await page.getByTestId('study-report-link').click();
    await page.waitForURL((url) => url.pathname === `/research/studies/${studyId}/report` && !url.search);
    await new AppShell(page).waitForHeading('Pilot evaluation report: all trusts');
    await page.getByTestId('report-finding').first().waitFor();
    expect(await page.getByTestId('report-comparison').count()).toBe(0);
    expect(
      (await page.locator('[data-testid="report-finding"][data-measure="drive"]').innerText()).trim(),
    ).toMatch(CAPABILITY_FINDING);
    await expectAccessible(page, 'whole-study report');
  });

  it('downloads the pseudonymised exports with their SPSS and R scripts, and the R script reads the data', async () => {
    await page.goto(`/research/studies/${studyId}`);
    await page.getByTestId('study-exports').waitFor();
    await expectAccessible(page, 'study page with exports');
    const dir = await mkdtemp(path.join(tmpdir(), 'cqp-exports-'));
    try {
      for (const file of ['wide.csv', 'long.csv', 'codebook.csv', 'read.sps', 'read.R']) {
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByTestId(`export-${file}`).click(),
        ]);
        expect(download.suggestedFilename()).toBe(file);
        await download.saveAs(path.join(dir, file));
      }
      const wide = await readFile(path.join(dir, 'wide.csv'), 'utf8');
      const header = wide.split(/\r?\n/)[0].split(',');
      expect(header.slice(0, 2)).toEqual(['pid', 'trust']);
      expect(wide).not.toMatch(/@synthetic-pilot\.invalid|\(synthetic\)|SP\d{6}/);
      const rows = wide.trim().split(/\r?\n/).length - 1;
      expect(rows).toBeGreaterThan(100);
      expect(await readFile(path.join(dir, 'read.sps'), 'utf8')).toMatch(/GET DATA/);
      // The R script, unmodified, run where the files were saved (CI installs r-base-core).
      const out = execFileSync('Rscript', ['read.R'], { cwd: dir, encoding: 'utf8' });
      expect(out).toContain(`rows: ${rows}`);
      expect(out).toMatch(/data\.frame/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
