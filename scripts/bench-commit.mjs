#!/usr/bin/env node
// `npm run bench:commit`: SCORM run-time commits per second and their latency at 50 and 200 concurrent
// learners against PostgreSQL, beside pgbench's single-row INSERT rate with the same number of clients
// on the same server. Each learner has its own attempt and launch token and commits a realistic SCORM
// 1.2 state (location, 2 KB suspend_data, score, 8 interactions) as fast as answers come back.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const LEVELS = (process.env.BENCH_CONCURRENCY ?? '50,200').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const PACED_MS = Number(process.env.BENCH_PACED_MS ?? 3000);
const LEARNERS = Math.max(...LEVELS);
const agent = new http.Agent({ keepAlive: true, maxSockets: LEARNERS + 10 });

/** POST over a kept-alive connection, as a browser tab holding the player would. */
function post(url, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

function state(seq) {
  const cmi = {
    'cmi.core.lesson_location': `screen-${seq % 40}`,
    'cmi.core.lesson_status': 'incomplete',
    'cmi.core.exit': 'suspend',
    'cmi.core.session_time': '00:00:01',
    'cmi.core.score.raw': String(seq % 100),
    'cmi.core.score.min': '0',
    'cmi.core.score.max': '100',
    'cmi.suspend_data': `v1;${'x'.repeat(2000)};${seq}`,
    'cmi.core.student_id': 'ignored',
    'cmi.core.total_time': '00:00:00',
  };
  for (let i = 0; i < 8; i++) {
    cmi[`cmi.interactions.${i}.id`] = `decision-${i}`;
    cmi[`cmi.interactions.${i}.type`] = 'choice';
    cmi[`cmi.interactions.${i}.student_response`] = String.fromCharCode(97 + ((seq + i) % 4));
    cmi[`cmi.interactions.${i}.result`] = (seq + i) % 2 ? 'correct' : 'wrong';
    cmi[`cmi.interactions.${i}.latency`] = '00:00:04';
  }
  return cmi;
}

if (!isMainThread) {
  // The learners: a thread of their own, so the API's event loop is not also the load generator's.
  const { contentUrl, tokens, level, seconds, firstSeq, pacedMs } = workerData;
  const seqs = tokens.map(() => firstSeq);
  const commit = async (i) => {
    const seq = ++seqs[i];
    const t0 = performance.now();
    const res = await post(
      `${contentUrl}/runtime/${tokens[i]}/commits`,
      JSON.stringify({ seq, cmi: state(seq) }),
    );
    if (res.status !== 200 || res.body.result !== true)
      throw new Error(`commit ${seq} of learner ${i}: ${res.status} ${JSON.stringify(res.body)}`);
    return performance.now() - t0;
  };
  // Warm-up: every learner commits once.
  await Promise.all(Array.from({ length: level }, (_, i) => commit(i)));
  const latencies = [];
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: level }, async (_, i) => {
      if (!pacedMs) {
        while (performance.now() < until) latencies.push(await commit(i));
        return;
      }
      // Paced: each learner commits every pacedMs, starting at a random point of the first interval.
      let next = performance.now() + Math.random() * pacedMs;
      while (next < until) {
        await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
        latencies.push(await commit(i));
        next += pacedMs;
      }
    }),
  );
  parentPort.postMessage({ latencies, elapsed: (performance.now() - t0) / 1000, lastSeqs: seqs });
} else {
  const { benchApp } = await import('./bench-support.mjs');
  const app = await benchApp();
  try {
    // One package with one SCO, and LEARNERS enrolments each with an attempt and an open launch.
    const [{ id: programmeId }] = await app.sql(
      `SELECT id FROM programme WHERE slug = 'cq-inclusive-leadership'`,
    );
    const [{ id: packageId }] = await app.sql(
      `INSERT INTO scorm_package (title) VALUES ('Bench module') RETURNING id`,
    );
    const [{ id: versionId }] = await app.sql(
      `INSERT INTO scorm_package_version (package_id, version_number, scorm_version, manifest_identifier, manifest,
            files, file_count, total_bytes, filename)
     VALUES ($1, 1, '1.2', 'bench', '{"organizations":[]}', '{}', 0, 0, 'bench.zip') RETURNING id`,
      [packageId],
    );
    const [{ id: scoId }] = await app.sql(
      `INSERT INTO sco (package_version_id, position, item_identifier, resource_identifier, title, launch, mastery_score)
     VALUES ($1, 1, 'item', 'res', 'Bench SCO', 'index.html', 80) RETURNING id`,
      [versionId],
    );
    await app.sql(
      `UPDATE programme_step SET package_id = $1 WHERE id =
       (SELECT id FROM programme_step WHERE programme_id = $2 AND kind = 'module' ORDER BY position LIMIT 1)`,
      [packageId, programmeId],
    );
    await app.sql(
      `INSERT INTO person (trust_id, staff_number, full_name, work_email)
     SELECT $1, 'B' || g, 'Bench learner ' || g, 'bench' || g || '@bench.example' FROM generate_series(1, $2) g`,
      [app.trustId, LEARNERS],
    );
    const [{ id: cohortId }] = await app.sql(
      `INSERT INTO cohort (trust_id, programme_id, name, start_date, due_date)
     VALUES ($1, $2, 'Bench cohort', current_date, current_date + 30) RETURNING id`,
      [app.trustId, programmeId],
    );
    await app.sql(
      `INSERT INTO enrolment (cohort_id, person_id) SELECT $1, id FROM person WHERE trust_id = $2`,
      [cohortId, app.trustId],
    );
    await app.sql(
      `INSERT INTO scorm_attempt (enrolment_id, package_id, package_version_id, number)
     SELECT id, $1, $2, 1 FROM enrolment WHERE cohort_id = $3`,
      [packageId, versionId, cohortId],
    );
    const attempts = await app.sql(`SELECT id FROM scorm_attempt WHERE package_id = $1 ORDER BY id`, [
      packageId,
    ]);
    const tokens = [];
    for (const a of attempts) {
      const token = randomBytes(32).toString('base64url');
      tokens.push(token);
      await app.sql(
        `INSERT INTO scorm_launch (token_hash, attempt_id, sco_id, entry, expires_at)
       VALUES ($1, $2, $3, 'ab-initio', now() + interval '1 day')`,
        [createHash('sha256').update(token).digest('hex'), a.id, scoId],
      );
    }
    await app.sql(
      `INSERT INTO scorm_sco_state (attempt_id, sco_id) SELECT id, $1 FROM scorm_attempt WHERE package_id = $2`,
      [scoId, packageId],
    );
    await app.sql('ANALYZE');

    const results = [];
    let firstSeq = 0;
    const run = async (level, pacedMs) => {
      const out = await new Promise((resolve, reject) => {
        const w = new Worker(new URL(import.meta.url), {
          workerData: {
            contentUrl: app.contentUrl,
            tokens: tokens.slice(0, level),
            level,
            seconds: SECONDS,
            firstSeq,
            pacedMs,
          },
        });
        w.once('message', resolve);
        w.once('error', reject);
      });
      // Learners not in this round start from the highest sequence number used so far: still increasing.
      firstSeq = Math.max(...out.lastSeqs);
      const latencies = out.latencies.sort((x, y) => x - y);
      return {
        level,
        tps: latencies.length / out.elapsed,
        p50: pct(latencies, 0.5),
        p99: pct(latencies, 0.99),
        n: latencies.length,
      };
    };
    for (const level of LEVELS) results.push(await run(level, 0));
    const paced = await run(LEARNERS, PACED_MS);

    // pgbench: one single-row INSERT per transaction, same client counts, same server and database.
    await app.sql(
      `CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, payload text, at timestamptz DEFAULT now())`,
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'cqp-pgbench-'));
    const script = path.join(dir, 'insert.sql');
    writeFileSync(script, `INSERT INTO bench_insert (payload) VALUES (md5(random()::text));\n`);
    // The server's connection limit caps pgbench's clients (the API itself uses a pool of app.poolSize).
    const [{ max_connections: maxConnections }] = await app.sql(`SHOW max_connections`);
    const clientsFor = (level) => Math.min(level, Number(maxConnections) - app.poolSize - 10);
    const pgbench = {};
    for (const level of LEVELS) {
      const out = execFileSync(
        'pgbench',
        [
          '-n',
          '-c',
          String(clientsFor(level)),
          '-j',
          '2',
          '-T',
          String(SECONDS),
          '-f',
          script,
          app.databaseUrl,
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      pgbench[level] = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
    }

    const [{ n: stored }] = await app.sql(`SELECT count(*)::int AS n FROM scorm_interaction`);
    if (stored !== LEARNERS * 8)
      throw new Error(`expected ${LEARNERS * 8} interaction rows, found ${stored}`);

    console.log(
      `SCORM commits on ${app.label}, ${SECONDS} s per level, API pool ${app.poolSize} connections:`,
    );
    console.log(
      '  learners  commits/s   p50 ms   p99 ms   commits   pgbench clients   pgbench INSERT tps   ratio',
    );
    for (const r of results) {
      console.log(
        `  ${String(r.level).padStart(8)}  ${r.tps.toFixed(0).padStart(9)}  ${r.p50.toFixed(1).padStart(7)}  ${r.p99
          .toFixed(1)
          .padStart(
            7,
          )}  ${String(r.n).padStart(8)}  ${String(clientsFor(r.level)).padStart(16)}  ${pgbench[r.level].toFixed(0).padStart(19)}  ${(r.tps / pgbench[r.level]).toFixed(2).padStart(6)}`,
      );
    }
    console.log(
      `  ${LEARNERS} learners each committing every ${PACED_MS / 1000} s (no queueing): ${paced.tps.toFixed(0)} commits/s, ` +
        `p50 ${paced.p50.toFixed(1)} ms, p99 ${paced.p99.toFixed(1)} ms (${paced.n} commits)`,
    );
  } finally {
    await app.close();
  }
}
