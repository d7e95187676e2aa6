import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { useFormErrors } from './useFormErrors';

describe('useFormErrors', () => {
  const fields = { name: 'trust-name', odsCode: 'trust-ods' } as const;

  it('lists field errors in field order, linking each to its input', () => {
    const errors = useFormErrors(fields);

    errors.fail({ odsCode: 'Enter the ODS code', name: 'Enter the name' });

    expect(errors.summary.value).toEqual([
      { text: 'Enter the name', href: '#trust-name' },
      { text: 'Enter the ODS code', href: '#trust-ods' },
    ]);
    expect(errors.errorFor('odsCode')).toBe('Enter the ODS code');
    expect(errors.attempt.value).toBe(1);
  });

  it('places API validation details beside their fields and keeps unknown ones for the summary', () => {
    const errors = useFormErrors(fields);

    errors.failWith(
      new ApiError({
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'ODS code must be 3 to 10 letters and numbers',
        details: [
          { field: 'odsCode', message: 'ODS code must be 3 to 10 letters and numbers' },
          { field: 'colour', message: 'property colour should not exist' },
        ],
      }),
    );

    expect(errors.errorFor('odsCode')).toBe('ODS code must be 3 to 10 letters and numbers');
    expect(errors.summary.value).toEqual([
      { text: 'property colour should not exist' },
      { text: 'ODS code must be 3 to 10 letters and numbers', href: '#trust-ods' },
    ]);
  });

  it('can attach an error code to a field, or show the message on its own', () => {
    const errors = useFormErrors(fields);
    const conflict = new ApiError({
      status: 409,
      code: 'CONFLICT',
      message: 'A trust with ODS code RXX already exists.',
    });

    errors.failWith(conflict, { CONFLICT: 'odsCode' });
    expect(errors.errorFor('odsCode')).toBe('A trust with ODS code RXX already exists.');

    errors.failWith(conflict);
    expect(errors.errorFor('odsCode')).toBeUndefined();
    expect(errors.summary.value).toEqual([{ text: 'A trust with ODS code RXX already exists.' }]);

    errors.clear();
    expect(errors.hasErrors.value).toBe(false);
  });
});
