// @vitest-environment jsdom
/**
 * The in-package player (runtime/runtime.js) in jsdom: the package's index.html is written into
 * an iframe whose parent window carries fake LMS APIs (SCORM 1.2 `API` and SCORM 2004
 * `API_1484_11`), and the fixture course is played through the DOM as a learner would.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { indexHtml } from './package.js';
import { fixtureCourse } from './test-helpers.js';
import { compileCourse, listCourses, readCourseSource } from './course.js';
import { coursesDir, runtimeDir } from './paths.js';
import type { Course, ScormVersion } from './types.js';

const runtimeJs = readFileSync(path.join(runtimeDir, 'runtime.js'), 'utf8');

type Call = [string, ...string[]];
type Api = Record<string, (...args: string[]) => string>;

/** Values each fake LMS accepts; anything else is an error the test reports. */
const FORMATS: Record<ScormVersion, [RegExp, RegExp][]> = {
  '1.2': [
    [/^cmi\.core\.lesson_status$/, /^(passed|completed|failed|incomplete|browsed)$/],
    [/^cmi\.core\.lesson_location$/, /^.{0,255}$/],
    [/^cmi\.suspend_data$/, /^[\s\S]{0,4096}$/],
    [/^cmi\.core\.exit$/, /^(time-out|suspend|logout|)$/],
    [/^cmi\.core\.session_time$/, /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/],
    [/^cmi\.core\.score\.(raw|min|max)$/, /^\d{1,3}$/],
    [/^cmi\.interactions\.\d+\.id$/, /^\S{1,255}$/],
    [/^cmi\.interactions\.\d+\.type$/, /^choice$/],
    [/^cmi\.interactions\.\d+\.time$/, /^\d{2}:\d{2}:\d{2}$/],
    [/^cmi\.interactions\.\d+\.student_response$/, /^[a-z0-9]$/],
    [/^cmi\.interactions\.\d+\.correct_responses\.0\.pattern$/, /^[a-z0-9]$/],
    [/^cmi\.interactions\.\d+\.result$/, /^(correct|wrong|neutral)$/],
    [/^cmi\.interactions\.\d+\.latency$/, /^\d{2,4}:\d{2}:\d{2}$/],
  ],
  '2004': [
    [/^cmi\.completion_status$/, /^(completed|incomplete)$/],
    [/^cmi\.success_status$/, /^(passed|failed)$/],
    [/^cmi\.location$/, /^.{0,1000}$/],
    [/^cmi\.suspend_data$/, /^[\s\S]{0,64000}$/],
    [/^cmi\.exit$/, /^(time-out|suspend|logout|normal)$/],
    [/^cmi\.session_time$/, /^PT(\d+H)?(\d+M)?\d+(\.\d{1,2})?S$/],
    [/^cmi\.progress_measure$/, /^(0(\.\d+)?|1(\.0+)?)$/],
    [/^cmi\.score\.(raw|min|max)$/, /^\d{1,3}$/],
    [/^cmi\.score\.scaled$/, /^(0(\.\d+)?|1)$/],
    [/^cmi\.interactions\.\d+\.id$/, /^\S{1,4000}$/],
    [/^cmi\.interactions\.\d+\.type$/, /^choice$/],
    [/^cmi\.interactions\.\d+\.timestamp$/, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\dZ$/], // TZD only after fractional seconds
    [/^cmi\.interactions\.\d+\.learner_response$/, /^[a-z0-9]$/],
    [/^cmi\.interactions\.\d+\.correct_responses\.0\.pattern$/, /^[a-z0-9]$/],
    [/^cmi\.interactions\.\d+\.result$/, /^(correct|incorrect|neutral)$/],
    [/^cmi\.interactions\.\d+\.latency$/, /^PT(\d+H)?(\d+M)?\d+(\.\d{1,2})?S$/],
    [/^cmi\.interactions\.\d+\.description$/, /^[\s\S]{1,250}$/],
  ],
};

class FakeLms {
  data: Record<string, string>;
  calls: Call[] = [];
  errors: string[] = [];
  api: Api;

