/**
 * Small-cell suppression for research views, applied on the server before anything leaves it.
 *
 * Primary: a count from 1 to threshold − 1 is withheld (shown as "<threshold"); zero is shown, since
 * it reveals nothing about a person. A total below the threshold is withheld with every cell in it.
 * Secondary: when the total is shown and exactly one cell of a breakdown is withheld, the smallest
 * other non-zero cell is withheld too (shown as "withheld"), so the hidden count cannot be found by
 * subtraction.
 */
export interface SuppressedCount {
  /** The count, or null when withheld. */
  count: number | null;
  /** What to show: the count, or "<threshold". */
  display: string;
}

export function suppressOne(count: number, threshold: number): SuppressedCount {
  return count > 0 && count < threshold
    ? { count: null, display: `<${threshold}` }
    : { count, display: String(count) };
}

/** A breakdown whose cells add up to `total` (people are in exactly one cell). */
export function suppressBreakdown(
  counts: number[],
  threshold: number,
): { cells: SuppressedCount[]; total: SuppressedCount } {
  const totalCount = counts.reduce((a, b) => a + b, 0);
  const total = suppressOne(totalCount, threshold);
  if (total.count === null) {
    return { cells: counts.map((c) => (c === 0 ? suppressOne(0, threshold) : hidden(threshold))), total };
  }
  const cells = counts.map((c) => suppressOne(c, threshold));
  const withheld = cells.filter((c) => c.count === null).length;
  if (withheld === 1) {
    let smallest = -1;
    cells.forEach((c, i) => {
      if (c.count !== null && c.count > 0 && (smallest === -1 || c.count < (cells[smallest].count as number)))
        smallest = i;
    });
    if (smallest !== -1) cells[smallest] = { count: null, display: 'withheld' };
  }
  return { cells, total };
}

const hidden = (threshold: number): SuppressedCount => ({ count: null, display: `<${threshold}` });
