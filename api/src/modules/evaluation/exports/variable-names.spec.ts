import { describe, expect, it } from 'vitest';
import { pseudonym } from './pseudonym.js';
import { isValidVariableName, NameBook, variableName } from './variable-names.js';

describe('variableName', () => {
  it('maps ids to lower-case names of letters, digits and underscores', () => {
    expect(variableName('cq-self-assessment_pre_drive-01')).toBe('cq_self_assessment_pre_drive_01');
    expect(variableName('Licensed.CQS pre')).toBe('licensed_cqs_pre');
  });

  it('starts every name with a letter and avoids reserved words', () => {
    expect(variableName('20-item_pre_overall')).toBe('v_20_item_pre_overall');
    expect(variableName('_x')).toBe('v__x');
    expect(variableName('to')).toBe('v_to');
    expect(variableName('if')).toBe('v_if');
  });

  it('keeps long names within 64 characters and distinct', () => {
    const a = variableName(`${'a'.repeat(70)}-one`);
    const b = variableName(`${'a'.repeat(70)}-two`);
    expect(a).toHaveLength(64);
    expect(b).toHaveLength(64);
    expect(a).not.toBe(b);
    expect(isValidVariableName(a)).toBe(true);
  });

  it('hands out unique names', () => {
    const book = new NameBook();
    expect(book.take('x-1')).toBe('x_1');
    expect(book.take('x_1')).toBe('x_1_2');
    expect(book.take('X-1')).toBe('x_1_3');
    const long = 'b'.repeat(64);
    expect(book.take(long)).toBe(long);
    const again = book.take(long);
    expect(again).toHaveLength(64);
    expect(again.endsWith('_2')).toBe(true);
  });

  it('accepts only valid names', () => {
    for (const ok of ['pid', 'a', 'cq_sjt_pre_overall', `a${'1'.repeat(63)}`])
      expect(isValidVariableName(ok), ok).toBe(true);
    for (const bad of ['', '1a', '_a', 'A', 'a-b', 'a.b', `a${'1'.repeat(64)}`, 'and', 'with'])
      expect(isValidVariableName(bad), bad).toBe(false);
  });
});

describe('pseudonym', () => {
  const person = '3f2b8a4e-0c1d-4e5f-8a9b-0c1d2e3f4a5b';

  it('is P and the first 16 hex digits of HMAC-SHA-256 of the person id under the study key', () => {
    // printf %s "$person" | openssl dgst -sha256 -hmac study-key-one
    expect(pseudonym('study-key-one', person)).toBe('P8f022e1b0026bb9d');
  });

  it('differs between studies and between people', () => {
    expect(pseudonym('study-key-two', person)).not.toBe(pseudonym('study-key-one', person));
    expect(pseudonym('study-key-one', '3f2b8a4e-0c1d-4e5f-8a9b-0c1d2e3f4a5c')).not.toBe(
      pseudonym('study-key-one', person),
    );
  });
});