  constructor(
    readonly version: ScormVersion,
    initial: Record<string, string> = {},
  ) {
    this.data =
      version === '1.2'
        ? { 'cmi.core.lesson_status': 'not attempted', 'cmi.core.entry': 'ab-initio', ...initial }
        : {
            'cmi.completion_status': 'unknown',
            'cmi.success_status': 'unknown',
            'cmi.entry': 'ab-initio',
            ...initial,
          };
    const names =
      version === '1.2'
        ? [
            'LMSInitialize',
            'LMSGetValue',
            'LMSSetValue',
            'LMSCommit',
            'LMSFinish',
            'LMSGetLastError',
            'LMSGetErrorString',
          ]
        : ['Initialize', 'GetValue', 'SetValue', 'Commit', 'Terminate', 'GetLastError', 'GetErrorString'];
    const [init, get, set, commit, finish, lastError, errorString] = names;
    this.api = {
      [init]: (a) => this.log(init, a) ?? 'true',
      [get]: (key) => {
        this.log(get, key);
        if (key === 'cmi.interactions._count') return String(this.interactionCount());
        return this.data[key] ?? '';
      },
      [set]: (key, value) => {
        this.log(set, key, value);
        if (this.finished()) this.errors.push(`${set} after finish: ${key}`);
        const format = FORMATS[version].find(([k]) => k.test(key));
        if (!format) this.errors.push(`unexpected element ${key}`);
        else if (!format[1].test(value)) this.errors.push(`bad value for ${key}: ${JSON.stringify(value)}`);
        this.data[key] = value;
        return 'true';
      },
      [commit]: (a) => this.log(commit, a) ?? 'true',
      [finish]: (a) => this.log(finish, a) ?? 'true',
      [lastError]: () => '0',
      [errorString]: () => 'No error',
    };
  }

  private log(...call: Call): undefined {
    this.calls.push(call);
    return undefined;
  }

  finished(): boolean {
    return this.calls.some(([n]) => n === 'LMSFinish' || n === 'Terminate');
  }

  interactionCount(): number {
    const ids = Object.keys(this.data).filter((k) => /^cmi\.interactions\.\d+\.id$/.test(k));
    return ids.length;
  }

  /** Interactions as objects: { id, type, result, … } by index. */
  interactions(): Record<string, string>[] {
    const out: Record<string, string>[] = [];
    for (const [k, v] of Object.entries(this.data)) {
      const m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(k);
      if (m) (out[Number(m[1])] ??= {})[m[2]] = v;
    }
    return out;
  }

  suspend(): Record<string, unknown> {
    return JSON.parse(this.data['cmi.suspend_data']) as Record<string, unknown>;
  }

  names(): string[] {
    return this.calls.map(([n]) => n);
  }
}

const course = fixtureCourse();
const frames: HTMLIFrameElement[] = [];

afterEach(() => {
  for (const f of frames.splice(0)) {
    const top = f.contentWindow!.parent as unknown as Record<string, unknown>;
    delete top.API;
    delete top.API_1484_11;
    f.remove();
  }
});

/** index.html with runtime.js inlined (jsdom does not fetch sub-resources). */
function playerHtml(version: ScormVersion, c: Course): string {
  return indexHtml(c, version).replace(
    '<script src="runtime.js"></script>',
    () => `<script>${runtimeJs}</script>`,
  );
}

interface Apis {
  '1.2'?: FakeLms;
  '2004'?: FakeLms;
}

/** Opens the player in an iframe (nested `depth` frames deep) whose top window holds the APIs. */
function open(version: ScormVersion, apis: Apis, depth = 1, c: Course = course) {
  let host: Document = window.document;
  let frame!: HTMLIFrameElement;
  for (let i = 0; i < depth; i += 1) {
    frame = host.createElement('iframe');
    host.body.appendChild(frame);
    if (i === 0) {
      frames.push(frame);
      const top = frame.contentWindow!.parent as unknown as Record<string, unknown>;
      if (apis['1.2']) top.API = apis['1.2'].api;
      if (apis['2004']) top.API_1484_11 = apis['2004'].api;
    }
    host = frame.contentWindow!.document;
  }
  const w = frame.contentWindow!;
  w.document.open();
  w.document.write(playerHtml(version, c));
  w.document.close();
  return new Player(w);
}

