import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCourse, formatProblems, listCourses, readCourseSource } from './course.js';
import { editScreen, fixtureCourse, fixtureSource, fixturesDir } from './test-helpers.js';
import type { CourseSource } from './types.js';

function errors(src: CourseSource): string[] {
  const { course, problems } = compileCourse(src);
  const errs = problems.filter((p) => p.level === 'error');
  if (errs.length) expect(course).toBeUndefined();
  return formatProblems(errs);
}

describe('parsing the fixture course', () => {
  const course = fixtureCourse();

  it('reads course.yaml', () => {
    expect(course).toMatchObject({
      format: 1,
      slug: 'fixture-course',
      module: 1,
      title: 'Fixture course',
      minutes: 5,
      masteryScore: 80,
      objectives: ['Notice who speaks in a huddle', expect.any(String), expect.any(String)],
    });
    expect(course.words).toBeGreaterThan(300);
  });

  it('reads the screens in file-name order with stable keys', () => {
    expect(course.screens.map((s) => [s.key, s.type, s.branch])).toEqual([
      ['01-welcome', 'content', false],
      ['huddle-banter', 'decision', false],
      ['huddle-after-silence', 'content', true],
      ['rota-request', 'decision', false],
      ['team-meeting', 'decision', false],
      ['06-check', 'check', false],
      ['reflect-team', 'reflection', false],
      ['08-references', 'references', false],
    ]);
  });

  it('reads decisions with ratings, consequences, feedback and goto', () => {
    const d = course.screens[1];
    expect(d.question).toEqual({
      text: 'What do you do, there and then?',
      html: 'What do you do, there and then?',
    });
    expect(d.options!.map((o) => [o.id, o.rating, o.goto])).toEqual([
      ['a', 'poor', 'huddle-after-silence'],
      ['b', 'best', undefined],
      ['c', 'acceptable', undefined],
    ]);
    expect(d.options![0].feedbackHtml).toContain('<a class="cite" href="#ref-wres-2022"');
  });

  it('escapes a <script> in front matter text', () => {
    const html = course.screens[1].options![1].consequenceHtml;
    expect(html).toBe(
      'The huddle goes quiet, then carries on. &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;',
    );
    expect(JSON.stringify(course)).not.toContain('<script');
  });

  it('reads the check with one correct option per question', () => {
    const check = course.screens[5];
    expect(check.questions!.map((q) => [q.id, q.options.find((o) => o.correct)!.id])).toEqual([
      ['q1', 'b'],
      ['q2', 'a'],
      ['q3', 'c'],
    ]);
    expect(check.questions![1].text).toBe('What does silence after a "joke" usually signal to the team?');
  });

  it('numbers references and renders their Markdown', () => {
    const refs = course.screens[7].references!;
    expect(refs.map((r) => [r.key, r.n, r.url !== undefined])).toEqual([
      ['wres-2022', 1, true],
      ['kline-2014', 2, false],
    ]);
    expect(refs[1].html).toBe(
      'Kline R (2014). <em>The snowy white peaks of the NHS</em>. Middlesex University.',
    );
  });

  it('reads the reflection prompt', () => {
    expect(course.screens[6].prompt!.text).toMatch(/^Think of your last team meeting/);
  });

  it('has no problems at all', () => {
    expect(compileCourse(fixtureSource()).problems).toEqual([]);
  });
});

