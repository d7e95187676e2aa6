import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { migrations } from '@cqp/migrations';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { AccessService } from './common/auth/access.service.js';
import { AuthGuard } from './common/auth/auth.guard.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { ENTITIES } from './database/entities.js';
import { AccountsModule } from './modules/accounts/accounts.module.js';
import { AssessmentsModule } from './modules/assessments/assessments.module.js';
import { EvaluationModule } from './modules/evaluation/evaluation.module.js';
import { ExportsModule } from './modules/evaluation/exports/exports.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { DemoModule } from './modules/demo/demo.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { MailModule } from './modules/mail/mail.module.js';
import { StudiesModule } from './modules/studies/studies.module.js';
import { TrustsModule } from './modules/trusts/trusts.module.js';
import { CohortsModule } from './modules/cohorts/cohorts.module.js';
import { LearningModule } from './modules/learning/learning.module.js';
import { PeopleModule } from './modules/people/people.module.js';
import { ProgrammesModule } from './modules/programmes/programmes.module.js';
import { RemindersModule } from './modules/reminders/reminders.module.js';
import { RuntimeModule } from './modules/runtime/runtime.module.js';
import { ScormModule } from './modules/scorm/scorm.module.js';
import { DATABASE_URL, EMBEDDED_DATABASE } from './database/tokens.js';

export const CORRELATION_HEADER = 'x-request-id';
const CORRELATION_ID = /^[\w.-]{8,100}$/;

@Module({})
export class AppModule {
  static register(config: AppConfig, databaseUrl: string, embedded = false): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // One id per request: taken from a well-formed incoming X-Request-Id, or made here; always echoed back.
            genReqId: (req, res) => {
              const incoming = req.headers[CORRELATION_HEADER];
              const id =
                typeof incoming === 'string' && CORRELATION_ID.test(incoming) ? incoming : randomUUID();
              res.setHeader('X-Request-Id', id);
              return id;
            },
            redact: {
              paths: [
                'req.headers.cookie',
                'req.headers.authorization',
                'req.headers["x-csrf-token"]',
                'res.headers["set-cookie"]',
              ],
              censor: '[redacted]',
            },
            autoLogging: { ignore: (req) => req.url === '/api/health' },
            customProps: () => ({ service: 'cq-pathway-api' }),
          },
        }),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: databaseUrl,
          entities: ENTITIES,
          migrations,
          migrationsTableName: 'typeorm_migrations',
          synchronize: false,
          migrationsRun: false,
          retryAttempts: 2,
          retryDelay: 1000,
          extra: { max: config.dbPoolSize, connectionTimeoutMillis: 10_000 },
        }),
        AuditModule,
        MailModule,
        AuthModule,
        AccountsModule,
        TrustsModule,
        StudiesModule,
        HealthModule,
        DemoModule,
        PeopleModule,
        ProgrammesModule,
        CohortsModule,
        LearningModule,
        RemindersModule,
        ScormModule,
        RuntimeModule,
        AssessmentsModule,
        EvaluationModule,
        ExportsModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATABASE_URL, useValue: databaseUrl },
        { provide: EMBEDDED_DATABASE, useValue: embedded },
        AccessService,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [APP_CONFIG, DATABASE_URL, EMBEDDED_DATABASE, AccessService],
    };
  }
}
