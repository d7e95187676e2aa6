/** Small helpers for the report's inline SVG charts. */

/** A linear map from [domainLow, domainHigh] onto [rangeLow, rangeHigh]. */
export function linearScale(
  [domainLow, domainHigh]: readonly [number, number],
  [rangeLow, rangeHigh]: readonly [number, number],
): (value: number) => number {
  const span = domainHigh - domainLow || 1;
  return (value) => rangeLow + ((value - domainLow) / span) * (rangeHigh - rangeLow);
}

const STEPS = [0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10];

/** A domain widened to round numbers, and the ticks on it (at most about `maxTicks`). */
export function niceDomain(
  low: number,
  high: number,
  maxTicks = 8,
): { domain: [number, number]; ticks: number[] } {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return { domain: [0, 1], ticks: [0, 1] };
  if (low === high) {
    low -= 0.5;
    high += 0.5;
  }
  const step = STEPS.find((s) => (high - low) / s <= maxTicks) ?? STEPS[STEPS.length - 1]!;
  const round = (x: number) => Number(x.toFixed(6));
  const start = round(Math.floor(low / step + 1e-9) * step);
  const end = round(Math.ceil(high / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let i = 0; start + i * step <= end + step / 1000; i++) ticks.push(round(start + i * step));
  return { domain: [start, end], ticks };
}

/** A tick label without needless zeros: 0.5, 1, −0.25. */
export function tickLabel(value: number): string {
  const text = String(Number(value.toFixed(3)));
  return text.startsWith('-') ? `\u2212${text.slice(1)}` : text;
}
