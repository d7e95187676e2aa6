import { describe, expect, it } from 'vitest';
import { suppressBreakdown, suppressOne } from './suppression.js';

describe('small-cell suppression', () => {
  it('withholds counts from 1 to threshold − 1 and shows zero and larger counts', () => {
    expect(suppressOne(0, 10)).toEqual({ count: 0, display: '0' });
    expect(suppressOne(1, 10)).toEqual({ count: null, display: '<10' });
    expect(suppressOne(9, 10)).toEqual({ count: null, display: '<10' });
    expect(suppressOne(10, 10)).toEqual({ count: 10, display: '10' });
  });

  it('withholds a second cell when one alone would be found by subtracting from the total', () => {
    const { cells, total } = suppressBreakdown([40, 3, 25, 0], 10);
    expect(total).toEqual({ count: 68, display: '68' });
    expect(cells.map((c) => c.display)).toEqual(['40', '<10', 'withheld', '0']);
  });

  it('needs no second cell when two are already withheld', () => {
    const { cells } = suppressBreakdown([40, 3, 4, 25], 10);
    expect(cells.map((c) => c.display)).toEqual(['40', '<10', '<10', '25']);
  });

  it('withholds every non-zero cell when the total itself is small', () => {
    const { cells, total } = suppressBreakdown([5, 0, 2], 10);
    expect(total.display).toBe('<10');
    expect(cells.map((c) => c.count)).toEqual([null, 0, null]);
  });
});
