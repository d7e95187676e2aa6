// Shared set-up for the benchmark scripts: a fresh database (PostgreSQL from BENCH_DATABASE_URL,
// default the local test server; or embedded PGlite with BENCH_DB=pglite), the built app on a
// free port, and a signed-in L&D admin of one trust.
import pg from 'pg';
import { startServer } from '../api/dist/bootstrap.js';
import { loadConfig } from '../api/dist/config/config.js';
import { hashPassword } from '../api/dist/modules/auth/passwords.js';

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchApp() {
  const pglite = process.env.BENCH_DB === 'pglite';
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  let databaseUrl;
  let drop = async () => {};
  if (!pglite) {
    const name = `cqp_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DEMO_MODE: 'false',
    SERVE_WEB: 'false',
    JOBS: 'false',
    SEED_COURSES: 'false',
    NODE_ENV: 'test',
    // The database URL is passed to startServer; naming it here too gives the PostgreSQL pool size.
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(process.env.BENCH_POOL ? { DB_POOL_SIZE: process.env.BENCH_POOL } : {}),
  });
  const running = await startServer(config, { port: 0, inMemory: true, databaseUrl });
  const pool = new pg.Pool({ connectionString: running.databaseUrl, max: 1 });
  const sql = async (text, params = []) => (await pool.query(text, params)).rows;
  const [{ id: trustId }] = await sql(
    `INSERT INTO trust (name, ods_code) VALUES ('Bench Trust', 'BENCH') RETURNING id`,
  );
  const [{ id: userId }] = await sql(
    `INSERT INTO user_account (email, display_name, password_hash, status) VALUES ('lnd@bench.example', 'Bench L&D', $1, 'active') RETURNING id`,
    [await hashPassword('bench-password-123')],
  );
  await sql(`INSERT INTO role_grant (user_id, role, trust_id) VALUES ($1, 'lnd_admin', $2)`, [
    userId,
    trustId,
  ]);

  // Sign in as the web app does: session → CSRF token → sign-in.
  const jar = new Map();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), decodeURIComponent(pair.slice(i + 1)));
    }
  };
  let res = await fetch(`${running.url}/api/auth/session`);
  remember(res);
  let csrf = (await res.json()).csrfToken;
  res = await fetch(`${running.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie: cookieHeader() },
    body: JSON.stringify({ email: 'lnd@bench.example', password: 'bench-password-123' }),
  });
  remember(res);
  csrf = (await res.json()).csrfToken;

  const call = async (method, path, body) => {
    const headers = { cookie: cookieHeader(), 'x-csrf-token': csrf, accept: 'application/json' };
    let payload = body;
    if (body && !(body instanceof FormData)) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const r = await fetch(`${running.url}${path}`, { method, headers, body: payload });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path} → ${r.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };

  return {
    trustId,
    userId,
    sql,
    call,
    label: pglite ? 'embedded PGlite' : 'PostgreSQL',
    contentUrl: running.contentUrl,
    databaseUrl: running.databaseUrl,
    poolSize: config.dbPoolSize,
    async close() {
      await pool.end();
      await running.close();
      await drop();
    },
  };
}