class Player {
  readonly doc: Document;
  constructor(readonly win: Window) {
    this.doc = win.document;
  }
  q<T extends Element = HTMLElement>(selector: string): T {
    const el = this.doc.querySelector<T>(selector);
    if (!el) throw new Error(`no ${selector} on screen "${this.title()}"`);
    return el;
  }
  title(): string {
    return this.doc.getElementById('screen-title')?.textContent ?? '';
  }
  progress(): string {
    return this.q('#progress').textContent ?? '';
  }
  text(): string {
    return this.q('#screen').textContent ?? '';
  }
  next() {
    this.q('#next').click();
  }
  previous() {
    this.q('#prev').click();
  }
  choose(name: string, value: string) {
    this.q<HTMLInputElement>(`input[name="${name}"][value="${value}"]`).click();
  }
  button(label: string) {
    const b = [...this.doc.querySelectorAll('button')].find((x) => x.textContent === label);
    if (!b) throw new Error(`no button "${label}" on screen "${this.title()}"`);
    b.click();
  }
  decide(id: string, option: string) {
    this.choose(`decision-${id}`, option);
    this.button('Confirm choice');
  }
  async status(): Promise<string> {
    await new Promise((r) => setTimeout(r, 80));
    return this.q('#status').textContent ?? '';
  }
  /** Dispatches an event made in the player's own window. */
  fire(target: EventTarget, type: string) {
    const PlayerEvent = (this.win as unknown as { Event: typeof Event }).Event;
    target.dispatchEvent(new PlayerEvent(type, { bubbles: true }));
  }
  focused(): string {
    const a = this.doc.activeElement;
    return a ? `${a.tagName.toLowerCase()}${a.id ? `#${a.id}` : ''}` : '';
  }
}

/** Plays the fixture from the first screen to the references screen. */
async function playThrough(p: Player, lms: FakeLms, checkAnswers: Record<string, string>) {
  expect(p.title()).toBe('Welcome');
  expect(p.progress()).toBe('Screen 1 of 7');
  expect(p.q('#prev').hidden).toBe(true);

  p.next();
  expect(p.title()).toBe('The morning huddle');
  expect(p.focused()).toBe('h1#screen-title');
  expect(p.progress()).toBe('Screen 2 of 7');
  expect(p.q('fieldset legend').textContent).toBe('What do you do, there and then?');

  // Next before choosing: stays, and says why.
  p.next();
  expect(p.title()).toBe('The morning huddle');
  expect(await p.status()).toMatch(/Confirm choice/);

  const commitsBefore = lms.names().filter((n) => /Commit/.test(n)).length;
  p.decide('huddle-banter', 'a');
  expect(p.text()).toContain('What happens next');
  expect(p.text()).toContain('Amara says nothing for the rest of the week.');
  expect(p.text()).toContain('Not a good choice');
  expect(p.text()).toContain('The best choice was: Name it calmly and move on.');
  expect(p.focused()).toBe('h2#outcome-heading');
  expect(await p.status()).toMatch(/^Not a good choice\./);
  expect(lms.names().filter((n) => /Commit/.test(n)).length).toBe(commitsBefore + 1);

  // The chosen option sends the learner to its branch screen; Previous comes back.
  p.next();
  expect(p.title()).toBe('A week later');
  expect(p.progress()).toBe('Screen 2 of 7');
  p.previous();
  expect(p.title()).toBe('The morning huddle');
  expect(p.q<HTMLInputElement>('input[value="a"]').checked).toBe(true);
  expect(p.q<HTMLInputElement>('input[value="a"]').disabled).toBe(true);
  expect(p.doc.querySelector('button[type=submit]')).toBeNull();
  p.next();
  expect(p.title()).toBe('A week later');
  p.next();
  expect(p.title()).toBe('The rota request');
  expect(p.progress()).toBe('Screen 3 of 7');
  p.decide('rota-request', 'a');
  expect(p.text()).toContain('Best choice');
  p.next();
  p.decide('team-meeting', 'c');
  expect(p.text()).toContain('Acceptable choice, but not the best');
  p.next();

  expect(p.title()).toBe('Check your understanding');
  p.next();
  expect(p.title()).toBe('Check your understanding');
  expect(await p.status()).toMatch(/Submit answers/);
  p.choose('check-q1', checkAnswers.q1);
  p.button('Submit answers');
  expect(await p.status()).toBe(
    'Answer every question before you submit. Not answered yet: question 2, question 3.',
  );
  for (const [q, a] of Object.entries(checkAnswers)) p.choose(`check-${q}`, a);
  p.button('Submit answers');
  expect(p.focused()).toBe('h2#check-summary-heading');

  return p;
}

