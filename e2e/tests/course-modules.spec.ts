import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { expectAccessible, launchBrowser } from '../fixtures/browser.js';
import { DEMO_PASSWORD } from '../fixtures/demo.js';
import { scoFrame, scormCall, waiveDemoLearnerPreAssessment } from '../fixtures/scorm.js';
import { startOnFreePorts, type ProductServer } from '../fixtures/server.js';
import { AppShell } from '../pages/AppShell.js';
import { SignInPage } from '../pages/SignInPage.js';

/**
 * The project's own six course modules, played end to end in the browser as the demo learner: on every
 * decision the option the course rates `best`, every knowledge-check question answered correctly, something
 * written in the reflection. Then what the player and the server recorded is checked against the course
 * files: completion, success, score, and one interaction per decision taken and per check question, with
 * the ids `m<module>-<decision id>` / `m<module>-check-<question id>`. The reflection must not leave the
 * learner's own state. axe-core runs on the module page and inside the module itself.
 *
 * Other browser tests re-attach module steps of the shared server to their fixtures, so this file runs its
 * own server on a fresh data directory, where the course seeder has attached the SCORM 2004 build of module
 * n to the n-th module step of the default programme. The last test plays module 1 again through its
 * SCORM 1.2 build, attached by the platform admin through the API.
 */

const COURSES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../content/courses');
const PROGRAMME_SLUG = 'cq-inclusive-leadership';
const LEARNER = 'learner@demo.cqpathway.test';
const LND = 'lnd@demo.cqpathway.test';
const ADMIN = 'admin@demo.cqpathway.test';
const MODULE_TIMEOUT_MS = 120_000;

// ---------------------------------------------------------------------------------------------
// The courses, read from their source files (content/FORMAT.md).

type Rating = 'best' | 'acceptable' | 'poor';

interface CourseOption {
  id: string;
  rating: Rating;
  goto?: string;
}

interface CourseQuestion {
  id: string;
  options: { id: string; correct: boolean }[];
}

interface CourseScreen {
  file: string;
  /** The screen's id, or its file name without `.md`: what `goto` and cmi.location name. */
  key: string;
  type: 'content' | 'decision' | 'check' | 'reflection' | 'references';
  title: string;
  id?: string;
  branch: boolean;
  options: CourseOption[];
  questions: CourseQuestion[];
}

interface Course {
  slug: string;
  module: number;
  title: string;
  masteryScore: number;
  screens: CourseScreen[];
}

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n?---[ \t]*(?:\n|$)([\s\S]*)$/;

type Meta = Record<string, unknown>;
const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());
const list = (v: unknown): Meta[] => (Array.isArray(v) ? (v as Meta[]) : []);

