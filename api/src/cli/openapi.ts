import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../app.module.js';
import { buildOpenApiDocument } from '../bootstrap.js';
import { loadConfig } from '../config/config.js';

/**
 * Writes (--write) or verifies (--check) api/openapi.json, the contract the web client's types
 * are generated from. Preview mode reads the routes and DTOs without connecting to a database.
 */
const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../openapi.json');

async function main() {
  const mode = process.argv[2];
  if (mode !== '--write' && mode !== '--check') {
    process.stderr.write('Usage: openapi.js --write | --check\n');
    process.exit(2);
  }
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), version: '0.1.0' };
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register(config, 'postgresql://preview@127.0.0.1:1/none'),
    {
      preview: true,
      logger: false,
    },
  );
  app.setGlobalPrefix('api');
  const json = `${JSON.stringify(buildOpenApiDocument(app, config.version), null, 2)}\n`;
  if (mode === '--write') {
    await writeFile(target, json);
    process.stdout.write(`Wrote ${path.relative(process.cwd(), target)}\n`);
    return;
  }
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== json) {
    process.stderr.write('api/openapi.json is stale: run `npm run openapi` and commit the result.\n');
    process.exit(1);
  }
  process.stdout.write('api/openapi.json is up to date.\n');
}

void main();