async function finishCourse(p: Player) {
  p.next();
  expect(p.title()).toBe('Your team');
  const box = p.q<HTMLTextAreaElement>('textarea');
  expect(p.q(`label[for="${box.id}"]`).textContent).toMatch(/^Think of your last team meeting/);
  box.value = 'Private thoughts about Dan';
  p.fire(box, 'input');
  p.next();
  expect(p.title()).toBe('References');
  expect(p.progress()).toBe('Screen 7 of 7');
  expect(p.q('#next').textContent).toBe('Exit module');
  expect(p.text()).toContain('You have completed this module.');
  const link = p.q<HTMLAnchorElement>('ol.references a');
  expect(link.target).toBe('_blank');
  expect(link.rel).toBe('noopener noreferrer');
  expect(link.textContent).toContain('(opens in new tab)');
}

describe('runtime with a SCORM 1.2 LMS', () => {
  it('plays the course and records interactions, score, status and suspend data', async () => {
    const lms = new FakeLms('1.2');
    const other = new FakeLms('2004');
    const p = open('1.2', { '1.2': lms, '2004': other });
    expect(lms.calls[0]).toEqual(['LMSInitialize', '']);
    expect(lms.data['cmi.core.lesson_status']).toBe('incomplete');
    expect(lms.data['cmi.core.lesson_location']).toBe('01-welcome');
    expect(p.q('#banner').hidden).toBe(true);

    await playThrough(p, lms, { q1: 'b', q2: 'a', q3: 'a' });
    expect(p.text()).toContain('You got 2 of 3 right (67%). The pass mark is 80%.');
    expect(p.text()).toContain('Not correct.');
    expect(p.text()).toContain('Consistent rules, applied the same way to everyone.');
    // Score waits for the end of the module.
    expect(lms.data['cmi.core.score.raw']).toBeUndefined();
    expect(lms.data['cmi.core.lesson_status']).toBe('incomplete');

    await finishCourse(p);
    expect(lms.data['cmi.core.lesson_status']).toBe('completed');
    expect(lms.data['cmi.core.score.raw']).toBe('67');
    expect(lms.data['cmi.core.score.min']).toBe('0');
    expect(lms.data['cmi.core.score.max']).toBe('100');
    expect(lms.data['cmi.core.lesson_location']).toBe('08-references');

    const interactions = lms.interactions();
    expect(
      interactions.map((i) => [i.id, i.type, i.student_response, i.result, i['correct_responses.0.pattern']]),
    ).toEqual([
      ['m1-huddle-banter', 'choice', 'a', 'wrong', 'b'],
      ['m1-rota-request', 'choice', 'a', 'correct', 'a'],
      ['m1-team-meeting', 'choice', 'c', 'neutral', 'b'],
      ['m1-check-q1', 'choice', 'b', 'correct', 'b'],
      ['m1-check-q2', 'choice', 'a', 'correct', 'a'],
      ['m1-check-q3', 'choice', 'a', 'wrong', 'c'],
    ]);
    for (const i of interactions) {
      expect(i.latency).toMatch(/^\d{2}:\d{2}:\d{2}$/);
      expect(i.time).toMatch(/^\d{2}:\d{2}:\d{2}$/);
      expect(i.description).toBeUndefined();
    }

    expect(lms.suspend()).toEqual({
      v: [
        '01-welcome',
        'huddle-banter',
        'huddle-after-silence',
        'rota-request',
        'team-meeting',
        '06-check',
        'reflect-team',
        '08-references',
      ],
      h: [
        '01-welcome',
        'huddle-banter',
        'huddle-after-silence',
        'rota-request',
        'team-meeting',
        '06-check',
        'reflect-team',
      ],
      d: { 'huddle-banter': 'a', 'rota-request': 'a', 'team-meeting': 'c' },
      c: { q1: 'b', q2: 'a', q3: 'a' },
      cs: true,
      r: { 'reflect-team': 'Private thoughts about Dan' },
    });
    // The reflection goes nowhere but suspend_data.
    const leaks = lms.calls.filter(
      (c) => c[0] === 'LMSSetValue' && c[1] !== 'cmi.suspend_data' && c[2].includes('Private'),
    );
    expect(leaks).toEqual([]);

    p.q('#exit').click();
    expect(lms.data['cmi.core.exit']).toBe('');
    expect(lms.data['cmi.core.session_time']).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(lms.names().slice(-2)).toEqual(['LMSCommit', 'LMSFinish']);
    expect(p.title()).toBe('You have left the module');
    p.fire(p.win, 'pagehide');
    expect(lms.names().filter((n) => n === 'LMSFinish')).toHaveLength(1);

    expect(lms.errors).toEqual([]);
    expect(other.calls).toEqual([]);
  });

  it('resumes at the saved screen with the saved decisions and path, and suspends on exit', () => {
    const saved = {
      v: ['01-welcome', 'huddle-banter', 'huddle-after-silence', 'rota-request'],
      h: ['01-welcome', 'huddle-banter', 'huddle-after-silence'],
      d: { 'huddle-banter': 'a' },
      c: {},
      cs: false,
      r: { 'reflect-team': 'Draft' },
    };
    const lms = new FakeLms('1.2', {
      'cmi.core.entry': 'resume',
      'cmi.core.lesson_status': 'incomplete',
      'cmi.core.lesson_location': 'rota-request',
      'cmi.suspend_data': JSON.stringify(saved),
      'cmi.interactions.0.id': 'm1-huddle-banter',
    });
    const p = open('1.2', { '1.2': lms });
    expect(p.title()).toBe('The rota request');
    expect(p.progress()).toBe('Screen 3 of 7');
    expect(p.q('#prev').hidden).toBe(false);

    p.previous();
    expect(p.title()).toBe('A week later');
    p.previous();
    expect(p.title()).toBe('The morning huddle');
    expect(p.q<HTMLInputElement>('input[value="a"]').checked).toBe(true);
    expect(p.text()).toContain('Amara says nothing for the rest of the week.');
    p.next();
    expect(p.title()).toBe('A week later');
    p.next();
    p.decide('rota-request', 'b');
    // Appended after the interaction recorded in the earlier session.
    expect(lms.data['cmi.interactions.1.id']).toBe('m1-rota-request');
    expect(lms.data['cmi.interactions.1.result']).toBe('wrong');

    p.q('#exit').click();
    expect(lms.data['cmi.core.exit']).toBe('suspend');
    expect(lms.data['cmi.core.lesson_status']).toBe('incomplete');
    expect(lms.data['cmi.core.lesson_location']).toBe('rota-request');
    expect(lms.suspend()).toMatchObject({
      d: { 'huddle-banter': 'a', 'rota-request': 'b' },
      r: { 'reflect-team': 'Draft' },
    });
    expect(p.text()).toContain('Your place is saved');
    expect(lms.errors).toEqual([]);
  });

  it('starts afresh when the LMS says ab-initio, whatever data it still holds', () => {
    const lms = new FakeLms('1.2', {
      'cmi.core.entry': 'ab-initio',
      'cmi.core.lesson_location': 'rota-request',
      'cmi.suspend_data': JSON.stringify({
        v: [],
        h: ['01-welcome'],
        d: { 'huddle-banter': 'a' },
        c: {},
        cs: false,
        r: {},
      }),
    });
    const p = open('1.2', { '1.2': lms });
    expect(p.title()).toBe('Welcome');
    expect(lms.suspend()).toMatchObject({ v: ['01-welcome'], h: [], d: {} });
  });

  it('restores the reflection text and completes from a resumed check', () => {
    const lms = new FakeLms('1.2', {
      'cmi.core.entry': 'resume',
      'cmi.core.lesson_status': 'incomplete',
      'cmi.core.lesson_location': 'reflect-team',
      'cmi.suspend_data': JSON.stringify({
        v: ['01-welcome', 'huddle-banter', 'rota-request', 'team-meeting', '06-check', 'reflect-team'],
        h: ['01-welcome', 'huddle-banter', 'rota-request', 'team-meeting', '06-check'],
        d: { 'huddle-banter': 'b', 'rota-request': 'a', 'team-meeting': 'b' },
        c: { q1: 'b', q2: 'a', q3: 'c' },
        cs: true,
        r: { 'reflect-team': 'Draft from last time' },
      }),
    });
    const p = open('1.2', { '1.2': lms });
    expect(p.title()).toBe('Your team');
    expect(p.q<HTMLTextAreaElement>('textarea').value).toBe('Draft from last time');
    p.next();
    expect(lms.data['cmi.core.lesson_status']).toBe('completed');
    expect(lms.data['cmi.core.score.raw']).toBe('100');
    expect(lms.errors).toEqual([]);
  });

  it('keeps suspend_data within 4,096 characters by shortening a long reflection', () => {
    const lms = new FakeLms('1.2', {
      'cmi.core.entry': 'resume',
      'cmi.core.lesson_location': 'reflect-team',
    });
    const p = open('1.2', { '1.2': lms });
    expect(p.title()).toBe('Your team');
    const box = p.q<HTMLTextAreaElement>('textarea');
    box.value = 'x'.repeat(6000);
    p.fire(box, 'input');
    p.q('#exit').click();
    const data = lms.data['cmi.suspend_data'];
    expect(data.length).toBeLessThanOrEqual(4096);
    expect((JSON.parse(data) as { r: Record<string, string> }).r['reflect-team']).toMatch(/^x{3000,}$/);
    expect(lms.errors).toEqual([]);
  });
});

