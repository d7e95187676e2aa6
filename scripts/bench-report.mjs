#!/usr/bin/env node
// The study report on PostgreSQL at scale: a fresh database on BENCH_DATABASE_URL's server gets a
// synthetic pilot study of BENCH_PARTICIPANTS (default 100,000) managers in 10 trusts, each with up to
// three timepoints of answers (self-assessment 20 items, situational judgement test 12 items per form,
// reaction survey 10 items: 42 items a participant). Then it times GET /api/studies/:id/evaluation
// (median of BENCH_RUNS after one warm-up) and, beside it, the same aggregates as one hand-written SQL
// query run in psql (median of the same number of runs, psql's own \timing).
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

  const api = [];
  for (let i = 0; i <= runs; i++) {
    const t = performance.now();
    const res = await fetch(`${base}/api/studies/${studyId}/evaluation`, { headers: { cookie } });
    if (!res.ok) throw new Error(`evaluation: ${res.status} ${await res.text()}`);
    await res.json();
    if (i > 0) api.push(performance.now() - t);
  }

  // The same aggregates by hand: flow counts, and per capability the n, mean and SD of the pre→post
  // differences among consenting participants.
  const sql = `
    WITH participants AS (
      SELECT e.id AS enrolment_id, e.person_id FROM enrolment e JOIN cohort c ON c.id = e.cohort_id
        JOIN study_trust st ON st.trust_id = c.trust_id AND st.study_id = '${studyId}'
       WHERE (SELECT k.decision = 'given' AND k.withdrawn_at IS NULL FROM consent k
               WHERE k.study_id = '${studyId}' AND k.person_id = e.person_id ORDER BY k.decided_at DESC LIMIT 1)
    ),
    scores AS (
      SELECT r.enrolment_id, r.timepoint, f.key AS factor, (r.scores->'factors'->>f.key)::float AS v
        FROM assessment_response r JOIN participants p ON p.enrolment_id = r.enrolment_id
        CROSS JOIN (VALUES ('drive'), ('knowledge'), ('strategy'), ('action')) f(key)
       WHERE r.instrument_key = 'cq-self-assessment' AND r.submitted_at IS NOT NULL AND r.superseded_at IS NULL
    )
    SELECT a.factor, count(*) AS n, avg(b.v - a.v) AS mean_diff, stddev_samp(b.v - a.v) AS sd_diff,
           (SELECT count(DISTINCT timepoint || enrolment_id::text) FROM scores) AS timepoints
      FROM scores a JOIN scores b ON b.enrolment_id = a.enrolment_id AND b.factor = a.factor AND b.timepoint = 'post'
     WHERE a.timepoint = 'pre' AND a.v IS NOT NULL AND b.v IS NOT NULL
     GROUP BY a.factor`;
  const psqlTimes = [];
  for (let i = 0; i <= runs; i++) {
    const outp = execFileSync('psql', [dbUrl, '-X', '-q', '-c', '\\timing on', '-c', sql], {
      encoding: 'utf8',
    });
    const m = /Time: ([\d.]+) ms/.exec(outp);
    if (!m) throw new Error(`psql printed no timing:\n${outp}`);
    if (i > 0) psqlTimes.push(Number(m[1]));
  }

  console.log(
    `\nstudy report for ${participants} participants (PostgreSQL, median of ${runs} after a warm-up):`,
  );
  console.log(`  GET /api/studies/:id/evaluation: ${fmt(median(api))}  [${api.map(fmt).join(', ')}]`);
  console.log(
    `  hand-written SQL in psql:        ${fmt(median(psqlTimes))}  [${psqlTimes.map(fmt).join(', ')}]`,
  );
  console.log(`  ratio: ${(median(api) / median(psqlTimes)).toFixed(2)}×  (target: within 2× and under 2 s)`);
} finally {
  server?.kill('SIGTERM');
  if (server) await new Promise((r) => server.once('exit', r));
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
