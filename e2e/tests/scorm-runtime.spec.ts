import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, launchBrowser, newPage } from '../fixtures/browser.js';
import { DEMO_PASSWORD } from '../fixtures/demo.js';
import {
  attachOnProgrammesPage,
  scoFrame,
  scormCall,
  uploadGlobalPackage,
  waiveDemoLearnerPreAssessment,
  zippedFixture,
} from '../fixtures/scorm.js';
import { AppShell } from '../pages/AppShell.js';
import { SignInPage } from '../pages/SignInPage.js';

const STEP_12 = 'What cultural intelligence is';
const STEP_2004 = 'Everyday exclusion';

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await newPage(browser);
  // The golf samples ask "resume?" and "save progress?" with confirm(): the learner says yes.
  page.on('dialog', (d) => void d.accept());
  await new SignInPage(page).open();
  await new SignInPage(page).signIn(email, DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  return page;
}

async function openModule(page: Page, stepTitle: string): Promise<void> {
  await page.goto('/learning');
  await new AppShell(page).waitForHeading('My learning');
  await page
    .getByTestId('learning-step')
    .filter({ hasText: stepTitle })
    .getByTestId('learning-step-module-link')
    .click();
  await new AppShell(page).waitForHeading(stepTitle);
}

/** Clicks the SCO's own Next button `n` times, waiting for each page to load. */
async function next(page: Page, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await scoFrame(page).locator('#butNext').click();
}

const contentPage = (page: Page) =>
  scoFrame(page)
    .locator('#contentFrame')
    .evaluate((f) => (f as HTMLIFrameElement).src);

