/**
 * Complete-case selection. A missing value is `null` or NaN; a row (or pair) with any missing
 * value is left out and counted, never imputed.
 */
export type MaybeNumber = number | null;

function isMissing(x: MaybeNumber): boolean {
  return x === null || Number.isNaN(x);
}

export interface CompletePairs {
  pre: number[];
  post: number[];
  /** Pairs left out because pre, post or both were missing. */
  nExcluded: number;
}

/** The pairs (pre[i], post[i]) in which both values are present, in their original order. */
export function completePairs(pre: readonly MaybeNumber[], post: readonly MaybeNumber[]): CompletePairs {
  if (pre.length !== post.length) {
    throw new RangeError(`completePairs: ${pre.length} pre values but ${post.length} post values`);
  }
  const out: CompletePairs = { pre: [], post: [], nExcluded: 0 };
  for (let i = 0; i < pre.length; i++) {
    const a = pre[i];
    const b = post[i];
    if (a === null || b === null || isMissing(a) || isMissing(b)) {
      out.nExcluded += 1;
    } else {
      out.pre.push(a);
      out.post.push(b);
    }
  }
  return out;
}

export interface CompleteRows {
  rows: number[][];
  /** Rows left out because at least one value was missing. */
  nExcluded: number;
}

/** The rows of a matrix with no missing value, in their original order. */
export function completeRows(rows: readonly (readonly MaybeNumber[])[]): CompleteRows {
  const out: CompleteRows = { rows: [], nExcluded: 0 };
  for (const row of rows) {
    if (row.some(isMissing)) out.nExcluded += 1;
    else out.rows.push(row as number[]);
  }
  return out;
}
