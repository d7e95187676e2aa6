import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting the process reads from its environment. Validated once at boot; a bad value
 * stops the process with one line that names the variable and what is allowed.
 * `.env.example` at the repository root lists the same variables.
 */
const bool = (name: string) =>
  z
    .enum(['true', 'false', '1', '0'], { error: `${name} must be true or false` })
    .transform((v) => v === 'true' || v === '1');

const int = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `${name} must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `${name} must be a whole number from ${min} to ${max}` });

const url = (name: string, protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { error: `${name} must be a URL starting ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const schema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], {
      error: 'NODE_ENV must be development, production or test',
    })
    .default('development'),
  PORT: int('PORT', 1, 65535).default(3000),
  HOST: z.string().min(1, { error: 'HOST must not be empty' }).default('0.0.0.0'),
  PUBLIC_URL: url('PUBLIC_URL', ['http:', 'https:']).optional(),
  DATABASE_URL: url('DATABASE_URL', ['postgres:', 'postgresql:']).optional(),
  DATA_DIR: z.string().min(1, { error: 'DATA_DIR must not be empty' }).default('.data'),
  DB_POOL_SIZE: int('DB_POOL_SIZE', 1, 200).default(10),
  DEMO_MODE: z
    .enum(['auto', 'true', 'false'], { error: 'DEMO_MODE must be auto, true or false' })
    .default('auto'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  TRUST_PROXY: int('TRUST_PROXY', 0, 10).default(0),
  SESSION_IDLE_MINUTES: int('SESSION_IDLE_MINUTES', 1, 1440).default(60),
  SESSION_MAX_HOURS: int('SESSION_MAX_HOURS', 1, 168).default(12),
  SIGN_IN_MAX_FAILURES: int('SIGN_IN_MAX_FAILURES', 1, 100).default(5),
  SIGN_IN_WINDOW_SECONDS: int('SIGN_IN_WINDOW_SECONDS', 1, 86400).default(900),
  PASSWORD_RESET_TTL_MINUTES: int('PASSWORD_RESET_TTL_MINUTES', 5, 1440).default(60),
  INVITATION_TTL_DAYS: int('INVITATION_TTL_DAYS', 1, 60).default(7),
  SMTP_URL: url('SMTP_URL', ['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z
    .string()
    .min(3, { error: 'MAIL_FROM must be an address' })
    .default('CQ Pathway <no-reply@cq-pathway.invalid>'),
  IMPORT_MAX_MB: int('IMPORT_MAX_MB', 1, 500).default(20),
  IMPORT_MAX_ROWS: int('IMPORT_MAX_ROWS', 1, 1_000_000).default(100_000),
  REMINDER_DUE_SOON_DAYS: int('REMINDER_DUE_SOON_DAYS', 1, 60).default(7),
  REMINDER_MIN_INTERVAL_DAYS: int('REMINDER_MIN_INTERVAL_DAYS', 1, 60).default(7),
  REMINDER_CRON: z
    .string()
    .min(9, { error: 'REMINDER_CRON must be a cron expression like "0 8 * * 1-5"' })
    .default('0 8 * * 1-5'),
  JOBS: bool('JOBS').default(true),
  PACKAGE_MAX_MB: int('PACKAGE_MAX_MB', 1, 4096).default(500),
  PACKAGE_STORE_DIR: z.string().min(1, { error: 'PACKAGE_STORE_DIR must not be empty' }).optional(),
  CONTENT_PORT: int('CONTENT_PORT', 0, 65535).optional(),
  CONTENT_ORIGIN: url('CONTENT_ORIGIN', ['http:', 'https:']).optional(),
  LAUNCH_TTL_HOURS: int('LAUNCH_TTL_HOURS', 1, 168).default(12),
  SEED_COURSES: bool('SEED_COURSES').default(true),
  COURSE_PACKAGES_DIR: z.string().min(1, { error: 'COURSE_PACKAGES_DIR must not be empty' }).optional(),
  COURSE_SCORM_VERSION: z
    .enum(['1.2', '2004'], { error: 'COURSE_SCORM_VERSION must be 1.2 or 2004' })
    .default('2004'),
  SMALL_CELL_THRESHOLD: int('SMALL_CELL_THRESHOLD', 1, 100).default(10),
  EVALUATION_CACHE_SECONDS: int('EVALUATION_CACHE_SECONDS', 0, 86400).default(300),
  WEB_DIST: z.string().optional(),
  SERVE_WEB: bool('SERVE_WEB').default(true),
});

export type Env = z.infer<typeof schema>;

export interface AppConfig {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolSize: number;
  demoMode: boolean;
  logLevel: Env['LOG_LEVEL'];
  trustProxy: number;
  session: { idleMinutes: number; maxHours: number };
  signIn: { maxFailures: number; windowSeconds: number };
  passwordResetTtlMinutes: number;
  invitationTtlDays: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  webDist: string | undefined;
  importMaxBytes: number;
  importMaxRows: number;
  reminders: { dueSoonDays: number; minIntervalDays: number; cron: string };
  /** Run scheduled jobs (reminders) in this process. */
  jobs: boolean;
  packageMaxBytes: number;
  /** Where package files are stored, content-addressed. */
  packageStoreDir: string;
  /** Port of the content origin's listener (package files, the player and the run-time API). */
  contentPort: number;
  /**
   * Public origin of the content listener. Unset: http on the loopback address whose host name differs from
   * PUBLIC_URL's (127.0.0.1 or localhost), with the port known once it listens.
   */
  contentOrigin: string | undefined;
  /** Host name the default content origin uses when CONTENT_ORIGIN is unset. */
  contentHost: string;
  launchTtlHours: number;
  /** Import the built course packages into the global catalogue at start (and attach them to the programme). */
  seedCourses: boolean;
  coursePackagesDir: string;
  /** Which of each course's two builds the programme's module steps play. */
  courseScormVersion: '1.2' | '2004';
  /** Built player page and its assets (web/dist-player, beside WEB_DIST). */
  playerDist: string;
  /** Research views show counts below this as "<N" (and suppress a second cell so totals cannot reveal them). */
  smallCellThreshold: number;
  /**
   * How long a computed study evaluation may be reused (0: never). Any change to responses, consent,
   * enrolments or module completion makes it stale at once; this bounds the age of module time and
   * decision-point counts, which come from SCORM run-time data.
   */
  evaluationCacheSeconds: number;
  version: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses the environment. Throws ConfigError whose message is one line naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, repoRoot = process.cwd()): AppConfig {
  const present = Object.fromEntries(
    Object.keys(schema.shape)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]);
    throw new ConfigError(`Invalid configuration: ${issue.message} (got ${JSON.stringify(env[name])}).`);
  }
  const e = parsed.data;
  const embedded = !e.DATABASE_URL;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const publicHost = new URL(publicUrl).hostname;
  const contentOrigin = e.CONTENT_ORIGIN ? new URL(e.CONTENT_ORIGIN).origin : undefined;
  if (contentOrigin && new URL(contentOrigin).hostname === publicHost)
    throw new ConfigError(
      `Invalid configuration: CONTENT_ORIGIN must use a different host name from PUBLIC_URL (${publicHost}), because browsers send one host's cookies to every port of it (got ${JSON.stringify(env.CONTENT_ORIGIN)}).`,
    );
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(repoRoot, e.DATA_DIR),
    dbPoolSize: embedded ? Math.min(e.DB_POOL_SIZE, 4) : e.DB_POOL_SIZE,
    demoMode: e.DEMO_MODE === 'auto' ? embedded && e.NODE_ENV !== 'production' : e.DEMO_MODE === 'true',
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS },
    signIn: { maxFailures: e.SIGN_IN_MAX_FAILURES, windowSeconds: e.SIGN_IN_WINDOW_SECONDS },
    passwordResetTtlMinutes: e.PASSWORD_RESET_TTL_MINUTES,
    invitationTtlDays: e.INVITATION_TTL_DAYS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    importMaxBytes: e.IMPORT_MAX_MB * 1024 * 1024,
    importMaxRows: e.IMPORT_MAX_ROWS,
    reminders: {
      dueSoonDays: e.REMINDER_DUE_SOON_DAYS,
      minIntervalDays: e.REMINDER_MIN_INTERVAL_DAYS,
      cron: e.REMINDER_CRON,
    },
    jobs: e.JOBS,
    packageMaxBytes: e.PACKAGE_MAX_MB * 1024 * 1024,
    packageStoreDir: path.resolve(repoRoot, e.PACKAGE_STORE_DIR ?? path.join(e.DATA_DIR, 'packages')),
    webDist: e.SERVE_WEB ? path.resolve(repoRoot, e.WEB_DIST ?? 'web/dist') : undefined,
    contentPort: e.CONTENT_PORT ?? (e.PORT === 65535 ? 0 : e.PORT + 1),
    contentOrigin,
    contentHost: publicHost === '127.0.0.1' ? 'localhost' : '127.0.0.1',
    launchTtlHours: e.LAUNCH_TTL_HOURS,
    smallCellThreshold: e.SMALL_CELL_THRESHOLD,
    evaluationCacheSeconds: e.EVALUATION_CACHE_SECONDS,
    seedCourses: e.SEED_COURSES,
    coursePackagesDir: path.resolve(repoRoot, e.COURSE_PACKAGES_DIR ?? 'content/dist'),
    courseScormVersion: e.COURSE_SCORM_VERSION,
    playerDist: path.resolve(
      repoRoot,
      e.WEB_DIST ? path.join(e.WEB_DIST, '..', 'dist-player') : 'web/dist-player',
    ),
    version: process.env.npm_package_version ?? '0.1.0',
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
