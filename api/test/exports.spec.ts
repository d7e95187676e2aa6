import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudonym } from '../src/modules/evaluation/exports/pseudonym.js';
import { isValidVariableName } from '../src/modules/evaluation/exports/variable-names.js';
import { PASSWORD, startTestApp, TestApp } from './support/app.js';
import { TestClient } from './support/client.js';

const INSTRUMENTS = path.resolve(import.meta.dirname, '../../content/instruments');
const readInstrument = (file: string) => JSON.parse(readFileSync(path.join(INSTRUMENTS, file), 'utf8'));
const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const hasRscript = onPath('Rscript');
const hasPspp = onPath('pspp');

const FILES = ['long.csv', 'wide.csv', 'codebook.csv', 'read.sps', 'read.R'] as const;
const CONTENT_TYPES: Record<string, RegExp> = {
  'long.csv': /^text\/csv; charset=utf-8$/,
  'wide.csv': /^text\/csv; charset=utf-8$/,
  'codebook.csv': /^text\/csv; charset=utf-8$/,
  'read.sps': /^text\/plain; charset=utf-8$/,
  'read.R': /^text\/plain; charset=utf-8$/,
};
const LONG_HEADER = [
  'pid',
  'trust',
  'cohort',
  'band',
  'ethnic_group',
  'ethnicity',
  'gender',
  'instrument',
  'instrument_version',
  'timepoint',
  'form',
  'item',
  'factor',
  'reverse_keyed',
  'answer',
  'item_score',
  'submitted_at',
];
const FORMULA = '=HYPERLINK("http://example.invalid/x","click me")';

interface Learner {
  client: TestClient;
  userId: string;
  personId: string;
  enrolmentId: string;
  cohortId: string;
  name: string;
  email: string;
  staffNumber: string;
  steps: Record<'pre' | 'post', string>;
  moduleSteps: string[];
}

type Row = Record<string, string>;
const csv = (text: string): Row[] => parse(text, { columns: true, skip_empty_lines: true });
const headerOf = (text: string): string[] => parse(text, { to_line: 1 })[0];

