import 'reflect-metadata';
import { migrations } from '@cqp/migrations';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/config.js';
import { startEmbeddedDatabase } from '../database/embedded.js';
import { runMigrations } from '../database/migrate.js';

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database under DATA_DIR. */
async function main() {
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbeddedDatabase(config.dataDir, 1);
  const ds = new DataSource({
    type: 'postgres',
    url: config.databaseUrl ?? embedded?.url,
    migrations,
    migrationsTableName: 'typeorm_migrations',
  });
  try {
    await ds.initialize();
    const applied = await runMigrations(ds);
    process.stdout.write(
      applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n',
    );
  } finally {
    await ds.destroy().catch(() => undefined);
    await embedded?.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ConfigError ? '' : 'Migration failed: '}${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
