import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedDatabase, startEmbeddedDatabase } from './embedded.js';

describe('embedded database server', { timeout: 60_000 }, () => {
  let db: EmbeddedDatabase;
  beforeAll(async () => {
    db = await startEmbeddedDatabase(undefined, 2);
  }, 60_000);
  afterAll(() => db?.stop());

  it('serves the ordinary pg driver, several connections at once, with transactions isolated', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    try {
      await pool.query('CREATE TABLE t (n int)');
      const a = await pool.connect();
      const b = await pool.connect();
      await a.query('BEGIN');
      await a.query('INSERT INTO t VALUES (1)');
      const seenByB = b.query('SELECT count(*)::int AS n FROM t');
      await a.query('ROLLBACK');
      expect((await seenByB).rows[0].n).toBe(0);
      a.release();
      b.release();
    } finally {
      await pool.end();
    }
  });

  it('keeps serving after PGlite fails on a protocol message', async () => {
    const pglite = db.pglite as unknown as {
      execProtocolRawStream: (...args: unknown[]) => Promise<unknown>;
    };
    const real = pglite.execProtocolRawStream;
    let failures = 1;
    pglite.execProtocolRawStream = function (this: unknown, ...args: unknown[]) {
      if (failures-- > 0) return Promise.reject(new Error('simulated PGlite failure'));
      return real.apply(this, args);
    };
    try {
      const broken = new pg.Client({ connectionString: db.url, connectionTimeoutMillis: 2000 });
      broken.on('error', () => undefined);
      await broken.connect().catch(() => undefined);
      await broken.end().catch(() => undefined);

      const client = new pg.Client({ connectionString: db.url, connectionTimeoutMillis: 5000 });
      await client.connect();
      expect((await client.query('SELECT 41 + 1 AS answer')).rows[0].answer).toBe(42);
      await client.end();
    } finally {
      pglite.execProtocolRawStream = real;
    }
  });
});

// Starting PGlite twice takes a few seconds, more on a busy machine: a slow machine must not fail it.
describe('embedded database data directory', { timeout: 60_000 }, () => {
  it('refuses a second process on the same directory, and takes over a lock left by a dead one', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(tmpdir(), 'cqp-lock-'));
    try {
      const first = await startEmbeddedDatabase(dir, 1);
      // Another live process (our parent) holding the lock:
      await writeFile(path.join(dir, 'pglite.lock'), String(process.ppid));
      await expect(startEmbeddedDatabase(dir, 1)).rejects.toThrow(/is in use by another process \(pid \d+\)/);
      await first.stop();

      await writeFile(path.join(dir, 'pglite.lock'), '999999999');
      const again = await startEmbeddedDatabase(dir, 1);
      await again.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
