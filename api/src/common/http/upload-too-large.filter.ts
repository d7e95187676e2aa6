import { ArgumentsHost, ExceptionFilter, PayloadTooLargeException } from '@nestjs/common';
import { DomainError } from '../errors.js';
import { ErrorFilter } from './error.filter.js';

/**
 * Turns multer's "file too large" into a message that says the limit and what to do. Subclass
 * per kind of upload with `@Catch(PayloadTooLargeException)` and the limit that applies.
 */
export abstract class UploadTooLargeFilter implements ExceptionFilter {
  private readonly errors = new ErrorFilter();

  protected abstract limitBytes(): number;
  protected abstract advice: string;

  catch(_: PayloadTooLargeException, host: ArgumentsHost): void {
    const mb = Math.round(this.limitBytes() / 1024 / 1024);
    this.errors.catch(
      new DomainError(
        'PAYLOAD_TOO_LARGE',
        `The file is larger than ${mb} MB, the most that can be uploaded here. ${this.advice}`,
      ),
      host,
    );
  }
}
