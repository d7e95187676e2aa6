import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseScoreBackfill } from '../src/modules/assessments/response-scores.js';
import { PilotDataGenerator, type PilotResult } from '../src/modules/demo/pilot-data.js';
import { EvaluationService } from '../src/modules/evaluation/evaluation.service.js';
import { cronbachAlpha } from '../src/modules/evaluation/stats/index.js';
import { DataSource } from 'typeorm';
import { PASSWORD, startTestApp, TestApp, usingPostgres } from './support/app.js';
import { TestClient } from './support/client.js';

/**
 * The study evaluation over synthetic pilot data (3 trusts, 300 managers). Expected values are computed
 * here straight from the stored scores in SQL (avg, stddev_samp), independently of the statistics engine,
 * whose distributions and tests are checked against R in src/modules/evaluation/stats.
 */
describe('study evaluation', () => {
  let t: TestApp;
  let pilot: PilotResult;
  let researcher: TestClient;

  const PAIRS = `
    SELECT (pr.scores->'factors'->>$2)::float AS pre, (po.scores->'factors'->>$2)::float AS post
      FROM assessment_response pr
      JOIN assessment_response po ON po.enrolment_id = pr.enrolment_id AND po.instrument_key = pr.instrument_key
       AND po.timepoint = 'post' AND po.superseded_at IS NULL AND po.submitted_at IS NOT NULL
      JOIN enrolment e ON e.id = pr.enrolment_id
      JOIN cohort c ON c.id = e.cohort_id
      JOIN study_trust st ON st.trust_id = c.trust_id AND st.study_id = $1
     WHERE pr.timepoint = 'pre' AND pr.instrument_key = 'cq-self-assessment' AND pr.superseded_at IS NULL
       AND ($3::uuid IS NULL OR c.trust_id = $3)
       AND (SELECT k.decision = 'given' AND k.withdrawn_at IS NULL FROM consent k
             WHERE k.study_id = $1 AND k.person_id = e.person_id ORDER BY k.decided_at DESC LIMIT 1)
       AND (pr.scores->'factors'->>$2) IS NOT NULL AND (po.scores->'factors'->>$2) IS NOT NULL`;

  async function expected(factor: string, trustId: string | null = null) {
    const [r] = await t.sql<{ n: number; mean: number; sd: number }>(
      `SELECT count(*)::int AS n, avg(post - pre) AS mean, stddev_samp(post - pre) AS sd FROM (${PAIRS}) x`,
      [pilot.studyId, factor, trustId],
    );
    return r;
  }

  beforeAll(async () => {
    t = await startTestApp();
    pilot = await t.running.app.get(PilotDataGenerator).generate({ trusts: 3, participants: 300, seed: 11 });
    await t.createUser({
      email: 'researcher@eval.example',
      grants: [{ role: 'researcher', studyId: pilot.studyId }],
    });
    researcher = t.client();
    await researcher.signIn('researcher@eval.example', PASSWORD);
  });
  afterAll(() => t?.close());

  it('compares each capability pre → post with the same n and mean change as the stored scores', async () => {
    const res = await researcher.get(`/api/studies/${pilot.studyId}/evaluation`);
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.capabilities.map((c: { measure: string }) => c.measure)).toEqual([
      'drive',
      'knowledge',
      'strategy',
      'action',
      'overall',
    ]);
    for (const factor of ['drive', 'knowledge', 'strategy', 'action']) {
      const c = body.capabilities.find((x: { measure: string }) => x.measure === factor);
      const e = await expected(factor);
      expect(c.n).toBe(e.n);
      expect(c.meanDiff).toBeCloseTo(e.mean, 10);
      expect(c.sdDiff).toBeCloseTo(e.sd, 10);
      expect(c.t).toBeCloseTo(e.mean / (e.sd / Math.sqrt(e.n)), 8);
      expect(c.df).toBe(e.n - 1);
      expect(c.dz.estimate).toBeCloseTo(e.mean / e.sd, 10);
      expect(c.dz.ciLow).toBeLessThan(c.dz.estimate);
      expect(c.dz.ciHigh).toBeGreaterThan(c.dz.estimate);
      // the synthetic programme works: every capability improves, clearly
      expect(c.meanDiff).toBeGreaterThan(0);
      expect(c.p).toBeLessThan(0.05);
      expect(c.pHolm).toBeGreaterThanOrEqual(c.p);
      expect(c.pBh).toBeGreaterThanOrEqual(c.p);
      expect(c.pHolm).toBeLessThanOrEqual(Math.min(1, 4 * c.p));
      expect(['exact', 'normal-cc']).toContain(c.wilcoxon.method);
    }
    expect(body.knowledge[0].meanDiff).toBeGreaterThan(0);
    expect(body.flow.map((s: { stage: string }) => s.stage)).toEqual([
      'enrolled',
      'decided',
      'consented',
      'pre',
      'modules',
      'post',
      'follow_up',
    ]);
    const flow = Object.fromEntries(
      body.flow.map((s: { stage: string; count: number }) => [s.stage, s.count]),
    );
    expect(flow.enrolled).toBe(300);
    expect(flow.consented).toBeLessThan(flow.decided);
    expect(flow.post).toBeLessThan(flow.pre);
    expect(body.flow.find((s: { stage: string }) => s.stage === 'post').attrition).toBeCloseTo(
      1 - flow.post / flow.modules,
      12,
    );
    const rel = body.reliability.find(
      (r: { instrumentKey: string; factor: string; timepoint: string }) =>
        r.instrumentKey === 'cq-self-assessment' && r.factor === 'drive' && r.timepoint === 'pre',
    );
    expect(rel.k).toBe(5);
    // the database's variance sums give the same alpha and Feldt CI as the engine's own (R-checked) matrix form
    const answers = await t.sql<{ answers: Record<string, number | null> }>(
      `SELECT DISTINCT ON (e.person_id) r.answers FROM assessment_response r JOIN enrolment e ON e.id = r.enrolment_id
         JOIN cohort c ON c.id = e.cohort_id JOIN study_trust st ON st.trust_id = c.trust_id AND st.study_id = $1
        WHERE r.timepoint = 'pre' AND r.instrument_key = 'cq-self-assessment' AND r.submitted_at IS NOT NULL
          AND (SELECT k.decision = 'given' AND k.withdrawn_at IS NULL FROM consent k
                WHERE k.study_id = $1 AND k.person_id = e.person_id ORDER BY k.decided_at DESC LIMIT 1)
        ORDER BY e.person_id, r.submitted_at DESC`,
      [pilot.studyId],
    );
    const drive = ['drive-01', 'drive-02', 'drive-03', 'drive-04', 'drive-05'];
    const matrix = answers.map(({ answers: a }) =>
      drive.map((id) =>
        typeof a[id] === 'number' ? (id === 'drive-04' ? 8 - (a[id] as number) : (a[id] as number)) : null,
      ),
    );
    const engine = cronbachAlpha(matrix);
    expect(rel.n).toBe(engine.n);
    expect(rel.alpha).toBeCloseTo(engine.alpha, 9);
    expect(rel.ciLow).toBeCloseTo(engine.ciLow, 9);
    expect(rel.ciHigh).toBeCloseTo(engine.ciHigh, 9);
    expect(rel.alpha).toBeGreaterThan(0.5);
    expect(body.reaction.factors.length).toBeGreaterThan(0);
    expect(body.modules).toHaveLength(6);
    expect(body.instruments.find((i: { key: string }) => i.key === 'cq-self-assessment').label).toMatch(
      /not the validated Cultural Intelligence Scale/,
    );
  });

  it('filters to one trust and to an ethnic group, and withholds what is too small to show', async () => {
    const [trust] = await t.sql<{ id: string }>(
      `SELECT t.id FROM trust t JOIN study_trust st ON st.trust_id = t.id WHERE st.study_id = $1 ORDER BY t.name LIMIT 1`,
      [pilot.studyId],
    );
    const one = (await researcher.get(`/api/studies/${pilot.studyId}/evaluation?trustId=${trust.id}`)).body;
    const drive = one.capabilities.find((c: { measure: string }) => c.measure === 'drive');
    const e = await expected('drive', trust.id);
    expect(drive.n).toBe(e.n);
    expect(drive.meanDiff).toBeCloseTo(e.mean, 10);

    const [{ bme }] = await t.sql<{ bme: number }>(
      `SELECT count(DISTINCT p.id)::int AS bme FROM person p
         JOIN study_trust st ON st.trust_id = p.trust_id AND st.study_id = $1
         JOIN equality_monitoring q ON q.person_id = p.id
        WHERE q.ethnicity IN ('D','E','F','G','H','J','K','L','M','N','P','R','S')
          AND (SELECT k.decision = 'given' AND k.withdrawn_at IS NULL FROM consent k
                WHERE k.study_id = $1 AND k.person_id = p.id ORDER BY k.decided_at DESC LIMIT 1)`,
      [pilot.studyId],
    );
    const byGroup = (await researcher.get(`/api/studies/${pilot.studyId}/evaluation?ethnicGroup=bme`)).body;
    expect(byGroup.participants.count).toBe(bme >= 10 ? bme : null);
    expect(byGroup.flow[0]).toMatchObject({
      stage: 'enrolled',
      count: null,
      display: 'not by equality group',
    });

    // Band 8c is rare in the synthetic data: the comparison is withheld, n included.
    const rare = (
      await researcher.get(`/api/studies/${pilot.studyId}/evaluation?band=8c&trustId=${trust.id}`)
    ).body;
    const c = rare.capabilities[0];
    expect(c.withheld).toBe('Fewer than 10 people have both scores.');
    expect(c.t).toBeNull();
    expect(c.n === null || c.n === 0).toBe(true);
    const consented = rare.flow.find((s: { stage: string }) => s.stage === 'consented');
    expect(consented.count === null ? consented.display : 'shown').toMatch(/^<10$|^shown$/);
  });

  it('reflects a correction and a withdrawal at once, and rebuilds identical analysis rows from the answers', async () => {
    const url = `/api/studies/${pilot.studyId}/evaluation`;
    type Body = {
      capabilities: { measure: string; n: number; meanDiff: number }[];
      flow: { stage: string; count: number }[];
    };
    const drive = (body: Body) => body.capabilities.find((c) => c.measure === 'drive')!;
    const flowCount = (body: Body, stage: string) => body.flow.find((s) => s.stage === stage)!.count;
    const before = (await researcher.get(url)).body;

    // A platform admin corrects one participant's post-assessment: every drive item answered 7 (drive-04,
    // reverse-keyed, 1), so drive scores 7. The evaluation follows the corrected record, not the original.
    const [target] = await t.sql<{ id: string; answers: Record<string, number> }>(
      `SELECT r.id, r.answers FROM assessment_response r JOIN enrolment e ON e.id = r.enrolment_id
        WHERE r.instrument_key = 'cq-self-assessment' AND r.timepoint = 'post' AND r.submitted_at IS NOT NULL
          AND (SELECT k.decision = 'given' AND k.withdrawn_at IS NULL FROM consent k
                WHERE k.study_id = $1 AND k.person_id = e.person_id ORDER BY k.decided_at DESC LIMIT 1)
          AND (r.scores->'factors'->>'drive')::float < 6
        ORDER BY r.id LIMIT 1`,
      [pilot.studyId],
    );
    await t.createUser({ email: 'admin@eval.example', grants: [{ role: 'platform_admin' }] });
    const admin = t.client();
    await admin.signIn('admin@eval.example', PASSWORD);
    const corrected = {
      ...target.answers,
      'drive-01': 7,
      'drive-02': 7,
      'drive-03': 7,
      'drive-04': 1,
      'drive-05': 7,
    };
    const res = await admin.post(`/api/admin/responses/${target.id}/corrections`, {
      answers: corrected,
      reason: 'Transcribed from the wrong paper form',
    });
    expect(res.status).toBe(201);
    const afterCorrection = (await researcher.get(url)).body;
    const e = await expected('drive');
    expect(drive(afterCorrection).n).toBe(drive(before).n);
    expect(drive(afterCorrection).meanDiff).toBeCloseTo(e.mean, 10);
    expect(drive(afterCorrection).meanDiff).toBeGreaterThan(drive(before).meanDiff);
    const rows = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM response_score WHERE response_id = $1`,
      [target.id],
    );
    expect(rows[0].n).toBe(0); // the superseded record left the analysis table

    // A participant withdraws: they leave every count straight away.
    const [decision] = await t.sql<{ id: string }>(
      `SELECT k.id FROM consent k WHERE k.study_id = $1 AND k.decision = 'given' AND k.withdrawn_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM consent k2 WHERE k2.study_id = k.study_id AND k2.person_id = k.person_id
                           AND k2.decided_at > k.decided_at)
        ORDER BY k.id LIMIT 1`,
      [pilot.studyId],
    );
    await t.sql(`UPDATE consent SET withdrawn_at = now() WHERE id = $1`, [decision.id]);
    const afterWithdrawal = (await researcher.get(url)).body;
    expect(flowCount(afterWithdrawal, 'consented')).toBe(flowCount(afterCorrection, 'consented') - 1);

    // The analysis rows rebuilt from the stored answers give exactly the same evaluation.
    await t.sql(`DELETE FROM response_score`);
    expect(await t.running.app.get(ResponseScoreBackfill).run(50)).toBeGreaterThan(500);
    const rebuilt = (await researcher.get(url)).body;
    expect(rebuilt.computedAt > afterWithdrawal.computedAt).toBe(true); // recomputed, not the kept copy
    expect({ ...rebuilt, computedAt: null }).toEqual({ ...afterWithdrawal, computedAt: null });
  });

  it('reuses a computed evaluation until something it reads changes', async () => {
    const url = `/api/studies/${pilot.studyId}/evaluation`;
    const first = (await researcher.get(url)).body;
    const again = (await researcher.get(url)).body;
    expect(again.computedAt).toBe(first.computedAt);
    expect(again).toEqual(first);
    // Another filter is its own entry.
    const trust = first.trusts[0].id;
    const one = (await researcher.get(`${url}?trustId=${trust}`)).body;
    expect(one.filters).toEqual({ trustId: trust });

    // A change the evaluation does not read (a person's name) keeps it; a module completion does not.
    await t.sql(
      `UPDATE person SET full_name = 'Renamed Synthetic Person' WHERE id = (SELECT id FROM person ORDER BY id LIMIT 1)`,
    );
    expect((await researcher.get(url)).body.computedAt).toBe(first.computedAt);
    const [step] = await t.sql<{ enrolment_id: string; step_id: string }>(
      `SELECT sc.enrolment_id, sc.step_id FROM step_completion sc JOIN programme_step ps ON ps.id = sc.step_id
         JOIN enrolment e ON e.id = sc.enrolment_id
        WHERE ps.kind = 'module' AND sc.completed_at IS NOT NULL
          AND (SELECT k.decision = 'given' AND k.withdrawn_at IS NULL FROM consent k
                WHERE k.study_id = $1 AND k.person_id = e.person_id ORDER BY k.decided_at DESC LIMIT 1)
        ORDER BY sc.enrolment_id, ps.position LIMIT 1`,
      [pilot.studyId],
    );
    await t.sql(`UPDATE step_completion SET completed_at = NULL WHERE enrolment_id = $1 AND step_id = $2`, [
      step.enrolment_id,
      step.step_id,
    ]);
    const changed = (await researcher.get(url)).body;
    expect(changed.computedAt > first.computedAt).toBe(true);
    expect(changed.modules[0].completed.count).toBe(first.modules[0].completed.count - 1);
  });

  it('recomputes viewed evaluations in the background once they are stale, and drops unviewed ones', async () => {
    const url = `/api/studies/${pilot.studyId}/evaluation`;
    const service = t.running.app.get(EvaluationService);
    await t.sql(`DELETE FROM evaluation_cache`); // the views of the earlier tests
    const first = (await researcher.get(url)).body;
    expect(await service.refreshStale()).toBe(0); // nothing has changed
    await t.sql(
      `UPDATE consent SET withdrawn_at = now()
        WHERE id = (SELECT k.id FROM consent k WHERE k.study_id = $1 AND k.decision = 'given' AND k.withdrawn_at IS NULL
                      AND NOT EXISTS (SELECT 1 FROM consent k2 WHERE k2.study_id = k.study_id
                                       AND k2.person_id = k.person_id AND k2.decided_at > k.decided_at)
                    ORDER BY k.id LIMIT 1)`,
      [pilot.studyId],
    );
    expect(await service.refreshStale()).toBeGreaterThanOrEqual(1);
    const [kept] = await t.sql<{ computedAt: string }>(
      `SELECT body->>'computedAt' AS "computedAt" FROM evaluation_cache
        WHERE study_id = $1 AND body->'filters' = '{}'::jsonb`,
      [pilot.studyId],
    );
    const next = (await researcher.get(url)).body;
    expect(next.computedAt).toBe(kept.computedAt); // served from the recomputed entry
    expect(next.computedAt > first.computedAt).toBe(true);
    const consented = (b: { flow: { stage: string; count: number }[] }) =>
      b.flow.find((s) => s.stage === 'consented')!.count;
    expect(consented(next)).toBe(consented(first) - 1);

    // Nobody has looked for two days: the entry goes instead of being recomputed.
    await t.sql(
      `UPDATE evaluation_cache SET viewed_at = now() - interval '2 days', computed_at = now() - interval '2 days'`,
    );
    expect(await service.refreshStale()).toBe(0);
    expect(await t.sql(`SELECT 1 FROM evaluation_cache`)).toEqual([]);
  });

  it.runIf(usingPostgres)(
    'does not keep an evaluation computed while a change was being committed',
    async () => {
      const url = `/api/studies/${pilot.studyId}/evaluation`;
      const before = (await researcher.get(url)).body;
      const consented = (b: { flow: { stage: string; count: number }[] }) =>
        b.flow.find((s) => s.stage === 'consented')!.count;
      // A withdrawal is written but not yet committed while the evaluation is computed and kept.
      const tx = t.running.app.get(DataSource).createQueryRunner();
      await tx.connect();
      await tx.startTransaction();
      await tx.query(
        `UPDATE consent SET withdrawn_at = now()
          WHERE id = (SELECT k.id FROM consent k WHERE k.study_id = $1 AND k.decision = 'given' AND k.withdrawn_at IS NULL
                        AND NOT EXISTS (SELECT 1 FROM consent k2 WHERE k2.study_id = k.study_id
                                         AND k2.person_id = k.person_id AND k2.decided_at > k.decided_at)
                      ORDER BY k.id DESC LIMIT 1)`,
        [pilot.studyId],
      );
      await t.sql(`DELETE FROM evaluation_cache`);
      const during = (await researcher.get(url)).body;
      expect(consented(during)).toBe(consented(before));
      await tx.commitTransaction();
      await tx.release();
      const after = (await researcher.get(url)).body;
      expect(consented(after)).toBe(consented(before) - 1);
    },
  );

  it('refuses bad filters with a message, and other studies’ researchers', async () => {
    const bad = await researcher.get(`/api/studies/${pilot.studyId}/evaluation?ethnicGroup=purple`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('Choose an ethnic group from the list');
    const other = await t.createStudy('Another study', []);
    await t.createUser({ email: 'other@eval.example', grants: [{ role: 'researcher', studyId: other }] });
    const outsider = t.client();
    await outsider.signIn('other@eval.example', PASSWORD);
    expect((await outsider.get(`/api/studies/${pilot.studyId}/evaluation`)).status).toBe(403);
  });
});
