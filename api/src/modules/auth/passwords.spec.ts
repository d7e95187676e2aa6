import { describe, expect, it } from 'vitest';
import { DomainError } from '../../common/errors.js';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './passwords.js';
import { describeWait } from './auth.service.js';

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery!')).toBe(false);
    expect(await verifyPassword(null, 'anything')).toBe(false);
  });

  it('refuses short passwords and the email address, with the reason', () => {
    const reason = (p: string) => {
      try {
        assertPasswordAcceptable(p, 'sam@trust.nhs.uk');
        return 'ok';
      } catch (e) {
        return (e as DomainError).message;
      }
    };
    expect(reason('elevenchars')).toBe('Password must be at least 12 characters.');
    expect(reason('Sam@Trust.nhs.uk')).toBe('Password must not be your email address.');
    expect(reason('x'.repeat(257))).toBe('Password must be 256 characters or fewer.');
    expect(reason('twelve chars')).toBe('ok');
  });

  it('describes waits in words', () => {
    expect(describeWait(1)).toBe('1 second');
    expect(describeWait(45)).toBe('45 seconds');
    expect(describeWait(61)).toBe('2 minutes');
  });
});