describe('runtime with a SCORM 2004 LMS', () => {
  it('plays the course and records interactions, score, success and progress', async () => {
    const lms = new FakeLms('2004');
    const other = new FakeLms('1.2');
    const p = open('2004', { '1.2': other, '2004': lms });
    expect(lms.calls[0]).toEqual(['Initialize', '']);
    expect(lms.data['cmi.completion_status']).toBe('incomplete');
    expect(lms.data['cmi.progress_measure']).toBe('0.14');

    await playThrough(p, lms, { q1: 'a', q2: 'b', q3: 'c' });
    expect(p.text()).toContain('You got 1 of 3 right (33%).');
    // Below the pass mark: try again.
    p.button('Try the questions again');
    expect(p.doc.querySelectorAll('input[type=radio]:checked')).toHaveLength(0);
    for (const [q, a] of Object.entries({ q1: 'b', q2: 'a', q3: 'c' })) p.choose(`check-${q}`, a);
    p.button('Submit answers');
    expect(p.text()).toContain('You got 3 of 3 right (100%). You have passed: the pass mark is 80%.');
    expect(lms.data['cmi.completion_status']).toBe('incomplete');
    expect(lms.data['cmi.success_status']).toBe('unknown');

    await finishCourse(p);
    expect(lms.data['cmi.completion_status']).toBe('completed');
    expect(lms.data['cmi.success_status']).toBe('passed');
    expect(lms.data['cmi.score.raw']).toBe('100');
    expect(lms.data['cmi.score.min']).toBe('0');
    expect(lms.data['cmi.score.max']).toBe('100');
    expect(lms.data['cmi.score.scaled']).toBe('1');
    expect(lms.data['cmi.progress_measure']).toBe('1');
    expect(lms.data['cmi.location']).toBe('08-references');

    const interactions = lms.interactions();
    expect(
      interactions.map((i) => [i.id, i.learner_response, i.result, i['correct_responses.0.pattern']]),
    ).toEqual([
      ['m1-huddle-banter', 'a', 'incorrect', 'b'],
      ['m1-rota-request', 'a', 'correct', 'a'],
      ['m1-team-meeting', 'c', 'neutral', 'b'],
      ['m1-check-q1', 'a', 'incorrect', 'b'],
      ['m1-check-q2', 'b', 'incorrect', 'a'],
      ['m1-check-q3', 'c', 'correct', 'c'],
      ['m1-check-q1', 'b', 'correct', 'b'],
      ['m1-check-q2', 'a', 'correct', 'a'],
      ['m1-check-q3', 'c', 'correct', 'c'],
    ]);
    expect(interactions[0].description).toBe('What do you do, there and then?');
    expect(interactions[3].description).toBe(
      'Which WRES indicator compares the likelihood of appointment from shortlisting?',
    );
    for (const i of interactions) {
      expect(i.type).toBe('choice');
      expect(i.latency).toMatch(/^PT(\d+H)?(\d+M)?\d+S$/);
      expect(i.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\dZ$/);
    }
    expect(lms.suspend()).toMatchObject({
      c: { q1: 'b', q2: 'a', q3: 'c' },
      cs: true,
      r: { 'reflect-team': 'Private thoughts about Dan' },
    });

    p.q('#exit').click();
    expect(lms.data['cmi.exit']).toBe('normal');
    expect(lms.data['cmi.session_time']).toMatch(/^PT(\d+H)?(\d+M)?\d+S$/);
    expect(lms.names().slice(-2)).toEqual(['Commit', 'Terminate']);
    expect(lms.errors).toEqual([]);
    expect(other.calls).toEqual([]);
  });

  it('resumes and suspends on pagehide', () => {
    const lms = new FakeLms('2004', {
      'cmi.entry': 'resume',
      'cmi.completion_status': 'incomplete',
      'cmi.location': 'team-meeting',
      'cmi.suspend_data': JSON.stringify({
        v: ['01-welcome'],
        h: ['01-welcome', 'rota-request'],
        d: {},
        c: {},
        cs: false,
        r: {},
      }),
    });
    const p = open('2004', { '2004': lms });
    expect(p.title()).toBe('The team meeting');
    p.fire(p.win, 'pagehide');
    expect(lms.data['cmi.exit']).toBe('suspend');
    expect(lms.data['cmi.location']).toBe('team-meeting');
    expect(lms.names().slice(-2)).toEqual(['Commit', 'Terminate']);
    expect(lms.errors).toEqual([]);
  });
});

