import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '../errors.js';

/** A path id that is not a UUID names nothing: answer 404 rather than a parser message. */
export const uuidParam = () =>
  new ParseUUIDPipe({
    exceptionFactory: () => new DomainError('NOT_FOUND', 'There is nothing at this address.'),
  });
