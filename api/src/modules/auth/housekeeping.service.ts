import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SessionRepository } from './session.repository.js';

const HOUR = 3_600_000;
/** Failures older than this no longer count towards any window (the longest allowed is a day). */
const KEEP_FAILURES_SECONDS = 86_400;

/** Hourly: drops expired sessions and sign-in failures too old to count. */
@Injectable()
export class HousekeepingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Housekeeping');
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly sessions: SessionRepository) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.run(), HOUR);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  async run(): Promise<void> {
    try {
      await this.sessions.deleteExpired();
      await this.sessions.pruneFailures(KEEP_FAILURES_SECONDS);
    } catch (err) {
      this.logger.warn({ err }, 'Housekeeping failed; will try again in an hour');
    }
  }
}
