import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCommit } from '../src/modules/runtime/cmi/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { PlayerClient, setUpModule, zippedFixture, type ModuleSetup } from './support/runtime.js';

/** Element names a real SCO uses, some LMS-owned, plus near misses. */
const ELEMENTS = [
  'cmi.core.lesson_location',
  'cmi.core.lesson_status',
  'cmi.core.exit',
  'cmi.core.session_time',
  'cmi.core.score.raw',
  'cmi.core.score.min',
  'cmi.core.score.max',
  'cmi.core.student_id',
  'cmi.core.total_time',
  'cmi.suspend_data',
  'cmi.comments',
  'cmi.student_preference.audio',
  'cmi.student_preference.speed',
  'cmi.interactions.0.id',
  'cmi.interactions.0.type',
  'cmi.interactions.0.student_response',
  'cmi.interactions.0.result',
  'cmi.interactions.0.latency',
  'cmi.interactions.1.id',
  'cmi.interactions.1.weighting',
  'cmi.interactions.01.id',
  'cmi.interactions.99999.id',
  'cmi.objectives.0.id',
  'cmi.objectives.0.score.raw',
  'cmi.objectives.0.status',
  'cmi.core._children',
  'cmi.location',
  'cmi.completion_status',
  '__proto__',
  'constructor',
  'cmi',
  '',
];

const VALUES = fc.oneof(
  fc.constantFrom(
    '',
    'passed',
    'completed',
    'failed',
    'incomplete',
    'browsed',
    'not attempted',
    'suspend',
    'logout',
    'time-out',
    'choice',
    'correct',
    'wrong',
    '00:00:10',
    '0000:01:02.5',
    'PT1M',
    '50',
    '100',
    '-1',
    '101',
    '1e3',
    'NaN',
    'q1',
    'has space',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant({}),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.string({ minLength: 64_001, maxLength: 64_010 }),
);

const CMI = fc.dictionary(fc.oneof(fc.constantFrom(...ELEMENTS), fc.string({ maxLength: 30 })), VALUES, {
  maxKeys: 12,
});

/** A body the player could send, or anything at all. */
const BODY = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ seq: fc.integer({ min: -2, max: 5 }), terminate: fc.boolean(), cmi: CMI }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ seq: fc.oneof(fc.string(), fc.double(), fc.constant(null)), cmi: fc.anything() }),
  },
  { weight: 1, arbitrary: fc.anything() },
);

describe('run-time commits under random and garbage input (fast-check)', () => {
  let t: TestApp;
  let m: ModuleSetup;

  beforeAll(async () => {
    t = await startTestApp();
    m = await setUpModule(t, await zippedFixture('scorm12/RuntimeBasicCalls_SCORM12'));
  });
  afterAll(() => t?.close());

  it('answers every commit with 200 or a 4xx, and the stored state always re-validates', async () => {
    await m.admin.request('PUT', `/api/packages/${m.packageId}/policy`, {
      body: { attemptPolicy: 'never', grading: 'highest' },
    });
    let player = new PlayerClient(
      t.running.contentUrl,
      (await m.learner.post(`${m.base}/launches`, {})).body.playerUrl,
    );
    let seq = 0;
    const statuses = new Map<number, number>();

    await fc.assert(
      fc.asyncProperty(BODY, fc.boolean(), fc.boolean(), async (body, asText, bumpSeq) => {
        // Half the time the sequence number is made the next one, so commits get through to validation.
        if (bumpSeq && typeof body === 'object' && body !== null && 'cmi' in body)
          (body as unknown as { seq: unknown }).seq = seq + 1;
        const raw = body === undefined ? '' : JSON.stringify(body);
        const res = await player.commit(null, {
          raw: raw ?? '',
          contentType: asText ? 'text/plain;charset=UTF-8' : 'application/json',
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status === 200 || (res.status >= 400 && res.status < 500), JSON.stringify(res.body)).toBe(
          true,
        );
        if (res.status === 200 && res.body.result === true) seq = Math.max(seq, res.body.seq);
        if (res.body?.errorCode === 391) {
          player = new PlayerClient(
            t.running.contentUrl,
            (await m.learner.post(`${m.base}/launches`, {})).body.playerUrl,
          );
          seq = 0;
        }
      }),
      { numRuns: 2000 },
    );

    // Every kind of answer happened: the test explored accepted, refused and invalid commits.
    expect(statuses.get(200)).toBeGreaterThan(50);
    expect(statuses.get(422)).toBeGreaterThan(50);
    expect(statuses.get(400)).toBeGreaterThan(50);

    const rows = await t.sql<{ cmi: Record<string, string>; completion: string; success: string }>(
      `SELECT cmi, completion, success FROM scorm_sco_state`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const again = validateCommit('1.2', row.cmi);
      expect(again.ok, JSON.stringify(again)).toBe(true);
      if (again.ok) expect(again.state).toEqual(row.cmi);
    }
    const seqs = await t.sql<{ commit_seq: string }>(`SELECT commit_seq FROM scorm_launch`);
    expect(seqs.every((s) => Number(s.commit_seq) >= 0)).toBe(true);
  }, 180_000);
});