function readCourse(slug: string): Course {
  const dir = path.join(COURSES_DIR, slug);
  const meta = parse(readFileSync(path.join(dir, 'course.yaml'), 'utf8')) as Meta;
  const screens = readdirSync(path.join(dir, 'screens'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((file): CourseScreen => {
      const source = readFileSync(path.join(dir, 'screens', file), 'utf8');
      const match = FRONT_MATTER.exec(source);
      if (!match) throw new Error(`${slug}/screens/${file}: no front matter`);
      const front = parse(match[1]) as Meta;
      const id = front.id === undefined ? undefined : text(front.id);
      return {
        file,
        key: id ?? file.replace(/\.md$/, ''),
        type: text(front.type) as CourseScreen['type'],
        title: text(front.title),
        id,
        branch: front.branch === true,
        options: list(front.options).map((o) => ({
          id: text(o.id),
          rating: text(o.rating) as Rating,
          goto: o.goto === undefined ? undefined : text(o.goto),
        })),
        questions: list(front.questions).map((q) => ({
          id: text(q.id),
          options: list(q.options).map((o) => ({ id: text(o.id), correct: o.correct === true })),
        })),
      };
    });
  return {
    slug,
    module: Number(meta.module),
    title: text(meta.title),
    masteryScore: Number(meta.masteryScore),
    screens,
  };
}

const COURSES: Course[] = readdirSync(COURSES_DIR)
  .filter((slug) => !slug.startsWith('.'))
  .map(readCourse)
  .sort((a, b) => a.module - b.module);

function bestOption(screen: CourseScreen): CourseOption {
  const best = screen.options.filter((o) => o.rating === 'best');
  if (best.length !== 1) throw new Error(`${screen.file}: ${best.length} options rated best`);
  return best[0];
}

function correctOption(screen: CourseScreen, q: CourseQuestion): string {
  const correct = q.options.filter((o) => o.correct);
  if (correct.length !== 1) throw new Error(`${screen.file} ${q.id}: ${correct.length} correct options`);
  return correct[0].id;
}

/**
 * The screens a learner who always picks the best option sees, in order, as the format describes it: the
 * next screen that is not a branch screen, unless the chosen option sends the learner to one (`goto`).
 */
function bestPath(course: Course): CourseScreen[] {
  const { screens } = course;
  const after = (i: number) => screens.findIndex((s, j) => j > i && !s.branch);
  const route: CourseScreen[] = [];
  for (let i = after(-1); i >= 0;) {
    const screen = screens[i];
    route.push(screen);
    if (route.length > screens.length) throw new Error(`${course.slug}: the best path loops`);
    const goto = screen.type === 'decision' ? bestOption(screen).goto : undefined;
    if (goto) {
      i = screens.findIndex((s) => s.key === goto);
      if (i < 0) throw new Error(`${course.slug}: goto ${goto} names no screen`);
    } else i = after(i);
  }
  return route;
}

/** "Screen n of m", as the player counts: branch screens keep the number of the screen before them. */
function progressText(course: Course, screen: CourseScreen): string {
  const main = course.screens.filter((s) => !s.branch);
  const at = course.screens.indexOf(screen);
  const pos = course.screens.slice(0, at + 1).filter((s) => !s.branch).length;
  return `Screen ${Math.max(pos, 1)} of ${main.length}`;
}

interface ExpectedInteraction {
  id: string;
  response: string;
  result: 'correct';
  correctResponse: string;
}

/** One interaction per decision on the path (the best option) and per check question (the correct option). */
function expectedInteractions(course: Course, route: CourseScreen[]): ExpectedInteraction[] {
  const out: ExpectedInteraction[] = [];
  for (const screen of route) {
    if (screen.type === 'decision') {
      const best = bestOption(screen).id;
      out.push({
        id: `m${course.module}-${screen.id}`,
        response: best,
        result: 'correct',
        correctResponse: best,
      });
    }
    if (screen.type === 'check')
      for (const q of screen.questions) {
        const correct = correctOption(screen, q);
        out.push({
          id: `m${course.module}-check-${q.id}`,
          response: correct,
          result: 'correct',
          correctResponse: correct,
        });
      }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// What the API answers (the fields this file reads).

interface Session {
  csrfToken: string;
  user: { roles: { role: string; trustId: string | null }[] };
}

interface MyLearning {
  enrolments: {
    enrolmentId: string;
    programmeName: string;
    steps: { id: string; position: number; kind: string; title: string; ready: boolean }[];
  }[];
}

interface PackageListItem {
  id: string;
  title: string;
  trustId: string | null;
  latest: { filename: string; scormVersion: string };
}

interface Programme {
  id: string;
  slug: string;
  steps: { id: string; kind: string; title: string; position: number }[];
}

interface AttemptSummary {
  id: string;
  number: number;
  completion: string;
  success: string;
  scoreScaled: number | null;
}

interface EnrolmentAttempts {
  packageId: string;
  packageTitle: string;
  stepTitle: string;
  attempts: AttemptSummary[];
}

interface Interaction {
  scoId: string;
  index: number;
  id: string;
  type: string | null;
  learnerResponse: string | null;
  correctResponses: string[];
  result: string | null;
  latencySeconds: number | null;
  description: string | null;
  timestamp: string | null;
}

interface AttemptDetail extends AttemptSummary {
  personName: string;
  packageTitle: string;
  scos: { completion: string; success: string; scoreScaled: number | null; suspended: boolean }[];
  interactions: Interaction[];
}

async function getJson<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(url);
  if (!res.ok()) throw new Error(`GET ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

// ---------------------------------------------------------------------------------------------
// Accessibility inside the module.

/** The SCO's document (the course's index.html inside the player page), as a Frame. */
async function scoDocument(page: Page): Promise<Frame> {
  const handle = await page
    .frameLocator('[data-testid="player-frame"]')
    .locator('iframe')
    .elementHandle({ timeout: 15_000 });
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('The SCO frame is not there');
  expect(new URL(frame.url()).pathname, 'the SCO frame').toMatch(/\/index\.html$/);
  return frame;
}

// ---------------------------------------------------------------------------------------------

describe('course modules: each module played end to end records completion, score and interactions', () => {
  let browser: Browser;
  let server: ProductServer;
  let dataDir: string;
  let learner: Page;
  let lnd: Page;
  let trustId: string;
  let enrolmentId: string;
  /** The module steps of the learner's programme, in order: module n is moduleSteps[n - 1]. */
  let moduleSteps: { id: string; title: string }[];
  let packages: PackageListItem[];
  /** What the module pages said that they should not: SCORM calls the runtime saw fail, page errors. */
  let problems: string[];

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

  /** The package of the global catalogue built from `filename` (content/dist). */
  function catalogued(filename: string): PackageListItem {
    const found = packages.find((p) => p.trustId === null && p.latest.filename === filename);
    if (!found) throw new Error(`${filename} is not in the global catalogue`);
    return found;
  }

  async function openModule(stepTitle: string): Promise<void> {
    await learner.goto('/learning');
    await new AppShell(learner).waitForHeading('My learning');
    await learner
      .getByTestId('learning-step')
      .filter({ hasText: stepTitle })
      .getByTestId('learning-step-module-link')
      .click();
    await new AppShell(learner).waitForHeading(stepTitle);
    await learner.getByTestId('module-launch').waitFor();
  }

  /**
   * Plays `course` from its first screen to the end and leaves with the runtime's own Exit module button,
   * checking each screen on the way; returns the reflection text written.
   */
  async function play(course: Course, version: '1.2' | '2004'): Promise<string> {
    const label = `module ${course.module} (SCORM ${version})`;
    const sco: FrameLocator = scoFrame(learner);
    const route = bestPath(course);
    const reflection = `Private note for ${label}, ${Date.now().toString(36)}: ask Sam how things really are.`;
    const title = sco.locator('#screen-title');
    const progress = sco.locator('#progress');

    for (const [k, screen] of route.entries()) {
      const where = `${label}, ${screen.file}`;
      await expect
        .poll(() => title.textContent(), { message: `${where}: heading`, timeout: 15_000 })
        .toBe(screen.title);
      await expect
        .poll(() => progress.textContent(), { message: `${where}: progress` })
        .toBe(progressText(course, screen));

      if (k === 0) {
        await expectAccessible(learner, `${label}: module page with the player open`);
        await expectAccessible(await scoDocument(learner), `${where}: first screen`);
        if (version === '2004') expect(await scormCall(learner, 'GetValue', 'cmi.entry')).toBe('ab-initio');
        else expect(await scormCall(learner, 'LMSGetValue', 'cmi.core.entry')).toBe('ab-initio');
      }

      if (screen.type === 'decision') {
        const best = bestOption(screen);
        await sco.locator(`input[type="radio"][id="decision-${screen.id}-${best.id}"]`).check();
        await sco.getByRole('button', { name: 'Confirm choice' }).click();
        await sco.locator('#outcome-heading').waitFor();
        expect(await sco.locator('.outcome .verdict').textContent(), `${where}: verdict`).toBe('Best choice');
        // The choice is locked in: no second confirmation, every option disabled.
        expect(await sco.getByRole('button', { name: 'Confirm choice' }).count()).toBe(0);
        expect(await sco.locator(`input[name="decision-${screen.id}"]:not([disabled])`).count()).toBe(0);
        await expectAccessible(await scoDocument(learner), `${where}: decision with its feedback`);
      }

      if (screen.type === 'check') {
        await expectAccessible(await scoDocument(learner), `${where}: knowledge check`);
        for (const q of screen.questions)
          await sco.locator(`input[type="radio"][id="check-${q.id}-${correctOption(screen, q)}"]`).check();
        await sco.getByRole('button', { name: 'Submit answers' }).click();
        await sco.locator('#check-summary-heading').waitFor();
        const n = screen.questions.length;
        expect(await sco.locator('.outcome').last().textContent(), `${where}: result`).toContain(
          `You got ${n} of ${n} right (100%). You have passed`,
        );
        expect(await sco.locator('.result-right').count()).toBe(n);
        await expectAccessible(await scoDocument(learner), `${where}: knowledge check with results`);
      }

      if (screen.type === 'reflection') {
        const box = sco.locator(`textarea[data-reflection="${screen.id}"]`);
        await box.fill(reflection);
        await expectAccessible(await scoDocument(learner), `${where}: reflection`);
      }

      const next = sco.locator('#next');
      if (k === route.length - 1) {
        // The last screen, reached with the check done: the module is complete before the learner leaves.
        expect(await next.textContent(), `${where}: the last screen's button`).toBe('Exit module');
        await sco.getByText('You have completed this module.').first().waitFor();
        await expectAccessible(await scoDocument(learner), `${where}: last screen`);
        await checkPlayerState(course, version, route, reflection);
      } else {
        expect(await next.textContent(), `${where}: Next`).toBe('Next');
      }
      await next.click();
    }
    return reflection;
  }

  /** What the SCO has told the player's API by the last screen (before it terminates). */
  async function checkPlayerState(
    course: Course,
    version: '1.2' | '2004',
    route: CourseScreen[],
    reflection: string,
  ): Promise<void> {
    const expected = expectedInteractions(course, route);
    if (version === '2004') {
      const get = (key: string) => scormCall(learner, 'GetValue', key);
      expect(await get('cmi.completion_status')).toBe('completed');
      expect(await get('cmi.success_status')).toBe('passed');
      expect(Number(await get('cmi.score.scaled'))).toBe(1);
      expect(Number(await get('cmi.score.raw'))).toBe(100);
      expect(Number(await get('cmi.progress_measure'))).toBe(1);
      const count = Number(await get('cmi.interactions._count'));
      expect(count).toBe(expected.length);
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push(await get(`cmi.interactions.${i}.id`));
      expect(ids.sort()).toEqual(expected.map((e) => e.id).sort());
      expect(await get('cmi.suspend_data'), 'the reflection is kept with the learner’s place').toContain(
        reflection,
      );
    } else {
      const get = (key: string) => scormCall(learner, 'LMSGetValue', key);
      // The SCO reports completed; an LMS applying the mastery score may already say passed.
      expect(await get('cmi.core.lesson_status')).toMatch(/^(completed|passed)$/);
      expect(Number(await get('cmi.core.score.raw'))).toBe(100);
      expect(Number(await get('cmi.interactions._count'))).toBe(expected.length);
      expect(await get('cmi.suspend_data'), 'the reflection is kept with the learner’s place').toContain(
        reflection,
      );
    }
  }

  /** After the SCO has terminated: the module page and what the server stored, read as the L&D admin. */
  async function checkRecorded(
    course: Course,
    stepTitle: string,
    packageId: string,
    reflection: string,
  ): Promise<void> {
    const label = `module ${course.module}`;
    await learner.getByTestId('module-contents').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => learner.getByTestId('module-status').textContent(), { message: `${label}: status` })
      .toMatch(/Passed/);
    expect((await learner.getByTestId('module-score').textContent())?.trim()).toBe('100%');
    await expectAccessible(learner, `${label}: module page after finishing`);

    const expected = expectedInteractions(course, bestPath(course));
    expect(expected.length, `${label}: interactions expected`).toBeGreaterThanOrEqual(3);

    const modules = await getJson<EnrolmentAttempts[]>(
      lnd,
      `/api/trusts/${trustId}/enrolments/${enrolmentId}/attempts`,
    );
    const entry = modules.find((m) => m.stepTitle === stepTitle);
    expect(entry?.packageId, `${label}: the package attached to "${stepTitle}"`).toBe(packageId);
    expect(entry?.attempts, `${label}: attempts`).toHaveLength(1);
    const attemptId = entry?.attempts[0].id as string;
    const detail = await getJson<AttemptDetail>(lnd, `/api/trusts/${trustId}/attempts/${attemptId}`);

    expect(detail.personName).toBe('Alex Morgan');
    expect(
      { completion: detail.completion, success: detail.success, scoreScaled: detail.scoreScaled },
      `${label}: the attempt`,
    ).toEqual({ completion: 'completed', success: 'passed', scoreScaled: 1 });
    expect(detail.scos).toHaveLength(1);
    expect(detail.scos[0]).toMatchObject({
      completion: 'completed',
      success: 'passed',
      scoreScaled: 1,
      suspended: false,
    });

    // Exactly the expected ids, each once, each with the option chosen and its result.
    expect(detail.interactions.length).toBeGreaterThanOrEqual(3);
    expect(
      detail.interactions.map((i) => i.id).sort(),
      `${label}: interaction ids (m<module>-<decision id>, m<module>-check-<question id>)`,
    ).toEqual(expected.map((e) => e.id).sort());
    for (const want of expected) {
      const got = detail.interactions.find((i) => i.id === want.id);
      expect(
        {
          id: got?.id,
          type: got?.type,
          learnerResponse: got?.learnerResponse,
          result: got?.result,
          correctResponses: got?.correctResponses,
        },
        `${label}: interaction ${want.id}`,
      ).toEqual({
        id: want.id,
        type: 'choice',
        learnerResponse: want.response,
        result: want.result,
        correctResponses: [want.correctResponse],
      });
    }

    // The reflection is private: in no interaction, nowhere in what the L&D admin can see of the attempt.
    for (const i of detail.interactions)
      expect(JSON.stringify(i), `${label}: interaction ${i.id} holds the reflection`).not.toContain(
        reflection,
      );
    expect(JSON.stringify(detail)).not.toContain(reflection);

    // When each answer was given and how long it took (2004 `timestamp`, 1.2 `time`; `latency`).
    for (const i of detail.interactions) {
      expect(i.latencySeconds, `${label}: interaction ${i.id} latency`).toEqual(expect.any(Number));
      expect(i.timestamp, `${label}: interaction ${i.id} timestamp`).toEqual(expect.any(String));
    }
  }

  beforeAll(async () => {
    ({ server, dataDir } = await startOnFreePorts('cqp-e2e-courses-'));
    browser = await launchBrowser();
    await waiveDemoLearnerPreAssessment(browser, server.baseUrl);

    expect(
      COURSES.map((c) => c.module),
      'content/courses holds modules 1 to 6',
    ).toEqual([1, 2, 3, 4, 5, 6]);

    learner = await signedIn(LEARNER);
    problems = [];
    learner.on('console', (m) => {
      if (/SCORM|could not/i.test(m.text())) problems.push(`console.${m.type()}: ${m.text()}`);
    });
    learner.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

    const learning = await getJson<MyLearning>(learner, '/api/me/learning');
    const enrolment = learning.enrolments.find(
      (e) => e.programmeName === 'Cultural intelligence for inclusive leadership',
    );
    if (!enrolment) throw new Error('The demo learner is not enrolled on the default programme');
    enrolmentId = enrolment.enrolmentId;
    moduleSteps = enrolment.steps
      .filter((s) => s.kind === 'module')
      .sort((a, b) => a.position - b.position)
      .map((s) => ({ id: s.id, title: s.title }));
    expect(moduleSteps).toHaveLength(6);

    lnd = await signedIn(LND);
    const session = await getJson<Session>(lnd, '/api/auth/session');
    const role = session.user.roles.find((r) => r.role === 'lnd_admin' && r.trustId);
    if (!role?.trustId) throw new Error('The L&D admin has no trust');
    trustId = role.trustId;
    packages = await getJson<PackageListItem[]>(lnd, '/api/packages');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    const logged = server
      ?.output()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    if (logged?.length) console.warn(`[course-modules] the server logged:\n${logged.join('\n')}`);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  for (const course of COURSES) {
    it(
      `module ${course.module}, ${course.title} (SCORM 2004): best choices, all check answers right, reflection kept private`,
      async () => {
        const started = Date.now();
        problems.length = 0;
        const step = moduleSteps[course.module - 1];
        const pkg = catalogued(`${course.slug}-scorm2004.zip`);
        expect(pkg.latest.scormVersion).toMatch(/^2004/);

        await openModule(step.title);
        await expectAccessible(learner, `module ${course.module}: module page before launch`);
        await learner.getByTestId('module-launch').click();
        const reflection = await play(course, '2004');
        await checkRecorded(course, step.title, pkg.id, reflection);
        expect(problems, `module ${course.module}: what the pages reported`).toEqual([]);
        console.info(`[course-modules] module ${course.module} (2004) played in ${Date.now() - started} ms`);
      },
      MODULE_TIMEOUT_MS,
    );
  }

  it(
    'module 1 through its SCORM 1.2 build: completion, score and interactions recorded the same way',
    async () => {
      const started = Date.now();
      problems.length = 0;
      const course = COURSES[0];
      const step = moduleSteps[0];
      const pkg = catalogued(`${course.slug}-scorm12.zip`);
      expect(pkg.latest.scormVersion).toBe('1.2');

      // The platform admin attaches the 1.2 build to the module 1 step.
      const admin = await signedIn(ADMIN);
      const programmes = await getJson<Programme[]>(admin, '/api/programmes');
      const programme = programmes.find((p) => p.slug === PROGRAMME_SLUG);
      if (!programme?.steps.some((s) => s.id === step.id))
        throw new Error(`No programme ${PROGRAMME_SLUG} with the step ${step.id}`);
      const { csrfToken } = await getJson<Session>(admin, '/api/auth/session');
      const attached = await admin.request.put(`/api/programmes/${programme.id}/steps/${step.id}/package`, {
        headers: { 'x-csrf-token': csrfToken },
        data: { packageId: pkg.id },
      });
      expect(attached.status(), await attached.text()).toBe(204);
      await admin.context().close();

      await openModule(step.title);
      expect(await learner.getByTestId('module-launch').textContent()).toMatch(/Start module/);
      await learner.getByTestId('module-launch').click();
      const reflection = await play(course, '1.2');
      await checkRecorded(course, step.title, pkg.id, reflection);
      expect(problems, 'module 1 (1.2): what the pages reported').toEqual([]);
      console.info(`[course-modules] module 1 (1.2) played in ${Date.now() - started} ms`);
    },
    MODULE_TIMEOUT_MS,
  );
});
