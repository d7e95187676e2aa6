import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { EvaluationService } from './evaluation.service.js';

const MINUTE = 60_000;

/**
 * Every minute, in the process that runs scheduled jobs (JOBS), recomputes the kept study evaluations that
 * researchers viewed in the last day and that a change has made stale, so that a researcher opening the
 * evaluation or a report after a submission or a consent decision usually gets it at once instead of waiting
 * for it to be computed. Not on the embedded database: it serves one query at a time, so a recomputation in
 * the background would hold up every request while it ran; there, views compute when asked.
 */
@Injectable()
export class EvaluationRefresher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EvaluationRefresher');
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly evaluation: EvaluationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap() {
    const embedded = this.config.databaseUrl === undefined;
    if (!this.config.jobs || embedded || this.config.evaluationCacheSeconds === 0) return;
    this.timer = setInterval(() => void this.run(), MINUTE);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const n = await this.evaluation.refreshStale();
      if (n) this.logger.log(`Recomputed ${n} study evaluation${n === 1 ? '' : 's'}`);
    } catch (err) {
      this.logger.warn({ err }, 'Refreshing study evaluations failed; will try again in a minute');
    } finally {
      this.running = false;
    }
  }
}
