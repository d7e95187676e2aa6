/**
 * Reads a course folder, checks it against content/FORMAT.md, and turns it into the `Course`
 * model the player reads.
 *
 * The checks include every rule of `content/scripts/check-course.mjs` (same meaning, clearer
 * messages naming the file), plus what the player and the LMS need to work: well-formed ids
 * (they end up in SCORM interaction ids and responses), unique ids, a module number and a mastery
 * score in range, links that are web addresses, and citations of keys that exist. Problems that
 * would not break a package (objectives count, 1.2-friendly option ids) are warnings.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { CITATION_KEY, renderInline, renderMarkdown, toPlainText, type RenderOptions } from './markdown.js';
import type {
  CheckQuestion,
  Course,
  CourseSource,
  DecisionOption,
  Problem,
  Rating,
  Reference,
  Screen,
  ScreenType,
} from './types.js';

export const SCREEN_TYPES: readonly ScreenType[] = [
  'content',
  'decision',
  'check',
  'reflection',
  'references',
];
const RATINGS: readonly Rating[] = ['best', 'acceptable', 'poor'];
/** Screen ids, as FORMAT.md says: lower case with hyphens. */
const SCREEN_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Option and question ids: sent to the LMS as responses, so no spaces or punctuation. */
const ANSWER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n?---[ \t]*(?:\n|$)([\s\S]*)$/;

/** Reads `courses/<slug>/course.yaml` and `screens/*.md` (file-name order). */
export function readCourseSource(coursesDir: string, slug: string): CourseSource {
  const dir = path.join(coursesDir, slug);
  const yamlPath = path.join(dir, 'course.yaml');
  const screensDir = path.join(dir, 'screens');
  const screens =
    existsSync(screensDir) && statSync(screensDir).isDirectory()
      ? readdirSync(screensDir)
          .filter((f) => f.endsWith('.md'))
          .sort()
          .map((name) => ({ name, text: readFileSync(path.join(screensDir, name), 'utf8') }))
      : [];
  return { slug, courseYaml: existsSync(yamlPath) ? readFileSync(yamlPath, 'utf8') : null, screens };
}

/** Course folders (those with a course.yaml or a screens folder), sorted. */
export function listCourses(coursesDir: string): string[] {
  if (!existsSync(coursesDir)) return [];
  return readdirSync(coursesDir)
    .filter((f) => !f.startsWith('.') && statSync(path.join(coursesDir, f)).isDirectory())
    .filter(
      (f) =>
        existsSync(path.join(coursesDir, f, 'course.yaml')) ||
        existsSync(path.join(coursesDir, f, 'screens')),
    )
    .sort();
}

type Meta = Record<string, unknown>;

/** A YAML scalar as a trimmed string (numbers too: `id: 1`), or undefined. */
function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function list(v: unknown): Meta[] {
  return Array.isArray(v)
    ? v.map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Meta) : {}))
    : [];
}

function yamlError(e: unknown): string {
  if (e instanceof YAMLParseError) return `YAML error: ${e.message.split('\n')[0]}`;
  return `YAML error: ${e instanceof Error ? e.message : String(e)}`;
}

/** Words as check-course.mjs counts them (whitespace-separated). */
function count(t: unknown): number {
  return t ? String(t).split(/\s+/).filter(Boolean).length : 0;
}

interface ParsedScreen {
  file: string;
  meta: Meta;
  body: string;
}

export interface CompileResult {
  /** Undefined when there are errors. */
  course?: Course;
  problems: Problem[];
}