describe('runtime without an LMS, and finding the API', () => {
  it('plays in preview mode', () => {
    const p = open('2004', {});
    expect(p.q('#banner').hidden).toBe(false);
    expect(p.q('#banner').textContent).toMatch(/^Preview: /);
    p.next();
    p.decide('huddle-banter', 'b');
    expect(p.text()).toContain('Best choice');
    p.next();
    expect(p.title()).toBe('The rota request');
    p.q('#exit').click();
    expect(p.text()).toContain('This was a preview');
  });

  it('says so when the LMS does not initialise, and still plays', () => {
    const lms = new FakeLms('1.2');
    lms.api.LMSInitialize = () => 'false';
    const p = open('1.2', { '1.2': lms });
    expect(p.q('#banner').hidden).toBe(false);
    expect(p.q('#banner').textContent).toMatch(/did not respond/);
    p.next();
    expect(p.title()).toBe('The morning huddle');
    expect(lms.names().filter((n) => n === 'LMSSetValue')).toEqual([]);
  });

  it('finds the API several frames up', () => {
    const lms = new FakeLms('1.2');
    open('1.2', { '1.2': lms }, 3);
    expect(lms.calls[0]).toEqual(['LMSInitialize', '']);
  });

  it('follows a citation to the references entry and back, without completing', () => {
    const lms = new FakeLms('1.2');
    const p = open('1.2', { '1.2': lms });
    p.q('a.cite').click();
    expect(p.title()).toBe('References');
    expect(p.focused()).toBe('li#ref-wres-2022');
    expect(lms.data['cmi.core.lesson_status']).toBe('incomplete');
    p.button('Back to Welcome');
    expect(p.title()).toBe('Welcome');
    expect(p.q('#prev').hidden).toBe(true);
    expect(lms.errors).toEqual([]);
  });

  it('has one h1, a language and labelled controls on every screen', () => {
    const p = open('1.2', {});
    expect(p.doc.documentElement.lang).toBe('en');
    for (let step = 0; step < course.screens.length; step += 1) {
      expect(p.doc.querySelectorAll('h1')).toHaveLength(1);
      for (const input of p.doc.querySelectorAll('input, textarea'))
        expect(p.doc.querySelector(`label[for="${input.id}"]`)).not.toBeNull();
      if (p.doc.querySelector('fieldset') && !p.doc.querySelector('input:checked')) {
        const first = p.doc.querySelector<HTMLInputElement>('input[type=radio]')!;
        if (first.name.startsWith('decision-')) p.decide(first.name.slice('decision-'.length), first.value);
        else {
          for (const f of p.doc.querySelectorAll('fieldset'))
            f.querySelector<HTMLInputElement>('input')!.click();
          p.button('Submit answers');
        }
      }
      if (p.q('#next').textContent === 'Exit module') break;
      p.next();
    }
    expect(p.title()).toBe('References');
  });
});

