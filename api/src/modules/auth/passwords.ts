import argon2 from 'argon2';
import { invalid } from '../../common/errors.js';

/** OWASP's argon2id baseline: 19 MiB memory, 2 iterations, 1 lane. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

/** A real hash of a random string: verified against when the account does not exist, so timing does not reveal it. */
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    dummyHash ??= hashPassword(`no-account-${Math.random()}`);
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return argon2.verify(hash, password).catch(() => false);
}

/** NCSC guidance: length over composition rules. */
export function assertPasswordAcceptable(password: string, email: string): void {
  if (password.length < PASSWORD_MIN) {
    throw invalid('password', `Password must be at least ${PASSWORD_MIN} characters.`);
  }
  if (password.length > PASSWORD_MAX) {
    throw invalid('password', `Password must be ${PASSWORD_MAX} characters or fewer.`);
  }
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) {
    throw invalid('password', 'Password must not be your email address.');
  }
}
