import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser } from '../fixtures/browser.js';
import { DEMO_PASSWORD } from '../fixtures/demo.js';
import { scormCall } from '../fixtures/scorm.js';
import { startOnFreePorts, type ProductServer } from '../fixtures/server.js';
import { AppShell } from '../pages/AppShell.js';
import { SignInPage } from '../pages/SignInPage.js';

const LEARNER = 'learner@demo.cqpathway.test';
const RESEARCHER = 'researcher@demo.cqpathway.test';
const CQS_DISCLAIMER = 'CQ Pathway self-assessment — not the validated Cultural Intelligence Scale';

interface Step {
  id: string;
  kind: string;
  title: string;
  state: string;
  locked: boolean;
  lockedReason: string | null;
}

/**
 * One learner's journey through the assessments, on a server of its own (so the demo learner starts from
 * nothing) with SMALL_CELL_THRESHOLD=1 so the study's counts show exact numbers: consent → modules locked →
 * pre-assessment → modules → post-assessment → CQ profile → withdrawal, after which the study's count of
 * consenting participants drops by one.
 */
describe('assessment journey', () => {
  let server: ProductServer;
  let dataDir: string;
  let browser: Browser;
  let learner: Page;
  let enrolmentId: string;

  async function signedIn(email: string): Promise<Page> {
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await new SignInPage(page).open();
    await new SignInPage(page).signIn(email, DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    return page;
  }

  async function steps(): Promise<Step[]> {
    const res = await learner.request.get('/api/me/learning');
    const body = (await res.json()) as { enrolments: { enrolmentId: string; steps: Step[] }[] };
    enrolmentId = body.enrolments[0].enrolmentId;
    return body.enrolments[0].steps;
  }

  async function openStep(title: string): Promise<void> {
    await learner.goto('/learning');
    await new AppShell(learner).waitForHeading('My learning');
    await learner
      .getByTestId('learning-step')
      .filter({ hasText: title })
      .getByTestId('learning-step-assessment-link')
      .click();
  }

  /** Answers every item of the questionnaire on screen (the `pick`-th option of each), then submits it. */
  async function answerAndSubmit(key: string, pick: (options: number) => number): Promise<void> {
    const questionnaire = learner.locator(`[data-testid="questionnaire"][data-instrument-key="${key}"]`);
    await questionnaire.waitFor();
    const items = questionnaire.getByTestId('questionnaire-item');
    const count = await items.count();
    expect(count).toBeGreaterThan(3);
    for (let i = 0; i < count; i++) {
      const item = items.nth(i);
      const labels = item.locator('label.nhsuk-radios__label');
      const options = await labels.count();
      if (options > 0) {
        await labels.nth(pick(options)).click();
        expect(await item.locator('input[type="radio"]').nth(pick(options)).isChecked()).toBe(true);
      } else await item.getByTestId('answer-text').fill(`Comment ${i + 1} from the journey test.`);
    }
    await expect
      .poll(() => questionnaire.getByTestId('save-status').textContent(), { timeout: 15_000 })
      .toMatch(/Saved/);
    await questionnaire.getByTestId('questionnaire-review').click();
    const confirmation = learner.getByTestId('submit-confirmation');
    await confirmation.waitFor();
    expect(await learner.getByTestId('submit-summary').textContent()).toMatch(
      new RegExp(`answered ${count} of ${count}`),
    );
    await learner.getByTestId('submit-confirm').click();
    await questionnaire.waitFor({ state: 'detached' });
  }

  /** Plays a module as a SCO would: completed and passed, then Terminate; waits until the programme step is done. */
  async function completeModule(step: Step): Promise<void> {
    await learner.goto(`/learning/${enrolmentId}/steps/${step.id}`);
    await new AppShell(learner).waitForHeading(step.title);
    await learner.getByTestId('module-launch').click();
    await expect
      .poll(() => scormCall(learner, 'SetValue', 'cmi.completion_status', 'completed'), { timeout: 30_000 })
      .toBe('true');
    expect(await scormCall(learner, 'SetValue', 'cmi.success_status', 'passed')).toBe('true');
    expect(await scormCall(learner, 'Terminate', '')).toBe('true');
    await expect
      .poll(async () => (await steps()).find((s) => s.id === step.id)?.state, { timeout: 30_000 })
      .toBe('done');
  }

  async function consentedCount(researcher: Page, studyId: string): Promise<string> {
    await researcher.goto(`/research/studies/${studyId}`);
    const row = researcher.locator('[data-testid="participation-stage"][data-stage="consented"]');
    await row.waitFor();
    return ((await row.locator('td').textContent()) ?? '').trim();
  }

  beforeAll(async () => {
    ({ server, dataDir } = await startOnFreePorts('cqp-e2e-journey-', { SMALL_CELL_THRESHOLD: '1' }));
    browser = await launchBrowser();
    learner = await signedIn(LEARNER);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps the modules locked, shows the consent form, and the learner consents', async () => {
    await learner.goto('/learning');
    await new AppShell(learner).waitForHeading('My learning');
    const all = await steps();
    const modules = all.filter((s) => s.kind === 'module');
    expect(modules).toHaveLength(6);
    expect(modules.every((s) => s.locked)).toBe(true);
    const firstModule = learner.getByTestId('learning-step').filter({ hasText: modules[0].title });
    expect(await firstModule.getAttribute('data-locked')).toBe('true');
    expect(await firstModule.textContent()).toContain('Opens when you have done the pre-assessment.');
    expect(await firstModule.getByTestId('learning-step-module-link').count()).toBe(0);
    await expectAccessible(learner, 'My learning with locked modules');
    const launch = await learner.request.post(
      `/api/me/enrolments/${enrolmentId}/steps/${modules[0].id}/launches`,
      {
        headers: { 'x-csrf-token': await csrf(learner) },
        data: {},
      },
    );
    expect(launch.status()).toBe(409);

    await openStep('Pre-assessment');
    const consent = learner.getByTestId('consent-study');
    await consent.waitFor();
    expect(await consent.getByTestId('consent-information').textContent()).toContain('synthetic demo study');
    await expectAccessible(learner, 'consent form');
    await learner.getByLabel('Yes, I agree to take part').check({ force: true });
    await learner.getByTestId('consent-submit').click();

    const equality = learner.getByTestId('equality-form');
    await equality.waitFor();
    await expectAccessible(learner, 'equality monitoring');
    await equality.locator('input[data-testid="equality-ethnicity"][value="N"]').check({ force: true });
    await equality.getByTestId('equality-save').click();
    await equality.waitFor({ state: 'detached' });
  });

  it('submits the pre-assessment, which opens the modules', async () => {
    const label = learner.locator('[data-testid="questionnaire"][data-instrument-key="cq-self-assessment"]');
    await label.waitFor();
    expect(await label.getByTestId('instrument-label').textContent()).toContain(CQS_DISCLAIMER);
    await expectAccessible(learner, 'pre-assessment questionnaire');
    await answerAndSubmit('cq-self-assessment', () => 3); // "Neither agree nor disagree" (4) on every item
    await answerAndSubmit('cq-sjt', () => 0);
    await learner.getByTestId('assessment-complete').waitFor();
    await expectAccessible(learner, 'pre-assessment complete');
    const modules = (await steps()).filter((s) => s.kind === 'module');
    expect(modules.some((s) => s.locked)).toBe(false);
  });

  it('completes the six modules, which opens the post-assessment', async () => {
    for (const step of (await steps()).filter((s) => s.kind === 'module')) await completeModule(step);
    const post = (await steps()).find((s) => s.kind === 'assessment' && s.title.startsWith('Post'));
    expect(post?.locked).toBe(false);
  });

  it('submits the post-assessment and sees their CQ profile', async () => {
    await openStep('Post-assessment');
    await answerAndSubmit('cq-self-assessment', (n) => n - 2); // "Agree" (6) on every item
    await answerAndSubmit('cq-sjt', () => 0);
    await answerAndSubmit('reaction-survey', (n) => n - 1);
    await learner.getByTestId('assessment-complete').waitFor();
    await learner.goto('/profile');
    await new AppShell(learner).waitForHeading('My CQ profile');
    await learner.getByTestId('profile-chart').waitFor();
    const drive = learner.getByTestId('profile-table').locator('tr[data-factor="drive"]');
    const cell = async (timepoint: string) =>
      ((await drive.locator(`td[data-timepoint="${timepoint}"]`).textContent()) ?? '').trim();
    // pre: 4 on every item, reverse-keyed 8 − 4 = 4 → 4; post: 6 on every item, reverse-keyed 8 − 6 = 2 → (6·4 + 2) / 5
    expect(await cell('pre')).toMatch(/^4(\.0)?$/);
    expect(await cell('post')).toBe('5.2');
    expect(await learner.getByTestId('profile-label').textContent()).toContain(CQS_DISCLAIMER);
    expect(await learner.getByTestId('profile-interpretation').locator('li').count()).toBe(4);
    await expectAccessible(learner, 'My CQ profile');
  });

  it("withdraws consent from the profile, and the study's count of participants drops by one", async () => {
    const consents = (await (await learner.request.get('/api/me/consents')).json()) as {
      studies: { studyId: string; state: string }[];
    };
    const study = consents.studies.find((s) => s.state === 'given');
    expect(study).toBeDefined();
    const researcher = await signedIn(RESEARCHER);
    const before = Number(await consentedCount(researcher, study!.studyId));
    expect(before).toBeGreaterThanOrEqual(1);
    await expectAccessible(researcher, 'research study page');

    await learner.getByTestId('profile-study').first().getByTestId('withdraw-start').click();
    await learner.getByTestId('withdraw-confirmation').waitFor();
    await expectAccessible(learner, 'withdrawal confirmation');
    await learner.getByTestId('withdraw-confirm').click();
    await expect
      .poll(() => learner.getByTestId('profile-study-state').first().textContent())
      .toMatch(/withdrawn/i);

    expect(Number(await consentedCount(researcher, study!.studyId))).toBe(before - 1);
    // Their training record stays: every step they did is still done.
    const all = await steps();
    expect(all.filter((s) => s.state === 'done').length).toBe(8);
  });

  it('lets a platform admin correct a submitted response as a new record, keeping the original', async () => {
    const admin = await signedIn('admin@demo.cqpathway.test');
    await admin.goto(`/admin/enrolments/${enrolmentId}/responses`);
    await new AppShell(admin).waitForHeading('Assessment responses');
    await expectAccessible(admin, 'assessment responses');
    const chain = admin.getByTestId('response-chain').first();
    await chain.getByTestId('correct-response').click();
    await admin.getByTestId('correction-form').waitFor();
    await admin.getByTestId('correction-answer').first().fill('7');
    await admin.getByTestId('correction-reason').fill('Paper copy shows the first answer was 7');
    await expectAccessible(admin, 'correction form');
    await admin.getByTestId('correction-continue').click();
    await admin.getByTestId('correction-confirm').waitFor();
    await admin.getByTestId('correction-submit').click();
    await admin.getByTestId('correction-result').waitFor();
    await admin.getByTestId('tag-correction').first().waitFor();
    expect(await admin.getByTestId('tag-corrected').count()).toBeGreaterThanOrEqual(1);
    const records = (await (
      await admin.request.get(`/api/admin/enrolments/${enrolmentId}/responses`)
    ).json()) as {
      correctsId: string | null;
      correctionReason: string | null;
    }[];
    expect(records.filter((r) => r.correctsId).map((r) => r.correctionReason)).toEqual([
      'Paper copy shows the first answer was 7',
    ]);
  });
});

async function csrf(page: Page): Promise<string> {
  return ((await (await page.request.get('/api/auth/session')).json()) as { csrfToken: string }).csrfToken;
}
