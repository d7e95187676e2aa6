import 'reflect-metadata';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { ErrorFilter } from './common/http/error.filter.js';
import { createValidationPipe } from './common/http/validation.js';
import { AppConfig } from './config/config.js';
import { EmbeddedDatabase, startEmbeddedDatabase } from './database/embedded.js';
import { runMigrations } from './database/migrate.js';
import { AccountsRepository } from './modules/accounts/accounts.repository.js';
import { ResponseScoreBackfill } from './modules/assessments/response-scores.js';
import { InstrumentCatalogueService } from './modules/assessments/instrument-catalogue.service.js';
import { DemoSeeder, DemoSignIn } from './modules/demo/demo.seeder.js';
import { ContentOrigin } from './modules/runtime/content-origin.js';
import { CourseSeeder } from './modules/scorm/course-seeder.js';
import { PackageImportService } from './modules/scorm/package-import.service.js';
import { ContentServer } from './modules/runtime/content-server.js';

export interface RunningApp {
  app: NestExpressApplication;
  url: string;
  /** Where the content origin (package files, player, run-time API) listens. */
  contentUrl: string;
  databaseUrl: string;
  embedded: boolean;
  demoSignIns: DemoSignIn[];
  /** No platform admin exists yet: someone must run `npm run admin:create`. */
  needsFirstAdmin: boolean;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Listen on this port instead of config.port (0 picks a free one; tests use that). */
  port?: number;
  /** Keep the embedded database in memory instead of under DATA_DIR (tests). */
  inMemory?: boolean;
  /** Use this database URL regardless of config (integration tests create one database per file). */
  databaseUrl?: string;
  /** Listen for the content origin on this port instead of config.contentPort (0 picks a free one). */
  contentPort?: number;
}

export function buildOpenApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('CQ Pathway API')
    .setDescription(
      'Cultural intelligence training pilot for NHS partner trusts. Session cookie authentication; ' +
        'every POST, PUT, PATCH and DELETE sends the X-CSRF-Token header from GET /api/auth/session. ' +
        'Errors are { statusCode, code, message, correlationId, details? }.',
    )
    .setVersion(version)
    .addCookieAuth('cqp_session', { type: 'apiKey', in: 'cookie', name: 'cqp_session' }, 'session')
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
}

/** Everything applied to the Nest app, in one place, so tests run the same stack as production. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.setGlobalPrefix('api');
  app.use(cookieParser());
  app.useBodyParser('json', { limit: '1mb' });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();

  const docsHelmet = helmet({
    contentSecurityPolicy: {
      directives: {
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'script-src': ["'self'"],
      },
    },
  });
  const appHelmet = helmet({
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        // The module player is framed from the content origin, known once its listener is up.
        'frame-src': [(_req, _res) => app.get(ContentOrigin).url],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        'upgrade-insecure-requests': config.env === 'production' ? [] : null,
      },
    },
    strictTransportSecurity: config.env === 'production',
  });
  app.use((req: Request, res: Response, next: NextFunction) =>
    (req.path.startsWith('/api/docs') ? docsHelmet : appHelmet)(req, res, next),
  );

  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app, config.version), {
    jsonDocumentUrl: 'api/openapi.json',
  });

  const dist = config.webDist;
  if (dist && existsSync(path.join(dist, 'index.html'))) {
    app.useStaticAssets(dist, { index: false, maxAge: '1h', setHeaders: immutableAssets });
    // Client-side routes: any GET outside /api that wants HTML gets the single-page app.
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || req.path.startsWith('/api') || !req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(dist, 'index.html'));
    });
  }
}

function immutableAssets(res: Response, filePath: string) {
  if (filePath.includes(`${path.sep}assets${path.sep}`))
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
}

/** Starts the database (embedded unless configured), the app, migrations and demo data, and listens. */
export async function startServer(config: AppConfig, opts: StartOptions = {}): Promise<RunningApp> {
  let embedded: EmbeddedDatabase | undefined;
  const databaseUrl =
    opts.databaseUrl ??
    config.databaseUrl ??
    (embedded = await startEmbeddedDatabase(opts.inMemory ? undefined : config.dataDir, config.dbPoolSize))
      .url;
  let app: NestExpressApplication | undefined;
  try {
    app = await NestFactory.create<NestExpressApplication>(
      AppModule.register(config, databaseUrl, Boolean(embedded)),
      {
        bufferLogs: true,
        abortOnError: false,
      },
    );
    configureApp(app, config);
    await runMigrations(app.get(DataSource));
    await app.get(InstrumentCatalogueService).loadBundled();
    await app.get(ResponseScoreBackfill).run();
    await app.get(PackageImportService).backfillSequencing();
    if (config.seedCourses) await app.get(CourseSeeder).seed();
    const demoSignIns = config.demoMode ? await app.get(DemoSeeder).seed() : [];
    const needsFirstAdmin = (await app.get(AccountsRepository).countPlatformAdmins()) === 0;
    const contentPort = await app
      .get(ContentServer)
      .listen(opts.contentPort ?? (opts.port === 0 ? 0 : config.contentPort));
    await app.listen(opts.port ?? config.port, config.host);
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const running = app;
    return {
      app: running,
      url: `http://127.0.0.1:${port}`,
      contentUrl: `http://127.0.0.1:${contentPort}`,
      databaseUrl,
      embedded: Boolean(embedded),
      demoSignIns,
      needsFirstAdmin,
      async close() {
        await running.close();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
}
