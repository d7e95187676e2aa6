import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/config.js';

describe('embedded database', () => {
  let dir: string;
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  it('keeps its data under DATA_DIR across a stop and start, and seeds demo data only once', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cqp-data-'));
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      DATA_DIR: dir,
      SERVE_WEB: 'false',
      DEMO_MODE: 'true',
      SEED_COURSES: 'false',
    });

    const first = await startServer(config, { port: 0 });
    expect(first.embedded).toBe(true);
    expect(first.demoSignIns.map((s) => s.role)).toEqual([
      'learner',
      'lnd_admin',
      'researcher',
      'platform_admin',
    ]);
    let c = new pg.Client({ connectionString: first.databaseUrl });
    await c.connect();
    await c.query(`INSERT INTO trust (name, ods_code) VALUES ('Kept Trust', 'KEEP1')`);
    await c.end();
    await first.close();

    const second = await startServer(config, { port: 0 });
    c = new pg.Client({ connectionString: second.databaseUrl });
    await c.connect();
    const trusts = (await c.query(`SELECT ods_code FROM trust ORDER BY ods_code`)).rows.map(
      (r) => r.ods_code,
    );
    const users = (await c.query(`SELECT count(*)::int AS n FROM user_account WHERE is_demo`)).rows[0].n;
    await c.end();
    await second.close();
    // the demo trusts and the synthetic pilot study's three trusts, each seeded once
    expect(trusts).toEqual(['DEMO1', 'DEMO2', 'KEEP1', 'SP1A', 'SP1B', 'SP1C']);
    expect(users).toBe(4);
  });
});