describe('validation', () => {
  const src = fixtureSource();
  const yaml = (edit: (t: string) => string): CourseSource => ({ ...src, courseYaml: edit(src.courseYaml!) });

  it('names missing course.yaml fields and a slug that is not the folder name', () => {
    expect(
      errors(yaml((t) => t.replace(/^masteryScore.*\n/m, '').replace('slug: fixture-course', 'slug: other'))),
    ).toEqual([
      'course.yaml: missing masteryScore',
      'course.yaml: slug other is not the folder name fixture-course',
    ]);
  });

  it('checks module and mastery score ranges', () => {
    expect(
      errors(
        yaml((t) => t.replace('module: 1', 'module: 9').replace('masteryScore: 80', 'masteryScore: 180')),
      ),
    ).toEqual([
      'course.yaml: module should be a whole number from 1 to 6 (got 9)',
      'course.yaml: masteryScore should be a number from 0 to 100 (got 180)',
    ]);
  });

  it('reports YAML syntax errors with the file name', () => {
    const bad = editScreen(src, '07-reflect.md', (t) => t.replace('title: Your team', 'title: [unclosed'));
    expect(errors(bad)[0]).toMatch(/^screens\/07-reflect\.md: front matter YAML error: /);
  });

  it('reports a missing course.yaml and missing front matter', () => {
    const bad = editScreen({ ...src, courseYaml: null }, '01-welcome.md', (t) =>
      t.replace(/^---[\s\S]*?---\n/, ''),
    );
    expect(errors(bad)).toEqual([
      'course.yaml: missing: every course needs a course.yaml (see FORMAT.md)',
      'screens/01-welcome.md: no front matter: the file must start with a --- line, the fields, and another --- line',
      'screens/01-welcome.md: type is missing: content, decision, check, reflection, references',
      'screens/01-welcome.md: no title',
    ]);
  });

  it('checks decision options: count, exactly one best, completeness, goto', () => {
    const bad = editScreen(src, '02-huddle.md', (t) =>
      t
        .replace('rating: acceptable', 'rating: best')
        .replace('goto: huddle-after-silence', 'goto: nowhere')
        .replace('    feedback: Naming it in the moment sets the standard [kline-2014].\n', ''),
    );
    expect(errors(bad)).toEqual([
      'screens/02-huddle.md: a decision needs exactly one option rated best (has 2)',
      'screens/02-huddle.md: option a: goto nowhere is not the id of a branch: true screen',
      'screens/02-huddle.md: option b is incomplete: it needs text, consequence and feedback',
    ]);
    const two = editScreen(src, '05-meeting.md', (t) => t.replace(/ {2}- id: c[\s\S]*?(?=---)/, ''));
    expect(errors(two)).toEqual(['screens/05-meeting.md: a decision needs 3 or 4 options (has 2)']);
  });

  it('checks the knowledge check: 3–5 questions, one correct option each', () => {
    const bad = editScreen(src, '06-check.md', (t) =>
      t
        .replace('{ id: b, text: Indicator 2, correct: true }', '{ id: b, text: Indicator 2 }')
        .replace(/ {2}- id: q3[\s\S]*?(?=---)/, ''),
    );
    expect(errors(bad)).toEqual([
      'screens/06-check.md: a knowledge check needs 3 to 5 questions (has 2)',
      'screens/06-check.md: q1 needs exactly one correct option (has 0)',
    ]);
  });

  it('finds unknown citations (in the body and in front matter) and raw HTML', () => {
    const bad = editScreen(src, '04-rota.md', (t) =>
      t
        .replace('feedback: Fair, consistent rules matter.', 'feedback: Fair rules [acas-2019].')
        .replace('three weeks ahead.', 'three weeks ahead <br> [nhse-2099].'),
    );
    expect(errors(bad)).toEqual([
      'screens/04-rota.md: raw HTML in the body: write Markdown only',
      'screens/04-rota.md: cites [nhse-2099] which is not on the references screen',
      'screens/04-rota.md: cites [acas-2019] which is not on the references screen',
    ]);
  });

  it('needs ids on decisions and reflections, unique', () => {
    const bad = editScreen(
      editScreen(src, '07-reflect.md', (t) => t.replace('id: reflect-team\n', '')),
      '05-meeting.md',
      (t) => t.replace('id: team-meeting', 'id: rota-request'),
    );
    expect(errors(bad)).toEqual([
      'screens/05-meeting.md: id rota-request is also used by screens/04-rota.md',
      'screens/07-reflect.md: a reflection needs an id (lower case with hyphens)',
    ]);
  });

  it('needs three decisions, a check, a reflection and references', () => {
    let bad = editScreen(src, '05-meeting.md', () => null);
    for (const f of ['06-check.md', '07-reflect.md']) bad = editScreen(bad, f, () => null);
    bad = editScreen(bad, '08-references.md', (t) => t.replace('type: references', 'type: content'));
    bad = editScreen(bad, '01-welcome.md', (t) => t.replace(' [wres-2022]', ''));
    bad = editScreen(bad, '02-huddle.md', (t) => t.replace(/ \[(wres-2022|kline-2014)\]/g, ''));
    expect(errors(bad)).toEqual([
      'only 2 decisions (need 3 or more)',
      'no knowledge check',
      'no reflection',
      'no references screen',
    ]);
  });

  it('rejects option ids that cannot be SCORM responses, and warns about long ones', () => {
    const bad = editScreen(src, '04-rota.md', (t) =>
      t.replace('- id: a', '- id: first option').replace('- id: b', '- id: second'),
    );
    const { problems } = compileCourse(bad);
    expect(formatProblems(problems)).toEqual([
      'screens/04-rota.md: option first option: id should be letters, digits or hyphens',
      'warning: screens/04-rota.md: option second: SCORM 1.2 expects one-character option ids (a, b, c)',
    ]);
  });
});

describe('reading course folders', () => {
  it('lists folders with a course.yaml or screens, and reads a half-written course without throwing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cqp-courses-'));
    mkdirSync(path.join(dir, 'half-done', 'screens'), { recursive: true });
    writeFileSync(
      path.join(dir, 'half-done', 'screens', '01-a.md'),
      '---\ntype: content\ntitle: A\n---\nText\n',
    );
    mkdirSync(path.join(dir, 'empty'));
    expect(listCourses(dir)).toEqual(['half-done']);
    expect(listCourses(fixturesDir)).toEqual(['fixture-course']);
    const result = compileCourse(readCourseSource(dir, 'half-done'));
    expect(result.course).toBeUndefined();
    expect(formatProblems(result.problems)).toContain(
      'course.yaml: missing: every course needs a course.yaml (see FORMAT.md)',
    );
  });
});
