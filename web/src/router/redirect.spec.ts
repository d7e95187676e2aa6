import { describe, expect, it } from 'vitest';
import { safeRedirect } from './redirect';

describe('safeRedirect', () => {
  it.each([
    ['/admin/trusts', '/admin/trusts'],
    ['/admin/accounts?q=sam#results', '/admin/accounts?q=sam#results'],
    ['/lnd/trusts/abc/people', '/lnd/trusts/abc/people'],
  ])('keeps the same-site path %s', (value, expected) => {
    expect(safeRedirect(value)).toBe(expected);
  });

  it.each([
    ['https://evil.example/admin'],
    ['//evil.example/admin'],
    ['/\\evil.example'],
    ['javascript:alert(1)'],
    ['admin'],
    ['/sign-in?redirect=/admin'],
    ['/admin\n'],
    [''],
    [null],
    [undefined],
  ])('refuses %j', (value) => {
    expect(safeRedirect(value)).toBeNull();
  });

  it('uses the first value when the query repeats', () => {
    expect(safeRedirect(['/learning', '/admin'])).toBe('/learning');
  });
});
