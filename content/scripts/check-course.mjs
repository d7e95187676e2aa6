#!/usr/bin/env node
// Quick structural check of one course folder while writing it: `node content/scripts/check-course.mjs <slug>`.
// Parses course.yaml and every screen's front matter, and checks the rules in content/FORMAT.md.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../courses');
const slug = process.argv[2];
if (!slug) throw new Error('usage: check-course.mjs <slug>');
const dir = path.join(root, slug);
const problems = [];
const course = parse(readFileSync(path.join(dir, 'course.yaml'), 'utf8'));
for (const f of ['slug', 'module', 'title', 'minutes', 'summary', 'objectives', 'masteryScore'])
  if (course[f] === undefined) problems.push(`course.yaml: missing ${f}`);
if (course.slug !== slug) problems.push(`course.yaml: slug ${course.slug} is not the folder name ${slug}`);
const files = readdirSync(path.join(dir, 'screens'))
  .filter((f) => f.endsWith('.md'))
  .sort();
const screens = files.map((f) => {
  const text = readFileSync(path.join(dir, 'screens', f), 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (!m) {
    problems.push(`${f}: no front matter`);
    return { file: f, meta: {}, body: text };
  }
  return { file: f, meta: parse(m[1]) ?? {}, body: m[2] };
});
const ids = new Set(screens.filter((s) => s.meta.id).map((s) => s.meta.id));
const keys = new Set(
  screens
    .filter((s) => s.meta.type === 'references')
    .flatMap((s) => (s.meta.references ?? []).map((r) => r.key)),
);
let words = 0;
const count = (t) => (t ? String(t).split(/\s+/).filter(Boolean).length : 0);
for (const s of screens) {
  const { type, title } = s.meta;
  if (!['content', 'decision', 'check', 'reflection', 'references'].includes(type))
    problems.push(`${s.file}: bad type ${type}`);
  if (!title) problems.push(`${s.file}: no title`);
  words += count(s.body) + count(title);
  if (type === 'decision') {
    if (!/^[a-z0-9-]+$/.test(s.meta.id ?? '')) problems.push(`${s.file}: bad id`);
    const opts = s.meta.options ?? [];
    if (opts.length < 3 || opts.length > 4) problems.push(`${s.file}: needs 3-4 options`);
    if (opts.filter((o) => o.rating === 'best').length !== 1)
      problems.push(`${s.file}: needs exactly one best`);
    for (const o of opts) {
      if (!['best', 'acceptable', 'poor'].includes(o.rating))
        problems.push(`${s.file}: option ${o.id} bad rating`);
      if (!o.text || !o.consequence || !o.feedback) problems.push(`${s.file}: option ${o.id} incomplete`);
      if (o.goto && !screens.some((x) => x.meta.id === o.goto && x.meta.branch))
        problems.push(`${s.file}: goto ${o.goto} is not a branch screen id`);
      words += count(o.text) + count(o.consequence) + count(o.feedback);
    }
    words += count(s.meta.question);
  }
  if (type === 'check') {
    const qs = s.meta.questions ?? [];
    if (qs.length < 3 || qs.length > 5) problems.push(`${s.file}: needs 3-5 questions`);
    for (const q of qs) {
      if ((q.options ?? []).filter((o) => o.correct).length !== 1)
        problems.push(`${s.file}: ${q.id} needs exactly one correct`);
      words +=
        count(q.text) + count(q.explanation) + (q.options ?? []).reduce((a, o) => a + count(o.text), 0);
    }
  }
  if (type === 'reflection' && !s.meta.prompt) problems.push(`${s.file}: no prompt`);
  const all = JSON.stringify(s.meta) + s.body;
  for (const [, key] of all.matchAll(/\[([a-z0-9][a-z0-9-]*[a-z0-9])\]/g))
    if (!keys.has(key) && !ids.has(key))
      problems.push(`${s.file}: cites [${key}] which is not on the references screen`);
  if (/<[a-z]/i.test(s.body)) problems.push(`${s.file}: raw HTML in the body`);
}
const decisions = screens.filter((s) => s.meta.type === 'decision').length;
if (decisions < 3) problems.push(`only ${decisions} decisions (need 3+)`);
if (!screens.some((s) => s.meta.type === 'check')) problems.push('no knowledge check');
if (!screens.some((s) => s.meta.type === 'reflection')) problems.push('no reflection');
if (!screens.some((s) => s.meta.type === 'references')) problems.push('no references screen');
console.log(
  `${slug}: ${screens.length} screens, ${decisions} decisions, about ${words} words (${Math.round(words / 150)} min at 150 wpm)`,
);
if (problems.length) {
  console.log(problems.map((p) => `  - ${p}`).join('\n'));
  process.exit(1);
}
