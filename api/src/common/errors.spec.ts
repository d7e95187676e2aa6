import { describe, expect, it } from 'vitest';
import { ERROR_CODES, statusFor } from './errors.js';

describe('statusFor', () => {
  it('maps every domain error code to an HTTP error status', () => {
    for (const code of ERROR_CODES) {
      const status = statusFor(code);
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
  });

  it('uses the statuses clients rely on', () => {
    expect(statusFor('VALIDATION_FAILED')).toBe(400);
    expect(statusFor('UNAUTHENTICATED')).toBe(401);
    expect(statusFor('FORBIDDEN')).toBe(403);
    expect(statusFor('CSRF_FAILED')).toBe(403);
    expect(statusFor('NOT_FOUND')).toBe(404);
    expect(statusFor('CONFLICT')).toBe(409);
    expect(statusFor('TOO_MANY_ATTEMPTS')).toBe(429);
    expect(statusFor('INTERNAL')).toBe(500);
  });
});
