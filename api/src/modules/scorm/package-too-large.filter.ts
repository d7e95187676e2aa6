import { Catch, Inject, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { UploadTooLargeFilter } from '../../common/http/upload-too-large.filter.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';

@Injectable()
@Catch(PayloadTooLargeException)
export class PackageTooLargeFilter extends UploadTooLargeFilter {
  protected advice =
    'Ask the package author for a smaller build (for example with compressed video), or ask a platform admin to raise PACKAGE_MAX_MB.';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  protected limitBytes(): number {
    return this.config.packageMaxBytes;
  }
}
