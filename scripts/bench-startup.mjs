#!/usr/bin/env node
// Measures the time from `npm start` to a healthy /api/health: on the embedded database with a
// fresh data directory (first start), again on the same directory (second start), and on
// PostgreSQL (a fresh database on BENCH_DATABASE_URL, default the local test server).
// Builds are run once beforehand so the figures are start-up, not compilation.
import { execSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const PORT = 3900;
const runs = Number(process.env.BENCH_RUNS ?? 3);
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

function startAndTime(env) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(PORT), LOG_LEVEL: 'warn', ...env },
      stdio: 'ignore',
      detached: true,
    });
    const timer = setInterval(async () => {
      try {
        const res = await fetch(`http://127.0.0.1:${PORT}/api/health`);
        if (res.ok) {
          clearInterval(timer);
          const ms = performance.now() - t0;
          process.kill(-child.pid, 'SIGTERM');
          child.once('exit', () => resolve(ms));
        }
      } catch {
        /* not up yet */
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      if (code) reject(new Error(`npm start exited with ${code}`));
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

try {
  await fetch(`http://127.0.0.1:${PORT}/api/health`);
  console.error(`Something already answers on port ${PORT}: stop it first, or the figures would be its.`);
  process.exit(1);
} catch {
  /* the port is free */
}

execSync('npx nx run-many -t build -p api web --output-style=static', { cwd: ROOT, stdio: 'ignore' });

const first = [];
const second = [];
const postgres = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cqp-bench-'));
  first.push(await startAndTime({ DATA_DIR: dir, DATABASE_URL: '' }));
  second.push(await startAndTime({ DATA_DIR: dir, DATABASE_URL: '' }));
  rmSync(dir, { recursive: true, force: true });

  const name = `cqp_bench_${process.pid}_${i}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  postgres.push(await startAndTime({ DATABASE_URL: url.toString() }));
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
}

console.log(`npm start → healthy, median of ${runs} (Nx build cache warm):`);
console.log(
  `  embedded PGlite, first start (new data dir, migrations + demo seed): ${fmt(median(first))}  [${first.map(fmt).join(', ')}]`,
);
console.log(
  `  embedded PGlite, second start (existing data dir):                 ${fmt(median(second))}  [${second.map(fmt).join(', ')}]`,
);
console.log(
  `  PostgreSQL 15 (new database, migrations, no demo data):            ${fmt(median(postgres))}  [${postgres.map(fmt).join(', ')}]`,
);
