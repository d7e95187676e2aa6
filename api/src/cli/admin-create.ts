import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module.js';
import { DomainError } from '../common/errors.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { startEmbeddedDatabase } from '../database/embedded.js';
import { runMigrations } from '../database/migrate.js';
import { AccountsRepository } from '../modules/accounts/accounts.repository.js';
import { assertPasswordAcceptable, hashPassword } from '../modules/auth/passwords.js';

const USAGE =
  'Usage: npm run admin:create -- --email someone@nhs.net [--name "Full Name"]\n' +
  'The password is read from ADMIN_PASSWORD, or asked for when run in a terminal.\n';

/** Reads a line without echoing it. */
function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stdout.write(chunk);
      cb();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

async function main() {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
  const email = values.email?.trim().toLowerCase();
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  let password = process.env.ADMIN_PASSWORD;
  if (!password) {
    if (!process.stdin.isTTY) {
      process.stderr.write('Set ADMIN_PASSWORD, or run this in a terminal to be asked for the password.\n');
      process.exit(2);
    }
    password = await promptHidden(`Password for ${email}: `);
    if (password !== (await promptHidden('Same password again: '))) {
      process.stderr.write('The passwords did not match. Nothing was changed.\n');
      process.exit(1);
    }
  }
  assertPasswordAcceptable(password, email);

  const config = { ...loadConfig(), logLevel: 'warn' as const, demoMode: false, jobs: false };
  const embedded = config.databaseUrl ? undefined : await startEmbeddedDatabase(config.dataDir, 1);
  const ctx = await NestFactory.createApplicationContext(
    AppModule.register(config, config.databaseUrl ?? embedded!.url, !config.databaseUrl),
    {
      logger: ['error'],
    },
  );
  try {
    await runMigrations(ctx.get(DataSource));
    const accounts = ctx.get(AccountsRepository);
    const hash = await hashPassword(password);
    const userId = await accounts.transaction(async (m) => {
      const existing = await accounts.findByEmail(email, m);
      const user =
        existing ??
        (await accounts.create({ email, displayName: values.name?.trim() || email, status: 'active' }, m));
      await accounts.setPassword(user.id, hash, m);
      await accounts.addGrant({ userId: user.id, role: 'platform_admin' }, m);
      return user.id;
    });
    process.stdout.write(
      `${email} is a platform admin (account ${userId}). Sign in at ${config.publicUrl}/sign-in\n`,
    );
  } finally {
    await ctx.close();
    await embedded?.stop();
  }
}

main().catch((err: unknown) => {
  if (err instanceof DomainError || err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`Could not create the admin: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
});
