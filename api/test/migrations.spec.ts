import { migrations } from '@cqp/migrations';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TestApp } from './support/app.js';

describe('migrations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('are applied at start and can be reverted and re-applied cleanly', async () => {
    const tables = async () =>
      (
        await t.sql<{ tablename: string }>(
          `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
        )
      ).map((r) => r.tablename);
    const before = await tables();
    expect(before).toEqual(
      expect.arrayContaining([
        'trust',
        'user_account',
        'role_grant',
        'user_session',
        'audit_event',
        'typeorm_migrations',
      ]),
    );

    const ds = new DataSource({
      type: 'postgres',
      url: t.running.databaseUrl,
      migrations,
      migrationsTableName: 'typeorm_migrations',
    });
    await ds.initialize();
    try {
      for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      expect(await tables()).toEqual(['typeorm_migrations']);
      await ds.runMigrations({ transaction: 'each' });
      expect(await tables()).toEqual(before);
    } finally {
      await ds.destroy();
    }
  });
});
