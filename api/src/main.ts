import { ConfigError, loadConfig } from './config/config.js';
import { DEMO_PASSWORD } from './modules/demo/demo.seeder.js';
import { startServer } from './bootstrap.js';
import { ContentOrigin } from './modules/runtime/content-origin.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const started = Date.now();
  const running = await startServer(config);
  const lines = [
    '',
    `CQ Pathway is running at ${config.publicUrl} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    running.embedded
      ? `Database: embedded PostgreSQL (PGlite), data kept in ${config.dataDir}`
      : 'Database: PostgreSQL from DATABASE_URL',
    `API documentation: ${config.publicUrl}/api/docs`,
    `Module content and player: ${running.app.get(ContentOrigin).url} (a separate origin, port ${config.contentPort === 0 ? 'auto' : config.contentPort})`,
  ];
  if (running.demoSignIns.length) {
    lines.push('', `Demo mode: synthetic data only. Sign in with any of these, password "${DEMO_PASSWORD}":`);
    for (const s of running.demoSignIns) lines.push(`  ${s.role.padEnd(15)} ${s.email}`);
  }
  if (running.needsFirstAdmin) {
    lines.push(
      '',
      'No platform admin yet. Create one with: npm run admin:create -- --email you@trust.nhs.uk',
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((err: unknown) => {
  const code = (err as { code?: string; port?: number } | null)?.code;
  const message =
    code === 'EADDRINUSE'
      ? `port ${(err as { port?: number }).port} is already in use. Stop what is using it, or set PORT (and CONTENT_PORT, default PORT+1).`
      : err instanceof Error
        ? err.message
        : String(err);
  process.stderr.write(`CQ Pathway could not start: ${message}\n`);
  process.exit(1);
});
