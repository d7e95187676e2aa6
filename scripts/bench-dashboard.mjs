#!/usr/bin/env node
// `npm run bench:dashboard`: GET the cohort dashboard API for a cohort of 5,000 enrolments with
// mixed progress; prints the median and 95th percentile of 30 requests after 3 warm-ups.
import { benchApp, median } from './bench-support.mjs';

const SIZE = Number(process.env.BENCH_COHORT ?? 5_000);
const app = await benchApp();
try {
  const [{ id: programmeId }] = await app.sql(
    `SELECT id FROM programme WHERE slug = 'cq-inclusive-leadership'`,
  );
  await app.sql(
    `INSERT INTO person (trust_id, staff_number, full_name, work_email, band, directorate)
     SELECT $1, 'S' || g, 'Person ' || g, 'person' || g || '@bench.example', (ARRAY['5','6','7','8a'])[1 + g % 4], 'Directorate ' || (g % 12)
       FROM generate_series(1, $2) g`,
    [app.trustId, SIZE],
  );
  const [{ id: cohortId }] = await app.sql(
    `INSERT INTO cohort (trust_id, programme_id, name, start_date, due_date, owner_user_id)
     VALUES ($1, $2, 'Bench cohort', current_date - 30, current_date + 30, $3) RETURNING id`,
    [app.trustId, programmeId, app.userId],
  );
  await app.sql(
    `INSERT INTO enrolment (cohort_id, person_id) SELECT $1, id FROM person WHERE trust_id = $2`,
    [cohortId, app.trustId],
  );
  // Mixed progress: enrolment k has completed its first (k mod 10) steps.
  await app.sql(
    `INSERT INTO step_completion (enrolment_id, step_id, completed_at)
     SELECT e.id, s.id, now() FROM (SELECT id, row_number() OVER (ORDER BY id) AS k FROM enrolment WHERE cohort_id = $1) e
       JOIN programme_step s ON s.programme_id = $2 AND s.position <= e.k % 10`,
    [cohortId, programmeId],
  );
  await app.sql('ANALYZE');

  const path = `/api/trusts/${app.trustId}/cohorts/${cohortId}`;
  for (let i = 0; i < 3; i++) await app.call('GET', path);
  const times = [];
  let body;
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    body = await app.call('GET', path);
    times.push(performance.now() - t0);
  }
  if (body.cohort.counts.enrolled !== SIZE)
    throw new Error(`expected ${SIZE} enrolled, got ${body.cohort.counts.enrolled}`);
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `Cohort dashboard API, ${SIZE.toLocaleString('en-GB')} enrolments, on ${app.label} (30 requests):`,
  );
  console.log(
    `  median ${median(times).toFixed(0)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)].toFixed(0)} ms`,
  );
  console.log(`  funnel: ${body.funnel.map((f) => `${f.label} ${f.count}`).join(' → ')}`);
} finally {
  await app.close();
}