describe('SCORM modules in the browser: launch, suspend, resume, complete', () => {
  let browser: Browser;
  let learner: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    await waiveDemoLearnerPreAssessment(browser, baseUrl());
    const admin = await signedIn(browser, 'admin@demo.cqpathway.test');
    const id12 = await uploadGlobalPackage(
      admin,
      await zippedFixture('scorm12/RuntimeBasicCalls_SCORM12'),
      'RuntimeBasicCalls_SCORM12.zip',
    );
    const id2004 = await uploadGlobalPackage(
      admin,
      await zippedFixture('scorm2004/RuntimeBasicCalls_SCORM20043rdEdition'),
      'RuntimeBasicCalls_SCORM20043rdEdition.zip',
    );
    await admin.goto('/admin/programmes');
    await new AppShell(admin).waitForHeading('Programmes');
    await expectAccessible(admin, 'admin programme modules page');
    await attachOnProgrammesPage(admin, STEP_12, id12);
    await attachOnProgrammesPage(admin, STEP_2004, id2004);
    await admin.context().close();
    learner = await signedIn(browser, 'learner@demo.cqpathway.test');
  });
  afterAll(() => browser?.close());

  it('SCORM 1.2: launches, progresses, exits with suspend, and resumes at the same place with suspend_data', async () => {
    await openModule(learner, STEP_12);
    await expectAccessible(learner, 'module page before launch');
    await learner.getByTestId('module-launch').click();
    await scoFrame(learner).locator('#butNext').waitFor();
    expect(await scormCall(learner, 'LMSGetValue', 'cmi.core.entry')).toBe('ab-initio');
    await next(learner, 3);
    expect(await contentPage(learner)).toMatch(/Playing\/OtherScoring\.html$/);
    expect(await scormCall(learner, 'LMSSetValue', 'cmi.suspend_data', 'e2e;page=3;notes=résumé')).toBe(
      'true',
    );
    await expectAccessible(learner, 'module page with the player open');

    await scoFrame(learner).locator('#butExit').click();
    await learner.getByTestId('module-contents').waitFor();
    await learner.getByTestId('module-sco-status').filter({ hasText: /./ }).first().waitFor();

    await learner.getByTestId('module-launch').click();
    await scoFrame(learner).locator('#butNext').waitFor();
    expect(await scormCall(learner, 'LMSGetValue', 'cmi.core.entry')).toBe('resume');
    expect(await scormCall(learner, 'LMSGetValue', 'cmi.suspend_data')).toBe('e2e;page=3;notes=résumé');
    expect(await scormCall(learner, 'LMSGetValue', 'cmi.core.lesson_location')).toBe('3');
    await expect.poll(() => contentPage(learner)).toMatch(/Playing\/OtherScoring\.html$/);

    // To the last page, which completes the SCO, then exit.
    await next(learner, 11);
    expect(await scormCall(learner, 'LMSGetValue', 'cmi.core.lesson_status')).toBe('completed');
    await scoFrame(learner).locator('#butExit').click();
    await learner.getByTestId('module-contents').waitFor();
    await expect.poll(() => learner.getByTestId('module-status').innerText()).toMatch(/Completed/);
  });

  it('SCORM 2004: launches, suspends, resumes with suspend_data and completes', async () => {
    await openModule(learner, STEP_2004);
    await learner.getByTestId('module-launch').click();
    await scoFrame(learner).locator('#butNext').waitFor();
    expect(await scormCall(learner, 'GetValue', 'cmi.entry')).toBe('ab-initio');
    await next(learner, 2);
    expect(await scormCall(learner, 'SetValue', 'cmi.suspend_data', '{"e2e":2004,"page":2}')).toBe('true');
    await scoFrame(learner).locator('#butExit').click();
    await learner.getByTestId('module-contents').waitFor();

    await learner.getByTestId('module-launch').click();
    await scoFrame(learner).locator('#butNext').waitFor();
    expect(await scormCall(learner, 'GetValue', 'cmi.entry')).toBe('resume');
    expect(await scormCall(learner, 'GetValue', 'cmi.suspend_data')).toBe('{"e2e":2004,"page":2}');
    expect(await scormCall(learner, 'GetValue', 'cmi.location')).toBe('2');
    await expect.poll(() => contentPage(learner)).toMatch(/Playing\/Scoring\.html$/);

    await next(learner, 12);
    expect(await scormCall(learner, 'GetValue', 'cmi.completion_status')).toBe('completed');
    await scoFrame(learner).locator('#butExit').click();
    await learner.getByTestId('module-contents').waitFor();
    await expect.poll(() => learner.getByTestId('module-status').innerText()).toMatch(/Completed/);
  });

  it("shows both completions on the learner's My learning and on the L&D attempt pages", async () => {
    await learner.goto('/learning');
    await new AppShell(learner).waitForHeading('My learning');
    for (const title of [STEP_12, STEP_2004]) {
      const step = learner.getByTestId('learning-step').filter({ hasText: title });
      expect(await step.getByTestId('learning-step-state').innerText()).toMatch(/done|completed/i);
    }

    const lnd = await signedIn(browser, 'lnd@demo.cqpathway.test');
    await lnd.goto('/lnd/cohorts');
    await new AppShell(lnd).waitForHeading('Cohorts');
    await lnd.getByRole('link', { name: 'Ward and department managers (synthetic demo)' }).click();
    const row = lnd.getByTestId('enrolment-row').filter({ hasText: 'Alex Morgan' });
    await row.waitFor();
    await row.getByTestId('enrolment-attempts-link').click();
    await lnd.getByTestId('attempts-table').first().waitFor();
    await expectAccessible(lnd, 'L&D enrolment attempts page');
    const modules = lnd.getByTestId('module-attempts');
    expect(
      await modules.filter({ hasText: STEP_12 }).getByTestId('attempt-status').first().innerText(),
    ).toMatch(/Completed/);
    expect(
      await modules.filter({ hasText: STEP_2004 }).getByTestId('attempt-status').first().innerText(),
    ).toMatch(/Completed/);
    await modules.filter({ hasText: STEP_12 }).getByTestId('attempt-link').first().click();
    await lnd.getByTestId('attempt-summary').waitFor();
    expect(await lnd.getByTestId('attempt-status').innerText()).toMatch(/Completed/);
    await expectAccessible(lnd, 'L&D attempt detail page');
    await lnd.context().close();
  });
});
