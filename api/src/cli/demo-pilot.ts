import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { startEmbeddedDatabase } from '../database/embedded.js';
import { runMigrations } from '../database/migrate.js';
import { InstrumentCatalogueService } from '../modules/assessments/instrument-catalogue.service.js';
import { PILOT_LIMITS, PilotDataGenerator } from '../modules/demo/pilot-data.js';

const USAGE =
  'Usage: npm run demo:pilot -- [--trusts 3] [--participants 300] [--seed 1]\n' +
  'Creates a synthetic pilot study (labelled as such) with plausible effects and attrition.\n' +
  'Uses DATABASE_URL, or the embedded database in DATA_DIR when it is unset (stop npm start first).\n';

function whole(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    process.stderr.write(`--${name} must be a whole number from ${min} to ${max} (got "${raw}").\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

async function main() {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: { trusts: { type: 'string' }, participants: { type: 'string' }, seed: { type: 'string' } },
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const trusts = whole('trusts', values.trusts, 3, PILOT_LIMITS.trusts.min, PILOT_LIMITS.trusts.max);
  const participants = whole(
    'participants',
    values.participants,
    300,
    Math.max(PILOT_LIMITS.participants.min, trusts),
    PILOT_LIMITS.participants.max,
  );
  const seed = whole('seed', values.seed, 1, 0, 2 ** 31);

  const config = { ...loadConfig(), logLevel: 'warn' as const, demoMode: false, jobs: false };
  const embedded = config.databaseUrl ? undefined : await startEmbeddedDatabase(config.dataDir, 1);
  const ctx = await NestFactory.createApplicationContext(
    AppModule.register(config, config.databaseUrl ?? embedded!.url, !config.databaseUrl),
    { logger: ['error'] },
  );
  try {
    await runMigrations(ctx.get(DataSource));
    await ctx.get(InstrumentCatalogueService).loadBundled();
    const r = await ctx.get(PilotDataGenerator).generate({ trusts, participants, seed });
    process.stdout.write(
      `${r.studyName}\n` +
        `  ${r.participants} synthetic managers in ${r.trusts} synthetic trusts; ${r.consented} consented;\n` +
        `  ${r.pre} did the pre-assessment, ${r.post} the post-assessment and ${r.followUp} the follow-up.\n`,
    );
  } finally {
    await ctx.close();
    await embedded?.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    err instanceof ConfigError
      ? `${err.message}\n`
      : `Could not create the synthetic pilot data: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
