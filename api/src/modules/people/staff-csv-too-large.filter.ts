import { Catch, Inject, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { UploadTooLargeFilter } from '../../common/http/upload-too-large.filter.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';

@Injectable()
@Catch(PayloadTooLargeException)
export class StaffCsvTooLargeFilter extends UploadTooLargeFilter {
  protected advice = 'Split the staff file into smaller files.';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  protected limitBytes(): number {
    return this.config.importMaxBytes;
  }
}