describe('the courses in content/courses', () => {
  const ready = listCourses(coursesDir)
    .map((slug) => compileCourse(readCourseSource(coursesDir, slug)).course)
    .filter((c): c is Course => c !== undefined);

  it.skipIf(ready.length === 0)('each plays to the end and completes, in both versions', () => {
    for (const c of ready) {
      for (const version of ['1.2', '2004'] as const) {
        const lms = new FakeLms(version);
        const p = open(version, { [version]: lms }, 1, c);
        const seen: string[] = [];
        let answered = 0;
        for (let step = 0; step < c.screens.length + 2; step += 1) {
          const location = lms.data[version === '1.2' ? 'cmi.core.lesson_location' : 'cmi.location'];
          const screen = c.screens.find((s) => s.key === location)!;
          expect(p.title()).toBe(screen.title);
          seen.push(screen.key);
          expect(p.doc.querySelectorAll('h1')).toHaveLength(1);
          expect(p.progress()).toMatch(/^Screen \d+ of \d+$/);
          if (screen.type === 'decision') {
            // Take the branch where there is one, to play the branch screens too.
            const option =
              screen.options!.find((o) => o.goto) ?? screen.options!.find((o) => o.rating === 'best')!;
            p.decide(screen.id!, option.id);
            answered += 1;
          }
          if (screen.type === 'check') {
            for (const q of screen.questions!)
              p.choose(`check-${q.id}`, q.options.find((o) => o.correct)!.id);
            p.button('Submit answers');
            answered += screen.questions!.length;
          }
          if (p.q('#next').textContent === 'Exit module') break;
          p.next();
        }
        expect({ slug: c.slug, version, last: seen.at(-1) }).toEqual({
          slug: c.slug,
          version,
          last: c.screens.filter((s) => !s.branch).at(-1)!.key,
        });
        const status = version === '1.2' ? 'cmi.core.lesson_status' : 'cmi.completion_status';
        expect(lms.data[status]).toBe('completed');
        expect(lms.data[version === '1.2' ? 'cmi.core.score.raw' : 'cmi.score.raw']).toBe('100');
        expect(lms.interactions()).toHaveLength(answered);
        expect({ slug: c.slug, errors: lms.errors }).toEqual({ slug: c.slug, errors: [] });
        p.q('#exit').click();
      }
    }
  });
});