function unzip(buffer: Buffer): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out: Record<string, string> = {};
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out[entry.fileName] = Buffer.concat(chunks).toString('utf8');
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('pseudonymised study exports', () => {
  let t: TestApp;
  let admin: TestClient;
  let researcher: TestClient;
  let otherResearcher: TestClient;
  let lnd: TestClient;
  let alder: string;
  let birch: string;
  let studyId: string;
  let otherStudyId: string;
  let programmeId: string;
  let formId: string;
  const learners: Record<string, Learner> = {};
  let n = 0;

  const sjt = readInstrument('cq-sjt.v1.json');
  const selfItems: string[] = readInstrument('cq-self-assessment.v1.json').items.map(
    (i: { id: string }) => i.id,
  );
  const bestAnswers = (form: 'pre' | 'post') =>
    Object.fromEntries(
      sjt.forms[form].map((id: string) => [id, sjt.items.find((i: { id: string }) => i.id === id).best]),
    );

  async function newLearner(trust: string, label: string): Promise<Learner> {
    n++;
    const email = `${label}${n}@exports.example`;
    const name = `${label[0].toUpperCase()}${label.slice(1)} Exportperson${n}`;
    const staffNumber = `EXP-${1000 + n}`;
    const userId = await t.createUser({ email, grants: [{ role: 'learner', trustId: trust }] });
    const [{ id: personId }] = await t.sql<{ id: string }>(
      `INSERT INTO person (trust_id, user_id, staff_number, full_name, work_email, band)
       VALUES ($1, $2, $3, $4, $5, '7') RETURNING id`,
      [trust, userId, staffNumber, name, email],
    );
    const [{ id: cohortId }] = await t.sql<{ id: string }>(
      `INSERT INTO cohort (trust_id, programme_id, name, start_date, due_date)
       VALUES ($1, $2, $3, '2026-02-02', '2026-05-29') RETURNING id`,
      [trust, programmeId, `Secret cohort name ${n}`],
    );
    const [{ id: enrolmentId }] = await t.sql<{ id: string }>(
      `INSERT INTO enrolment (cohort_id, person_id) VALUES ($1, $2) RETURNING id`,
      [cohortId, personId],
    );
    const rows = await t.sql<{ id: string; kind: string; timepoint: string | null }>(
      `SELECT id, kind, timepoint FROM programme_step WHERE programme_id = $1 ORDER BY position`,
      [programmeId],
    );
    const client = t.client();
    expect((await client.signIn(email, PASSWORD)).status).toBe(200);
    const l: Learner = {
      client,
      userId,
      personId,
      enrolmentId,
      cohortId,
      name,
      email,
      staffNumber,
      steps: {
        pre: rows.find((r) => r.timepoint === 'pre')!.id,
        post: rows.find((r) => r.timepoint === 'post')!.id,
      },
      moduleSteps: rows.filter((r) => r.kind === 'module').map((r) => r.id),
    };
    learners[label] = l;
    return l;
  }

  const base = (l: Learner, tp: 'pre' | 'post') =>
    `/api/me/enrolments/${l.enrolmentId}/steps/${l.steps[tp]}/assessment`;
  async function answer(l: Learner, tp: 'pre' | 'post', key: string, answers: Record<string, unknown>) {
    const saved = await l.client.request('PUT', `${base(l, tp)}/${key}/answers`, { body: { answers } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const sub = await l.client.post(`${base(l, tp)}/${key}/submission`);
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);
  }
  async function consent(l: Learner, decision: 'given' | 'declined', study = studyId, form = formId) {
    const res = await l.client.post('/api/me/consents', { studyId: study, consentFormId: form, decision });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  async function doPre(l: Learner, self: Record<string, unknown>) {
    await answer(l, 'pre', 'cq-self-assessment', self);
    await answer(l, 'pre', 'cq-sjt', bestAnswers('pre'));
  }
  async function doPost(l: Learner, self: Record<string, unknown>) {
    await t.sql(
      `INSERT INTO step_completion (enrolment_id, step_id, completed_at) SELECT $1, unnest($2::uuid[]), now()`,
      [l.enrolmentId, l.moduleSteps],
    );
    await answer(l, 'post', 'cq-self-assessment', self);
    await answer(l, 'post', 'cq-sjt', bestAnswers('post'));
  }
  const equality = async (l: Learner, body: Record<string, string>) =>
    expect((await l.client.request('PUT', '/api/me/equality', { body })).status).toBe(200);
  const scaled = (f: (id: string) => number) => Object.fromEntries(selfItems.map((id) => [id, f(id)]));

  async function download(client: TestClient, study: string, file: string) {
    return client.get(`/api/studies/${study}/exports/${file}`);
  }
  async function files(client: TestClient, study: string): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const f of FILES) {
      const res = await download(client, study, f);
      expect(res.status, `${f}: ${String(res.body).slice(0, 200)}`).toBe(200);
      out[f] = res.body;
    }
    return out;
  }
  const pidOf = async (l: Learner, study: string) => {
    const [{ key }] = await t.sql<{ key: string }>(`SELECT pseudonym_key AS key FROM study WHERE id = $1`, [
      study,
    ]);
    return pseudonym(key, l.personId);
  };

  beforeAll(async () => {
    t = await startTestApp();
    birch = await t.createTrust('Birch Valley NHS Trust', 'BIR01');
    alder = await t.createTrust('Alder Hey Test Trust', 'ALD01');
    studyId = await t.createStudy('Export study', [birch, alder]);
    await t.createUser({ email: 'admin@exports.example', grants: [{ role: 'platform_admin' }] });
    await t.createUser({ email: 'researcher@exports.example', grants: [{ role: 'researcher', studyId }] });
    await t.createUser({ email: 'lnd@exports.example', grants: [{ role: 'lnd_admin', trustId: alder }] });
    admin = t.client();
    await admin.signIn('admin@exports.example', PASSWORD);
    researcher = t.client();
    await researcher.signIn('researcher@exports.example', PASSWORD);
    lnd = t.client();
    await lnd.signIn('lnd@exports.example', PASSWORD);
    [{ id: programmeId }] = await t.sql<{ id: string }>(
      `SELECT id FROM programme WHERE slug = 'cq-inclusive-leadership'`,
    );
    const form = await admin.post(`/api/studies/${studyId}/consent-forms`, {
      title: 'Export study consent',
      information: 'What the study is about, what taking part means, and how to withdraw.',
      statements: ['I agree to take part.'],
    });
    formId = form.body.id;

    // Three participants, one who declined and one who withdrew.
    const one = await newLearner(alder, 'one');
    await consent(one, 'given');
    await equality(one, { ethnicity: 'N', gender: 'woman', band: '8a' });
    await doPre(
      one,
      scaled(() => 7),
    );
    await doPost(
      one,
      scaled((id) => (id.endsWith('-04') ? 2 : 6)),
    );
    await answer(one, 'post', 'reaction-survey', {
      'relevance-01': 5,
      'quality-01': 4,
      'application-01': 4,
      'comments-01': FORMULA,
      'comments-02': '-5 out of 10, and "mostly" fine, with a comma',
    });

    const two = await newLearner(birch, 'two');
    await consent(two, 'given');
    await equality(two, {});
    await doPre(
      two,
      scaled((id) => (id.startsWith('knowledge') ? 3 : 5)),
    );
    await doPost(
      two,
      scaled(() => 6),
    );

    const three = await newLearner(alder, 'three');
    await consent(three, 'given');
    await equality(three, { ethnicity: 'Z', gender: 'prefer_not_to_say', band: 'prefer_not_to_say' });
    await doPre(
      three,
      scaled(() => 4),
    );

    const declined = await newLearner(alder, 'declined');
    await consent(declined, 'declined');
    await doPre(
      declined,
      scaled(() => 1),
    );

    const withdrew = await newLearner(birch, 'withdrew');
    await consent(withdrew, 'given');
    await doPre(
      withdrew,
      scaled(() => 2),
    );
    expect((await withdrew.client.post(`/api/me/consents/${studyId}/withdrawal`)).status).toBe(201);

    // A second study over the same trusts, in which only "one" takes part.
    otherStudyId = await t.createStudy('Other export study', [alder, birch]);
    await t.createUser({
      email: 'other-researcher@exports.example',
      grants: [{ role: 'researcher', studyId: otherStudyId }],
    });
    otherResearcher = t.client();
    await otherResearcher.signIn('other-researcher@exports.example', PASSWORD);
    const otherForm = await admin.post(`/api/studies/${otherStudyId}/consent-forms`, {
      title: 'Other study consent',
      information: 'Information about the other study and how to withdraw from it.',
      statements: ['I agree to take part.'],
    });
    await consent(one, 'given', otherStudyId, otherForm.body.id);
  });
  afterAll(() => t?.close());

  it('sends each file as an attachment with its content type, to the study researcher and a platform admin', async () => {
    for (const f of [...FILES, 'export.zip']) {
      const res = await download(researcher, studyId, f);
      expect(res.status, f).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${f}"`);
      expect(res.headers.get('content-type')).toMatch(CONTENT_TYPES[f] ?? /^application\/zip$/);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    expect((await download(admin, studyId, 'wide.csv')).status).toBe(200);
  });

  it('refuses a researcher of another study, a learner and L&D', async () => {
    for (const f of [...FILES, 'export.zip']) {
      const res = await download(otherResearcher, studyId, f);
      expect(res.status, f).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect((await download(learners.one.client, studyId, 'wide.csv')).status).toBe(403);
    expect((await download(lnd, studyId, 'long.csv')).status).toBe(403);
    expect((await download(admin, '00000000-0000-4000-8000-000000000009', 'wide.csv')).status).toBe(404);
  });

  it('has the documented headers and one row per participant (wide) and per answered item slot (long)', async () => {
    const f = await files(researcher, studyId);
    expect(headerOf(f['long.csv'])).toEqual(LONG_HEADER);
    const long = csv(f['long.csv']);
    // one: pre self 20 + SJT 12, post self 20 + SJT 12 + reaction 10; two: 64; three: 32
    expect(long).toHaveLength(74 + 64 + 32);
    const wideHeader = headerOf(f['wide.csv']);
    expect(wideHeader.slice(0, 7)).toEqual([
      'pid',
      'trust',
      'cohort',
      'band',
      'ethnic_group',
      'ethnicity',
      'gender',
    ]);
    expect(wideHeader).toEqual(
      expect.arrayContaining([
        'cq_self_assessment_pre_drive',
        'cq_self_assessment_pre_overall',
        'cq_self_assessment_pre_version',
        'cq_self_assessment_pre_submitted_at',
        'cq_self_assessment_pre_drive_01',
        'cq_self_assessment_follow_up_action_05',
        'cq_sjt_post_knowledge',
        'reaction_survey_post_relevance',
        'reaction_survey_post_overall',
      ]),
    );
    // survey comments are unscored: no factor column; SJT and survey items have no raw-answer columns
    expect(wideHeader).not.toContain('reaction_survey_post_comments');
    expect(wideHeader.some((h) => h.startsWith('cq_sjt_pre_pre_'))).toBe(false);
    // 7 + self-assessment 3 × (4 factors + overall + version + submitted_at + 20 items) + SJT 2 × 7 + survey 6
    expect(wideHeader).toHaveLength(7 + 3 * 27 + 2 * 7 + 6);
    expect(new Set(wideHeader).size).toBe(wideHeader.length);
    const wide = csv(f['wide.csv']);
    expect(wide).toHaveLength(3);
    expect(f['wide.csv']).toMatch(/^pid,trust,[^\n]*\r\n/);
    expect(f['wide.csv'].replaceAll('\r\n', '')).not.toContain('\n');

    const codebook = csv(f['codebook.csv']);
    expect(Object.keys(codebook[0])).toEqual([
      'variable',
      'label',
      'type',
      'value_labels',
      'missing',
      'files',
    ]);
    const names = codebook.map((r) => r.variable);
    expect(new Set(names)).toEqual(new Set([...wideHeader, ...LONG_HEADER]));
    const entry = (v: string) => codebook.find((r) => r.variable === v)!;
    expect(entry('pid').files).toBe('long.csv; wide.csv');
    expect(entry('answer').files).toBe('long.csv');
    expect(entry('cq_self_assessment_pre_drive_01')).toMatchObject({
      type: 'numeric',
      value_labels: expect.stringMatching(/^1=Strongly disagree; 2=Disagree; .*; 7=Strongly agree$/),
    });
    expect(entry('cq_self_assessment_pre_submitted_at').type).toBe('date');
    expect(entry('ethnicity').value_labels).toContain('N=Black or Black British: African');
    expect(entry('ethnicity').missing).toMatch(/Z/);
    expect(entry('trust').value_labels).toBe('T1=Partner trust 1; T2=Partner trust 2');
  });

  it('codes people, trusts, cohorts and equality data without identifying anyone', async () => {
    const f = await files(researcher, studyId);
    const wide = csv(f['wide.csv']);
    const byPid = new Map(wide.map((r) => [r.pid, r]));
    const one = byPid.get(await pidOf(learners.one, studyId))!;
    const two = byPid.get(await pidOf(learners.two, studyId))!;
    const three = byPid.get(await pidOf(learners.three, studyId))!;
    // trusts in order of name: Alder → T1, Birch → T2
    expect([one.trust, two.trust, three.trust]).toEqual(['T1', 'T2', 'T1']);
    expect(one.cohort).toMatch(/^C\d+$/);
    expect(new Set([one.cohort, two.cohort, three.cohort]).size).toBe(3);
    expect(one).toMatchObject({ band: '8a', ethnic_group: 'black', ethnicity: 'N', gender: 'woman' });
    // no equality answers: blank; the staff record's band
    expect(two).toMatchObject({ band: '7', ethnic_group: '', ethnicity: '', gender: '' });
    // prefer not to say: Z, not_stated; the band falls back to the staff record
    expect(three).toMatchObject({
      band: '7',
      ethnic_group: 'not_stated',
      ethnicity: 'Z',
      gender: 'prefer_not_to_say',
    });
    for (const r of wide) expect(r.pid).toMatch(/^P[0-9a-f]{16}$/);
  });

  it('leaves out people who declined or withdrew, and never shows a name, e-mail, staff number or internal id', async () => {
    const f = await files(researcher, studyId);
    const zip = await unzip(
      Buffer.from(
        await (
          await fetch(`${t.url}/api/studies/${studyId}/exports/export.zip`, {
            headers: { cookie: researcher.cookieHeader() },
          })
        ).arrayBuffer(),
      ),
    );
    const everything = [...Object.values(f), ...Object.values(zip)].join('\n');
    const pids = new Set(csv(f['long.csv']).map((r) => r.pid));
    expect(pids.size).toBe(3);
    for (const label of ['declined', 'withdrew']) {
      expect(pids.has(await pidOf(learners[label], studyId))).toBe(false);
      expect(everything).not.toContain(await pidOf(learners[label], studyId));
    }
    const cohortNames = await t.sql<{ name: string }>(`SELECT name FROM cohort`);
    const secrets = [
      ...Object.values(learners).flatMap((l) => [
        l.name,
        l.email,
        l.staffNumber,
        l.personId,
        l.enrolmentId,
        l.userId,
        l.cohortId,
      ]),
      alder,
      birch,
      'Alder Hey Test Trust',
      'Birch Valley NHS Trust',
      'ALD01',
      'BIR01',
      ...cohortNames.map((c) => c.name),
    ];
    for (const s of secrets) expect(everything, `reveals ${s}`).not.toContain(s);
    const [{ key }] = await t.sql<{ key: string }>(`SELECT pseudonym_key AS key FROM study WHERE id = $1`, [
      studyId,
    ]);
    expect(everything).not.toContain(key);
    const study = await researcher.get(`/api/studies/${studyId}`);
    expect(JSON.stringify(study.body)).not.toContain(key);
  });

  it('gives a person the same pid in every export of a study and a different one in another study', async () => {
    const first = csv((await download(researcher, studyId, 'wide.csv')).body).map((r) => r.pid);
    const again = csv((await download(admin, studyId, 'wide.csv')).body).map((r) => r.pid);
    const long = new Set(csv((await download(researcher, studyId, 'long.csv')).body).map((r) => r.pid));
    expect(again).toEqual(first);
    expect([...long].sort()).toEqual([...first].sort());
    const pid = await pidOf(learners.one, studyId);
    expect(first).toContain(pid);

    const other = csv((await download(otherResearcher, otherStudyId, 'wide.csv')).body);
    expect(other).toHaveLength(1);
    expect(other[0].pid).toBe(await pidOf(learners.one, otherStudyId));
    expect(other[0].pid).not.toBe(pid);
    expect(first).not.toContain(other[0].pid);
  });

  it('neutralises formula-like free text and exports raw answers and item scores', async () => {
    const res = await download(researcher, studyId, 'long.csv');
    expect(res.body).toContain(`"'${FORMULA.replaceAll('"', '""')}"`);
    const long = csv(res.body);
    const pid = await pidOf(learners.one, studyId);
    const mine = long.filter((r) => r.pid === pid);
    const comment = (item: string) =>
      mine.find((r) => r.instrument === 'reaction-survey' && r.item === item)!;
    expect(comment('comments-01')).toMatchObject({
      answer: `'${FORMULA}`,
      item_score: '',
      factor: 'comments',
    });
    expect(comment('comments-02').answer).toBe(`'-5 out of 10, and "mostly" fine, with a comma`);
    expect(comment('comments-03')).toMatchObject({ answer: '', item_score: '' });
    expect(comment('relevance-01')).toMatchObject({ answer: '5', item_score: '5', form: '' });
    const self = (tp: string, item: string) =>
      mine.find((r) => r.instrument === 'cq-self-assessment' && r.timepoint === tp && r.item === item)!;
    // reverse-keyed: answered 2 on a 7-point scale scores 8 − 2 = 6
    expect(self('post', 'drive-04')).toMatchObject({
      answer: '2',
      item_score: '6',
      reverse_keyed: '1',
      instrument_version: '1',
      factor: 'drive',
    });
    expect(self('post', 'drive-01')).toMatchObject({ answer: '6', item_score: '6', reverse_keyed: '0' });
    const sjtRow = mine.find((r) => r.instrument === 'cq-sjt' && r.timepoint === 'pre')!;
    expect(sjtRow).toMatchObject({ form: 'pre', item_score: '1' });
    expect(sjtRow.item).toMatch(/^pre-\d\d$/);
    expect(sjtRow.submitted_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('gives the stored scores in the wide file', async () => {
    const wide = csv((await download(researcher, studyId, 'wide.csv')).body);
    for (const label of ['one', 'two', 'three']) {
      const l = learners[label];
      const pid = await pidOf(l, studyId);
      const mine = wide.find((r) => r.pid === pid)!;
      const stored = await t.sql<{
        instrument_key: string;
        timepoint: string;
        scores: { factors: Record<string, number | null>; overall: number | null };
        submitted_at: Date;
      }>(
        `SELECT instrument_key, timepoint, scores, submitted_at FROM assessment_response
          WHERE enrolment_id = $1 AND submitted_at IS NOT NULL AND superseded_at IS NULL`,
        [l.enrolmentId],
      );
      expect(stored.length).toBeGreaterThan(0);
      for (const s of stored) {
        const prefix = `${s.instrument_key.replaceAll('-', '_')}_${s.timepoint}`;
        for (const [factor, value] of Object.entries(s.scores.factors)) {
          if (`${prefix}_${factor}` in mine)
            expect(mine[`${prefix}_${factor}`], `${label} ${prefix}_${factor}`).toBe(
              value === null ? '' : String(value),
            );
        }
        expect(mine[`${prefix}_overall`]).toBe(s.scores.overall === null ? '' : String(s.scores.overall));
        expect(mine[`${prefix}_version`]).toBe('1');
        expect(mine[`${prefix}_submitted_at`]).toBe(new Date(s.submitted_at).toISOString());
      }
    }
    const pid = await pidOf(learners.one, studyId);
    const mine = wide.find((r) => r.pid === pid)!;
    // all 7s: (7·4 + (8 − 7)) / 5 = 5.8 for every capability
    expect(Number(mine.cq_self_assessment_pre_drive)).toBeCloseTo(5.8, 12);
    expect(mine.cq_self_assessment_pre_drive_04).toBe('7');
    expect(mine.cq_self_assessment_follow_up_drive).toBe('');
    expect(mine.cq_sjt_post_overall).toBe('1');
  });

  it('names every column so that SPSS and R accept it', async () => {
    const f = await files(researcher, studyId);
    for (const name of [...headerOf(f['long.csv']), ...headerOf(f['wide.csv'])]) {
      expect(isValidVariableName(name), name).toBe(true);
      expect(name).toMatch(/^[a-z][a-z0-9_]{0,63}$/);
    }
    expect(f['read.sps']).toMatch(/^\* Encoding: UTF-8\./);
    expect(f['read.sps']).toContain("/FILE='wide.csv'");
    expect(f['read.sps']).toContain('/FIRSTCASE=2');
    expect(f['read.sps']).toContain('/DELIMITERS=","');
    expect(f['read.sps']).toContain(`/QUALIFIER='"'`);
    expect(f['read.sps']).toMatch(/VARIABLE LABELS/);
    expect(f['read.sps']).toMatch(/VALUE LABELS/);
    expect(f['read.sps']).toContain("MISSING VALUES ethnicity ('Z').");
    expect(f['read.R']).toContain('read.csv(file, stringsAsFactors = FALSE, na.strings = ""');
    expect(f['read.R']).toMatch(/cat\("rows:", nrow\(wide\), "\\n"\)\n$/);
  });

  it('records every download in the audit log', async () => {
    const before = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'study.export' AND entity_id = $1`,
      [studyId],
    );
    await download(researcher, studyId, 'long.csv');
    await download(researcher, studyId, 'read.R');
    await download(otherResearcher, studyId, 'wide.csv'); // refused: not recorded
    const events = await t.sql<{ entity_type: string; detail: { file: string; rows: number } }>(
      `SELECT entity_type, detail FROM audit_event WHERE action = 'study.export' AND entity_id = $1
        ORDER BY id DESC LIMIT 2`,
      [studyId],
    );
    const after = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'study.export' AND entity_id = $1`,
      [studyId],
    );
    expect(after[0].n - before[0].n).toBe(2);
    expect(events.map((e) => e.entity_type)).toEqual(['study', 'study']);
    expect(events.map((e) => e.detail)).toEqual([
      { file: 'read.R', rows: 3 },
      { file: 'long.csv', rows: 170 },
    ]);
  });

  describe('with the files on disk', () => {
    let dir: string;
    let zip: Record<string, string>;
    let pidOne: string;
    beforeAll(async () => {
      pidOne = await pidOf(learners.one, studyId);
      const res = await fetch(`${t.url}/api/studies/${studyId}/exports/export.zip`, {
        headers: { cookie: researcher.cookieHeader() },
      });
      expect(res.status).toBe(200);
      zip = await unzip(Buffer.from(await res.arrayBuffer()));
      dir = mkdtempSync(path.join(tmpdir(), 'cqp-export-'));
      for (const [name, content] of Object.entries(zip)) writeFileSync(path.join(dir, name), content);
    });
    afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

    it('bundles the five files in export.zip', () => {
      expect(Object.keys(zip).sort()).toEqual([...FILES].sort());
      expect(csv(zip['wide.csv'])).toHaveLength(3);
    });

    it.skipIf(!hasRscript)('reads them with the R script, unmodified, from their folder', () => {
      const out = execFileSync('Rscript', ['read.R'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
      expect(out).toContain('rows: 3');
      expect(out).toContain('answers in long.csv: 170');
      expect(out).toMatch(/\$ ethnicity\s+: Factor w\/ 17 levels/);
      expect(out).toMatch(/\$ cq_self_assessment_pre_submitted_at\s*: POSIXct/);
      // every column name survives make.names unchanged
      const names = execFileSync(
        'Rscript',
        [
          '-e',
          'h <- names(read.csv("wide.csv", nrows = 1, check.names = FALSE)); l <- names(read.csv("long.csv", nrows = 1, check.names = FALSE)); cat(all(make.names(c(h, l)) == c(h, l)))',
        ],
        { cwd: dir, encoding: 'utf8' },
      );
      expect(names).toBe('TRUE');
    });

    it.skipIf(!hasPspp)('reads wide.csv with the SPSS syntax (checked with GNU PSPP)', () => {
      writeFileSync(
        path.join(dir, 'check.sps'),
        `${zip['read.sps']}\r\nDISPLAY DICTIONARY.\r\nLIST /VARIABLES=pid cq_self_assessment_pre_drive cq_self_assessment_pre_submitted_at.\r\n`,
      );
      const out = execFileSync('pspp', ['-O', 'format=csv', 'check.sps'], {
        cwd: dir,
        encoding: 'utf8',
        stdio: 'pipe',
      });
      expect(out).not.toMatch(/error|warning/i);
      expect(out).toContain(',N,Black or Black British: African');
      expect(out).toContain(',Z[a],Not stated (prefer not to say)');
      const list = out.slice(out.indexOf('Table: Data List'));
      const rows = list.split('\n').filter((l) => /^P[0-9a-f]{16},/.test(l));
      expect(rows).toHaveLength(3);
      const one = rows.find((l) => l.startsWith(pidOne))!;
      expect(one).toMatch(/^P[0-9a-f]{16},5\.8000,\d\d-[A-Z]{3}-\d{4} \d\d:\d\d:\d\d$/);
    });

    it.skipIf(!hasRscript)('reads an export with no participants yet', async () => {
      const empty = await t.createStudy('Empty export study', [alder]);
      const emptyDir = mkdtempSync(path.join(tmpdir(), 'cqp-export-empty-'));
      try {
        for (const f of FILES) {
          const res = await download(admin, empty, f);
          expect(res.status).toBe(200);
          writeFileSync(path.join(emptyDir, f), res.body);
        }
        expect(csv(readFileSync(path.join(emptyDir, 'wide.csv'), 'utf8'))).toHaveLength(0);
        const out = execFileSync('Rscript', ['read.R'], { cwd: emptyDir, encoding: 'utf8', stdio: 'pipe' });
        expect(out).toContain('rows: 0');
      } finally {
        rmSync(emptyDir, { recursive: true, force: true });
      }
    });
  });
});
