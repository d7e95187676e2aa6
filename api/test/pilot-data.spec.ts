import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PilotDataGenerator } from '../src/modules/demo/pilot-data.js';
import { PASSWORD, startTestApp, TestApp } from './support/app.js';

describe('synthetic pilot data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('creates a labelled synthetic study with plausible effects and attrition, the same for the same seed', async () => {
    const pilot = t.running.app.get(PilotDataGenerator);
    const a = await pilot.generate({ trusts: 3, participants: 120, seed: 7 });
    const b = await pilot.generate({ trusts: 3, participants: 120, seed: 7 });
    expect(a.studyName).toMatch(/synthetic pilot data \(3 trusts, 120 participants\)/);
    expect({ ...a, studyId: '', studyName: '' }).toEqual({ ...b, studyId: '', studyName: '' });
    // attrition: fewer at each later timepoint, and most people take part
    expect(a.pre).toBeGreaterThan(a.post);
    expect(a.post).toBeGreaterThan(a.followUp);
    expect(a.followUp).toBeGreaterThan(0);
    expect(a.consented / a.participants).toBeGreaterThan(0.7);

    const trusts = await t.sql<{ name: string }>(
      `SELECT t.name FROM trust t JOIN study_trust st ON st.trust_id = t.id WHERE st.study_id = $1`,
      [a.studyId],
    );
    expect(trusts).toHaveLength(3);
    expect(trusts.every((x) => x.name.includes('synthetic'))).toBe(true);
    const people = await t.sql<{ full_name: string }>(
      `SELECT p.full_name FROM person p JOIN study_trust st ON st.trust_id = p.trust_id WHERE st.study_id = $1`,
      [a.studyId],
    );
    expect(people).toHaveLength(120);
    expect(people.every((p) => p.full_name.endsWith('(synthetic)'))).toBe(true);

    // a positive pre → post change on every capability of the self-assessment
    const change = await t.sql<{ factor: string; mean: number; n: number }>(
      `SELECT f.key AS factor, avg((po.scores->'factors'->>f.key)::float - (pr.scores->'factors'->>f.key)::float) AS mean,
              count(*)::int AS n
         FROM assessment_response pr
         JOIN assessment_response po ON po.enrolment_id = pr.enrolment_id AND po.instrument_key = pr.instrument_key
          AND po.timepoint = 'post'
         JOIN enrolment e ON e.id = pr.enrolment_id
         JOIN person p ON p.id = e.person_id
         JOIN study_trust st ON st.trust_id = p.trust_id AND st.study_id = $1
         CROSS JOIN (VALUES ('drive'), ('knowledge'), ('strategy'), ('action')) f(key)
        WHERE pr.timepoint = 'pre' AND pr.instrument_key = 'cq-self-assessment'
        GROUP BY f.key`,
      [a.studyId],
    );
    expect(change).toHaveLength(4);
    for (const c of change) {
      expect(c.n).toBe(a.post);
      expect(c.mean).toBeGreaterThan(0.1);
      expect(c.mean).toBeLessThan(0.8);
    }

    // every response is submitted, scored and within the instrument's range
    const [{ bad }] = await t.sql<{ bad: number }>(
      `SELECT count(*)::int AS bad FROM assessment_response r JOIN enrolment e ON e.id = r.enrolment_id
         JOIN person p ON p.id = e.person_id JOIN study_trust st ON st.trust_id = p.trust_id AND st.study_id = $1
        WHERE r.submitted_at IS NULL OR r.scores IS NULL`,
      [a.studyId],
    );
    expect(bad).toBe(0);
  });

  it('shows up in the study participation view for a researcher', async () => {
    const r = await t.running.app.get(PilotDataGenerator).generate({ trusts: 2, participants: 60, seed: 3 });
    await t.createUser({
      email: 'researcher@pilot.example',
      grants: [{ role: 'researcher', studyId: r.studyId }],
    });
    const researcher = t.client();
    await researcher.signIn('researcher@pilot.example', PASSWORD);
    const res = await researcher.get(`/api/studies/${r.studyId}/participation`);
    const stage = (s: string) => res.body.stages.find((x: { stage: string }) => x.stage === s).count;
    expect(stage('enrolled')).toBe(60);
    expect(stage('pre')).toBeLessThanOrEqual(r.pre);
    expect(stage('pre')).toBeGreaterThanOrEqual(10);
  });
});
