import { createHash } from 'node:crypto';

/** Longest variable name SPSS accepts (R has no practical limit). */
export const MAX_NAME_LENGTH = 64;

/** A name both SPSS and R accept: lower case letters, digits and underscores, starting with a letter. */
export const VALID_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/** SPSS reserved keywords and R reserved words that are lower case: never used as a whole name. */
const RESERVED = new Set([
  'all',
  'and',
  'by',
  'eq',
  'ge',
  'gt',
  'le',
  'lt',
  'ne',
  'not',
  'or',
  'to',
  'with',
  'if',
  'else',
  'repeat',
  'while',
  'function',
  'for',
  'next',
  'break',
  'in',
]);

export function isValidVariableName(name: string): boolean {
  return VALID_NAME.test(name) && !RESERVED.has(name);
}

/**
 * Turns an id such as `cq-self-assessment_pre_drive-01` into a valid SPSS and R name: lower case, every
 * character outside [a-z0-9_] becomes `_`, a name that does not start with a letter (or is reserved) gets a
 * `v_` prefix, and a name longer than 64 characters is cut and given a short hash of the original so that
 * different long names stay different.
 */
export function variableName(raw: string): string {
  let name = raw.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (!/^[a-z]/.test(name) || RESERVED.has(name)) name = `v_${name}`;
  if (name.length > MAX_NAME_LENGTH) {
    const hash = createHash('sha256').update(raw).digest('hex').slice(0, 8);
    name = `${name.slice(0, MAX_NAME_LENGTH - 9)}_${hash}`;
  }
  return name;
}

/** Hands out names that are valid and unique within one file: a clash gets `_2`, `_3`, … */
export class NameBook {
  private readonly used = new Set<string>();

  take(raw: string): string {
    const base = variableName(raw);
    let name = base;
    for (let n = 2; this.used.has(name); n++) {
      const suffix = `_${n}`;
      name = `${base.slice(0, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
    }
    this.used.add(name);
    return name;
  }
}
