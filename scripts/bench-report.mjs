#!/usr/bin/env node
// The study report on PostgreSQL at scale: a fresh database on BENCH_DATABASE_URL's server gets a
// synthetic pilot study of BENCH_PARTICIPANTS (default 100,000) managers in 10 trusts, each with up to
// three timepoints of answers (self-assessment 20 items, situational judgement test 12 items per form,
// reaction survey 10 items: 42 items a participant). Then it times GET /api/studies/:id/evaluation
// (median of BENCH_RUNS after one warm-up), computed afresh (its cache emptied before each run) and
// reused from its cache, and, beside it, the same aggregates as one hand-written SQL statement run in
// psql with the API's session settings (median of as many runs, psql's own \timing).
import { execFileSync, execSync, spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const participants = Number(process.env.BENCH_PARTICIPANTS ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const PORT = 3920;
const PASSWORD = 'bench-report-password-2026';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

try {
  await fetch(`http://127.0.0.1:${PORT}/api/health`);
  console.error(`Something already answers on port ${PORT}: stop it first, or the figures would be its.`);
  process.exit(1);
} catch {
  /* the port is free */
}

const name = `cqp_bench_report_${process.pid}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const u = new URL(serverUrl);
u.pathname = `/${name}`;
const dbUrl = u.toString();

let server;
try {
  execSync('npx nx run-many -t build -p api content --output-style=static', { cwd: ROOT, stdio: 'ignore' });
  const t0 = performance.now();
  const out = execFileSync(
    process.execPath,
    ['api/dist/cli/demo-pilot.js', '--trusts', '10', '--participants', String(participants), '--seed', '1'],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'warn' }, encoding: 'utf8' },
  );
  console.log(out.trim());
  console.log(`  generated in ${fmt(performance.now() - t0)}`);

  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const [{ id: studyId }] = (await db.query(`SELECT id FROM study WHERE name LIKE '%synthetic pilot data%'`))
    .rows;
  const { hashPassword } = await import(path.join(ROOT, 'api/dist/modules/auth/passwords.js'));
  const [{ id: userId }] = (
    await db.query(
      `INSERT INTO user_account (email, display_name, password_hash, status) VALUES ('bench@report.example', 'Bench', $1, 'active') RETURNING id`,
      [await hashPassword(PASSWORD)],
    )
  ).rows;
  await db.query(`INSERT INTO role_grant (user_id, role, study_id) VALUES ($1, 'researcher', $2)`, [
    userId,
    studyId,
  ]);
  const [{ responses }] = (await db.query(`SELECT count(*)::int AS responses FROM assessment_response`)).rows;
  await db.query('VACUUM ANALYZE');
  await db.end();
  console.log(`  ${responses} responses`);

  server = spawn(process.execPath, ['api/dist/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      PORT: String(PORT),
      LOG_LEVEL: 'warn',
      JOBS: 'false',
      SEED_COURSES: 'false',
      DEMO_MODE: 'false',
      CONTENT_PORT: String(PORT + 1),
    },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${PORT}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* starting */
    }
    if (i > 600) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const jar = [];
  const session = await fetch(`${base}/api/auth/session`);
  jar.push(...session.headers.getSetCookie().map((c) => c.split(';')[0]));
  const { csrfToken } = await session.json();
  const signIn = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie: jar.join('; ') },
    body: JSON.stringify({ email: 'bench@report.example', password: PASSWORD }),
  });
  if (!signIn.ok) throw new Error(`sign-in: ${signIn.status}`);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

  const cache = new pg.Client({ connectionString: dbUrl });
  await cache.connect();
  const timeEvaluation = async (fresh) => {
    const times = [];
    for (let i = 0; i <= runs; i++) {
      if (fresh) await cache.query('DELETE FROM evaluation_cache');
      const t = performance.now();
      const res = await fetch(`${base}/api/studies/${studyId}/evaluation`, { headers: { cookie } });
      if (!res.ok) throw new Error(`evaluation: ${res.status} ${await res.text()}`);
      await res.json();
      if (i > 0) times.push(performance.now() - t);
    }
    return times;
  };
  const cold = await timeEvaluation(true);
  const warm = await timeEvaluation(false);

  // The same aggregates by hand, in one statement over the same tables: the participant flow; per
  // capability (and per knowledge-test score) the n, mean and SD of the pre→post and pre→follow-up
  // differences; Cronbach's alpha for every factor of the self-assessment and the survey at every
  // timepoint (complete cases, from item variances); the survey's factor means; and completions per
  // module. Which factor each item position belongs to comes from the instruments' definitions.
  const layout = (
    await cache.query(
      `SELECT i.id, f.idx AS factor, array_agg(p.pos ORDER BY p.pos) AS positions
         FROM instrument i
         CROSS JOIN LATERAL jsonb_array_elements(i.definition->'factors') WITH ORDINALITY AS f(def, idx)
         CROSS JOIN LATERAL (
           SELECT row_number() OVER () AS pos, it->>'factor' AS factor
             FROM jsonb_array_elements(i.definition->'items') it
            WHERE i.definition->>'kind' <> 'survey' OR it->>'type' = 'scale') p
        WHERE i.definition->>'kind' IN ('likert', 'survey') AND p.factor = f.def->>'id'
        GROUP BY i.id, f.idx`,
    )
  ).rows;
  await cache.end();
  const itemFactor = layout
    .flatMap((l) => l.positions.map((p) => `('${l.id}'::uuid, ${l.factor}, ${p})`))
    .join(', ');
  const sql = `
    WITH latest AS (
      SELECT DISTINCT ON (person_id) person_id, decision = 'given' AND withdrawn_at IS NULL AS ok
        FROM consent WHERE study_id = '${studyId}' ORDER BY person_id, decided_at DESC
    ),
    scope AS (
      SELECT e.id AS enrolment_id, e.person_id, c.programme_id, l.person_id IS NOT NULL AS decided,
             COALESCE(l.ok, false) AS ok
        FROM enrolment e JOIN cohort c ON c.id = e.cohort_id
        JOIN study_trust st ON st.trust_id = c.trust_id AND st.study_id = '${studyId}'
        LEFT JOIN latest l ON l.person_id = e.person_id
    ),
    cur AS (
      SELECT r.* FROM scope s JOIN response_score r ON r.enrolment_id = s.enrolment_id WHERE s.ok
    ),
    differences AS (
      SELECT a.instrument_key, b.timepoint, f, count(*) AS n, avg(b.scores[f] - a.scores[f]) AS mean,
             stddev_samp(b.scores[f] - a.scores[f]) AS sd
        FROM cur a JOIN cur b ON b.enrolment_id = a.enrolment_id AND b.instrument_id = a.instrument_id
                              AND b.timepoint <> 'pre'
        CROSS JOIN generate_subscripts(a.scores, 1) f
       WHERE a.timepoint = 'pre' AND a.scores[f] IS NOT NULL AND b.scores[f] IS NOT NULL
       GROUP BY 1, 2, 3
    ),
    item_factor AS (SELECT * FROM (VALUES ${itemFactor}) v(instrument_id, factor, pos)),
    item_var AS (
      SELECT c.instrument_id, c.timepoint, m.factor, var_samp(c.items[m.pos]) AS var
        FROM cur c JOIN item_factor m ON m.instrument_id = c.instrument_id
       WHERE c.totals[m.factor] IS NOT NULL GROUP BY c.instrument_id, c.timepoint, m.factor, m.pos
    ),
    totals AS (
      SELECT c.instrument_id, c.timepoint, f.factor, max(f.k) AS k, count(*) AS n,
             var_samp(c.totals[f.factor]) AS total_var
        FROM cur c JOIN (SELECT instrument_id, factor, count(*) AS k FROM item_factor GROUP BY 1, 2) f
          ON f.instrument_id = c.instrument_id
       WHERE c.totals[f.factor] IS NOT NULL GROUP BY 1, 2, 3
    ),
    alpha AS (
      SELECT t.instrument_id, t.timepoint, t.factor, t.n,
             t.k / (t.k - 1.0) * (1 - (SELECT sum(v.var) FROM item_var v WHERE v.instrument_id = t.instrument_id
                                         AND v.timepoint = t.timepoint AND v.factor = t.factor) / t.total_var) AS alpha
        FROM totals t
    ),
    survey AS (
      SELECT c.instrument_id, f, avg(c.scores[f]) AS mean, count(c.scores[f]) AS n
        FROM cur c CROSS JOIN generate_subscripts(c.scores, 1) f
       WHERE c.instrument_key = 'reaction-survey' GROUP BY 1, 2
    ),
    steps AS (
      SELECT s.enrolment_id, ps.position, sc.completed_at IS NOT NULL AS completed,
             sc.completed_at IS NOT NULL OR COALESCE(sc.waived, false) AS done
        FROM scope s JOIN programme_step ps ON ps.programme_id = s.programme_id AND ps.kind = 'module'
        LEFT JOIN step_completion sc ON sc.enrolment_id = s.enrolment_id AND sc.step_id = ps.id
       WHERE s.ok
    ),
    flow AS (
      SELECT (SELECT count(DISTINCT person_id) FROM scope) AS enrolled,
             (SELECT count(DISTINCT person_id) FILTER (WHERE decided) FROM scope) AS decided,
             (SELECT count(DISTINCT person_id) FILTER (WHERE ok) FROM scope) AS consented,
             (SELECT count(DISTINCT enrolment_id) FILTER (WHERE timepoint = 'pre') FROM cur) AS pre,
             (SELECT count(DISTINCT enrolment_id) FILTER (WHERE timepoint = 'post') FROM cur) AS post,
             (SELECT count(DISTINCT enrolment_id) FILTER (WHERE timepoint = 'follow_up') FROM cur) AS follow_up,
             (SELECT count(*) FROM (SELECT enrolment_id FROM steps GROUP BY 1 HAVING bool_and(done)) x) AS modules
    )
    SELECT (SELECT row_to_json(flow) FROM flow) AS flow,
           (SELECT json_agg(differences) FROM differences) AS differences,
           (SELECT json_agg(alpha) FROM alpha) AS alpha,
           (SELECT json_agg(survey) FROM survey) AS survey,
           (SELECT json_agg(x) FROM (SELECT position, count(*) FILTER (WHERE completed) AS completed
                                       FROM steps GROUP BY 1) x) AS modules`;
  const psqlTimes = [];
  for (let i = 0; i <= runs; i++) {
    // The session settings the API uses for an evaluation.
    const outp = execFileSync(
      'psql',
      [dbUrl, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', "SET work_mem = '64MB'; SET jit = off"].concat([
        '-c',
        '\\timing on',
        '-c',
        sql,
      ]),
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const m = /Time: ([\d.]+) ms/.exec(outp);
    if (!m) throw new Error(`psql printed no timing:\n${outp}`);
    if (i > 0) psqlTimes.push(Number(m[1]));
  }

  const list = (xs) => `[${xs.map(fmt).join(', ')}]`;
  console.log(
    `\nstudy report for ${participants} participants (PostgreSQL, median of ${runs} after a warm-up):`,
  );
  console.log(`  GET /api/studies/:id/evaluation, computed:  ${fmt(median(cold))}  ${list(cold)}`);
  console.log(`  GET /api/studies/:id/evaluation, reused:    ${fmt(median(warm))}  ${list(warm)}`);
  console.log(`  hand-written SQL in psql:                    ${fmt(median(psqlTimes))}  ${list(psqlTimes)}`);
  console.log(
    `  ratio computed / hand-written: ${(median(cold) / median(psqlTimes)).toFixed(2)}×; reused / hand-written: ${(median(warm) / median(psqlTimes)).toFixed(3)}×  (target: within 2× and under 2 s)`,
  );
} finally {
  server?.kill('SIGTERM');
  if (server) await new Promise((r) => server.once('exit', r));
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