/** Checks a course and builds its model. Never throws on bad input: problems say what is wrong. */
export function compileCourse(src: CourseSource): CompileResult {
  const problems: Problem[] = [];
  const error = (file: string, message: string) => problems.push({ file, message, level: 'error' });
  const warn = (file: string, message: string) => problems.push({ file, message, level: 'warning' });

  // course.yaml
  let course: Meta = {};
  if (src.courseYaml === null)
    error('course.yaml', 'missing: every course needs a course.yaml (see FORMAT.md)');
  else {
    try {
      const parsed: unknown = parse(src.courseYaml);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) course = parsed as Meta;
      else error('course.yaml', 'should be a set of fields (slug, module, title, …)');
    } catch (e) {
      error('course.yaml', yamlError(e));
    }
  }
  if (src.courseYaml !== null) {
    for (const f of ['slug', 'module', 'title', 'minutes', 'summary', 'objectives', 'masteryScore'])
      if (course[f] === undefined || course[f] === null) error('course.yaml', `missing ${f}`);
  }
  const slug = str(course.slug);
  if (slug !== undefined && slug !== src.slug)
    error('course.yaml', `slug ${slug} is not the folder name ${src.slug}`);
  if (!SLUG.test(src.slug))
    error('', `folder name ${src.slug} is not a slug (lower case letters, digits, hyphens)`);
  const moduleNo = course.module;
  if (
    moduleNo !== undefined &&
    !(Number.isInteger(moduleNo) && (moduleNo as number) >= 1 && (moduleNo as number) <= 6)
  )
    error('course.yaml', `module should be a whole number from 1 to 6 (got ${JSON.stringify(moduleNo)})`);
  const mastery = course.masteryScore;
  if (mastery !== undefined && !(typeof mastery === 'number' && mastery >= 0 && mastery <= 100))
    error('course.yaml', `masteryScore should be a number from 0 to 100 (got ${JSON.stringify(mastery)})`);
  if (course.minutes !== undefined && !(typeof course.minutes === 'number' && course.minutes > 0))
    error('course.yaml', `minutes should be a number (got ${JSON.stringify(course.minutes)})`);
  if (course.title !== undefined && str(course.title) === undefined) error('course.yaml', 'title is empty');
  const objectives = Array.isArray(course.objectives) ? course.objectives.map((o) => str(o) ?? '') : [];
  if (course.objectives !== undefined && !Array.isArray(course.objectives))
    error('course.yaml', 'objectives should be a list');
  else if (objectives.length > 0 && (objectives.length < 3 || objectives.length > 5))
    warn('course.yaml', `has ${objectives.length} objectives; FORMAT.md asks for 3–5`);

  // Screens: front matter and body.
  if (src.screens.length === 0) error('screens/', 'no screens: add screens/*.md files');
  const screens: ParsedScreen[] = src.screens.map(({ name, text }) => {
    const file = `screens/${name}`;
    const normal = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    const m = FRONT_MATTER.exec(normal);
    if (!m) {
      error(file, 'no front matter: the file must start with a --- line, the fields, and another --- line');
      return { file, meta: {}, body: normal };
    }
    try {
      const meta: unknown = parse(m[1]);
      if (meta && typeof meta === 'object' && !Array.isArray(meta))
        return { file, meta: meta as Meta, body: m[2] };
      if (meta !== null && meta !== undefined)
        error(file, 'front matter should be a set of fields (type, title, …)');
    } catch (e) {
      error(file, `front matter ${yamlError(e)}`);
    }
    return { file, meta: {}, body: m[2] };
  });

  // Ids and reference keys, needed before rendering.
  const ids = new Map<string, string>();
  for (const s of screens) {
    const id = str(s.meta.id);
    if (id === undefined) continue;
    if (ids.has(id)) error(s.file, `id ${id} is also used by ${ids.get(id)}`);
    else ids.set(id, s.file);
  }
  const refNumbers = new Map<string, number>();
  for (const s of screens.filter((x) => x.meta.type === 'references')) {
    for (const r of list(s.meta.references)) {
      const key = str(r.key);
      if (key !== undefined && !refNumbers.has(key)) refNumbers.set(key, refNumbers.size + 1);
    }
  }
  const branchIds = new Set(
    screens.filter((s) => s.meta.branch === true && str(s.meta.id)).map((s) => str(s.meta.id)!),
  );
  const gotos = new Set<string>();

  let words = 0;
  const out: Screen[] = [];
  for (const s of screens) {
    const { file, meta } = s;
    const opts: RenderOptions = {
      citation: (key) => refNumbers.get(key),
      allowBracketed: (word) => ids.has(word),
      report: (message) => error(file, message),
    };
    const inline = (v: unknown) => renderInline(str(v) ?? '', opts);
    const plain = (v: unknown) => toPlainText(str(v) ?? '', opts);
    const type = meta.type as ScreenType;
    const title = str(meta.title);
    const id = str(meta.id);
    if (!SCREEN_TYPES.includes(type))
      error(
        file,
        `type ${meta.type === undefined ? 'is missing' : `${String(meta.type)} is not one of`}: ${SCREEN_TYPES.join(', ')}`,
      );
    if (!title) error(file, 'no title');
    if (meta.branch !== undefined && typeof meta.branch !== 'boolean')
      error(file, `branch should be true or false (got ${JSON.stringify(meta.branch)})`);
    if (id !== undefined && !SCREEN_ID.test(id))
      error(file, `id ${id} should be lower case letters, digits and hyphens`);
    if (meta.branch === true && id === undefined)
      error(file, 'a branch screen needs an id, so that a decision can goto it');
    if (/<[a-z]/i.test(s.body)) error(file, 'raw HTML in the body: write Markdown only');
    words += count(s.body) + count(title);

    const screen: Screen = {
      key: id ?? s.file.replace(/^screens\//, '').replace(/\.md$/, ''),
      file: s.file,
      type,
      title: title ?? '',
      branch: meta.branch === true,
      html: renderMarkdown(s.body, opts),
    };
    if (id !== undefined) screen.id = id;

    if (type === 'decision') {
      if (id === undefined) error(file, 'a decision needs an id (lower case with hyphens)');
      const question = str(meta.question);
      if (!question) warn(file, 'no question: the title is used as the question');
      screen.question = { text: plain(question ?? title), html: inline(question ?? title) };
      words += count(question);
      const choices = list(meta.options);
      if (choices.length < 3 || choices.length > 4)
        error(file, `a decision needs 3 or 4 options (has ${choices.length})`);
      const best = choices.filter((o) => o.rating === 'best').length;
      if (best !== 1) error(file, `a decision needs exactly one option rated best (has ${best})`);
      const seen = new Set<string>();
      screen.options = choices.map((o, n): DecisionOption => {
        const oid = str(o.id);
        const label = `option ${oid ?? n + 1}`;
        if (oid === undefined) error(file, `${label} has no id`);
        else if (!ANSWER_ID.test(oid)) error(file, `${label}: id should be letters, digits or hyphens`);
        else if (seen.has(oid)) error(file, `option id ${oid} is used twice`);
        else if (!/^[a-z0-9]$/.test(oid))
          warn(file, `${label}: SCORM 1.2 expects one-character option ids (a, b, c)`);
        if (oid) seen.add(oid);
        if (!RATINGS.includes(o.rating as Rating))
          error(file, `${label}: rating should be best, acceptable or poor (got ${String(o.rating)})`);
        if (!str(o.text) || !str(o.consequence) || !str(o.feedback))
          error(file, `${label} is incomplete: it needs text, consequence and feedback`);
        const go = str(o.goto);
        if (go !== undefined) {
          gotos.add(go);
          if (!branchIds.has(go)) error(file, `${label}: goto ${go} is not the id of a branch: true screen`);
        }
        words += count(o.text) + count(o.consequence) + count(o.feedback);
        const option: DecisionOption = {
          id: oid ?? String(n + 1),
          text: plain(o.text),
          html: inline(o.text),
          rating: o.rating as Rating,
          consequenceHtml: inline(o.consequence),
          feedbackHtml: inline(o.feedback),
        };
        if (go !== undefined) option.goto = go;
        return option;
      });
    }

    if (type === 'check') {
      const qs = list(meta.questions);
      if (qs.length < 3 || qs.length > 5)
        error(file, `a knowledge check needs 3 to 5 questions (has ${qs.length})`);
      const seenQ = new Set<string>();
      screen.questions = qs.map((q, n): CheckQuestion => {
        const qid = str(q.id);
        const label = qid ?? `question ${n + 1}`;
        if (qid === undefined) error(file, `question ${n + 1} has no id`);
        else if (!ANSWER_ID.test(qid)) error(file, `${label}: id should be letters, digits or hyphens`);
        else if (seenQ.has(qid)) error(file, `question id ${qid} is used twice`);
        if (qid) seenQ.add(qid);
        if (!str(q.text)) error(file, `${label} has no text`);
        const options = list(q.options);
        if (options.length < 3 || options.length > 4)
          error(file, `${label} needs 3 or 4 options (has ${options.length})`);
        const correct = options.filter((o) => o.correct === true).length;
        if (correct !== 1) error(file, `${label} needs exactly one correct option (has ${correct})`);
        const seenO = new Set<string>();
        for (const [k, o] of options.entries()) {
          const oid = str(o.id);
          if (oid === undefined) error(file, `${label}: option ${k + 1} has no id`);
          else if (!ANSWER_ID.test(oid))
            error(file, `${label}: option id ${oid} should be letters, digits or hyphens`);
          else if (seenO.has(oid)) error(file, `${label}: option id ${oid} is used twice`);
          if (oid) seenO.add(oid);
          if (!str(o.text)) error(file, `${label}: option ${oid ?? k + 1} has no text`);
        }
        if (!str(q.explanation)) warn(file, `${label} has no explanation`);
        words += count(q.text) + count(q.explanation) + options.reduce((a, o) => a + count(o.text), 0);
        return {
          id: qid ?? `q${n + 1}`,
          text: plain(q.text),
          html: inline(q.text),
          options: options.map((o, k) => ({
            id: str(o.id) ?? String(k + 1),
            text: plain(o.text),
            html: inline(o.text),
            correct: o.correct === true,
          })),
          explanationHtml: inline(q.explanation),
        };
      });
    }

    if (type === 'reflection') {
      if (id === undefined) error(file, 'a reflection needs an id (lower case with hyphens)');
      const prompt = str(meta.prompt);
      if (!prompt) error(file, 'no prompt');
      screen.prompt = { text: plain(prompt), html: inline(prompt) };
    }

    if (type === 'references') {
      const keys = new Set<string>();
      screen.references = list(meta.references).map((r, n): Reference => {
        const key = str(r.key);
        if (key === undefined) error(file, `reference ${n + 1} has no key`);
        else if (!CITATION_KEY.test(key))
          error(file, `reference key ${key} should be lower case letters, digits and hyphens`);
        else if (keys.has(key)) error(file, `reference key ${key} is listed twice`);
        if (key) keys.add(key);
        if (!str(r.text)) error(file, `reference ${key ?? n + 1} has no text`);
        const url = str(r.url);
        if (url !== undefined && !/^https?:\/\/[^\s"'<>]+$/i.test(url))
          error(file, `reference ${key ?? n + 1}: url should be a web address starting https://`);
        const ref: Reference = {
          key: key ?? `ref-${n + 1}`,
          n: refNumbers.get(key ?? '') ?? n + 1,
          text: plain(r.text),
          html: inline(r.text),
        };
        if (url !== undefined && /^https?:\/\//i.test(url)) ref.url = url;
        return ref;
      });
      if (screen.references.length === 0) error(file, 'a references screen needs a references list');
    }
    out.push(screen);
  }

  const byType = (t: ScreenType) => out.filter((s) => s.type === t).length;
  const decisions = byType('decision');
  if (screens.length > 0) {
    if (decisions < 3) error('', `only ${decisions} decisions (need 3 or more)`);
    if (byType('check') === 0) error('', 'no knowledge check');
    if (byType('check') > 1)
      error('', 'more than one knowledge check: put all the questions on one check screen');
    if (byType('reflection') === 0) error('', 'no reflection');
    if (byType('references') === 0) error('', 'no references screen');
    if (!out.some((s) => !s.branch)) error('', 'every screen is a branch screen');
  }
  for (const s of out)
    if (s.branch && s.id && !gotos.has(s.id))
      warn(s.file, `branch screen ${s.id} is never the goto of a decision option`);

  if (problems.some((p) => p.level === 'error')) return { problems };
  return {
    problems,
    course: {
      format: 1,
      slug: src.slug,
      module: moduleNo as number,
      title: str(course.title)!,
      minutes: course.minutes as number,
      summary: str(course.summary) ?? '',
      objectives,
      masteryScore: mastery as number,
      words,
      screens: out,
    },
  };
}

/** `screens/03-huddle.md: a decision needs …` lines, errors first. */
export function formatProblems(problems: Problem[]): string[] {
  const sorted = [
    ...problems.filter((p) => p.level === 'error'),
    ...problems.filter((p) => p.level === 'warning'),
  ];
  return sorted.map(
    (p) => `${p.level === 'warning' ? 'warning: ' : ''}${p.file ? `${p.file}: ` : ''}${p.message}`,
  );
}
