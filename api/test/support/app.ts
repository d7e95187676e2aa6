import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startServer, RunningApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.js';
import { hashPassword } from '../../src/modules/auth/passwords.js';
import type { Role } from '../../src/common/auth/roles.js';
import { TestClient } from './client.js';

export interface TestApp {
  url: string;
  running: RunningApp;
  /** Runs SQL against the app's database (fixtures and assertions). */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  client(): TestClient;
  createUser(u: {
    email: string;
    password?: string;
    grants?: { role: Role; trustId?: string; studyId?: string }[];
  }): Promise<string>;
  createTrust(name: string, odsCode: string): Promise<string>;
  createStudy(name: string, trustIds: string[]): Promise<string>;
  close(): Promise<void>;
}

export const PASSWORD = 'integration-test-password';
export const usingPostgres = Boolean(process.env.DATABASE_URL);

/**
 * Boots the real app over HTTP on a free port. With DATABASE_URL set, each call gets a fresh
 * database on that PostgreSQL server (dropped on close); without it, an in-memory PGlite.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (process.env.DATABASE_URL) {
    const name = `cqp_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const packageStore = await mkdtemp(path.join(tmpdir(), 'cqp-packages-'));
  const config = loadConfig({
    PACKAGE_STORE_DIR: packageStore,
    LOG_LEVEL: 'silent',
    DEMO_MODE: 'false',
    SERVE_WEB: 'false',
    NODE_ENV: 'test',
    JOBS: 'false',
    SEED_COURSES: 'false',
    ...env,
  });
  const running = await startServer(config, { port: 0, inMemory: true, databaseUrl });
  const pool = new pg.Pool({ connectionString: running.databaseUrl, max: 1 });
  const sql = async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[];
  const passwordHash = await hashPassword(PASSWORD);

  return {
    url: running.url,
    running,
    sql,
    client: () => new TestClient(running.url),
    async createUser({ email, password, grants = [] }) {
      const hash = password ? await hashPassword(password) : passwordHash;
      const [{ id }] = await sql<{ id: string }>(
        `INSERT INTO user_account (email, display_name, password_hash, status) VALUES ($1, $2, $3, 'active') RETURNING id`,
        [email, email.split('@')[0], hash],
      );
      for (const g of grants) {
        await sql(`INSERT INTO role_grant (user_id, role, trust_id, study_id) VALUES ($1, $2, $3, $4)`, [
          id,
          g.role,
          g.trustId ?? null,
          g.studyId ?? null,
        ]);
      }
      return id;
    },
    async createTrust(name, odsCode) {
      const [{ id }] = await sql<{ id: string }>(
        `INSERT INTO trust (name, ods_code) VALUES ($1, $2) RETURNING id`,
        [name, odsCode],
      );
      return id;
    },
    async createStudy(name, trustIds) {
      const [{ id }] = await sql<{ id: string }>(`INSERT INTO study (name) VALUES ($1) RETURNING id`, [name]);
      for (const t of trustIds)
        await sql(`INSERT INTO study_trust (study_id, trust_id) VALUES ($1, $2)`, [id, t]);
      return id;
    },
    async close() {
      await pool.end();
      await running.close();
      await dropDatabase?.();
      await rm(packageStore, { recursive: true, force: true });
    },
  };
}
