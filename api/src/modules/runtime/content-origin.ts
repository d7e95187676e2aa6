import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';

/**
 * The public origin of the content listener. Configured by CONTENT_ORIGIN; otherwise known only once the
 * listener has its port (tests listen on port 0), so it is set when the content server starts.
 */
@Injectable()
export class ContentOrigin {
  private resolved: string | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.resolved = config.contentOrigin;
  }

  /** Called by the content server once it listens. */
  listeningOn(port: number): void {
    if (!this.config.contentOrigin) this.resolved = `http://${this.config.contentHost}:${port}`;
  }

  get url(): string {
    return this.resolved ?? `http://${this.config.contentHost}:${this.config.contentPort}`;
  }

  /** The web app's origin, which alone may frame the player. */
  get appOrigin(): string {
    return new URL(this.config.publicUrl).origin;
  }
}
