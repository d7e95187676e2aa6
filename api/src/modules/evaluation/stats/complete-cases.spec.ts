import { describe, expect, it } from 'vitest';
import { completePairs, completeRows } from './complete-cases.js';

describe('completePairs', () => {
  it('keeps pairs with both values, in order, and counts the rest (null or NaN is missing)', () => {
    expect(completePairs([1, null, 3, 4, Number.NaN], [5, 6, null, 8, 9])).toEqual({
      pre: [1, 4],
      post: [5, 8],
      nExcluded: 3,
    });
  });

  it('keeps zeros (a zero is a value, not a missing one)', () => {
    expect(completePairs([0], [0])).toEqual({ pre: [0], post: [0], nExcluded: 0 });
  });

  it('refuses columns of different lengths', () => {
    expect(() => completePairs([1], [1, 2])).toThrow(RangeError);
  });
});

describe('completeRows', () => {
  it('keeps rows without a missing value', () => {
    expect(
      completeRows([
        [1, 2],
        [null, 3],
        [4, Number.NaN],
        [5, 6],
      ]),
    ).toEqual({
      rows: [
        [1, 2],
        [5, 6],
      ],
      nExcluded: 2,
    });
  });
});
