import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  Inject,
  Injectable,
  PayloadTooLargeException,
} from '@nestjs/common';
import { DomainError } from '../../common/errors.js';
import { ErrorFilter } from '../../common/http/error.filter.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';

/** Says how large an upload may be, instead of the generic "too large". */
@Injectable()
@Catch(PayloadTooLargeException)
export class UploadTooLargeFilter implements ExceptionFilter {
  private readonly errors = new ErrorFilter();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  catch(_: PayloadTooLargeException, host: ArgumentsHost): void {
    const mb = Math.round(this.config.importMaxBytes / 1024 / 1024);
    this.errors.catch(
      new DomainError(
        'PAYLOAD_TOO_LARGE',
        `The file is larger than ${mb} MB, the most that can be imported at once. Split it into smaller files.`,
      ),
      host,
    );
  }
}
