import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from '../errors.js';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Validates and transforms every DTO; unknown properties are refused; messages name the field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new DomainError(
        'VALIDATION_FAILED',
        details[0]?.message ?? 'Check the information you entered.',
        details,
      );
    },
  });
}
