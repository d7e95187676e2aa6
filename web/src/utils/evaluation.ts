import type { DeepReadonly } from 'vue';
import type { LocationQuery } from 'vue-router';
import type {
  ComparisonDto,
  EthnicGroupFilter,
  EvaluationBand,
  EvaluationDto,
  EvaluationQuery,
  FilterOptionDto,
} from '../api/types';
import { BANDS, bandLabel } from './enrolment';
import { queryText } from './query';

export type Evaluation = DeepReadonly<EvaluationDto>;
export type Comparison = DeepReadonly<ComparisonDto>;

/** The ethnic group filter: White, BME, then the other broad groups (the API's EthnicGroupFilter). */
export const ETHNIC_GROUP_OPTIONS: readonly { value: EthnicGroupFilter; text: string }[] = [
  { value: 'white', text: 'White' },
  { value: 'bme', text: 'BME (all stated groups except White)' },
  { value: 'mixed', text: 'Mixed or multiple ethnic groups' },
  { value: 'asian', text: 'Asian or Asian British' },
  { value: 'black', text: 'Black or Black British' },
  { value: 'other', text: 'Other ethnic groups' },
  { value: 'not_stated', text: 'Not stated' },
];

export const BAND_OPTIONS: readonly { value: EvaluationBand; text: string }[] = BANDS.map((band) => ({
  value: band,
  text: bandLabel(band),
}));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters in the address (anything the API would refuse is left out). */
export function filtersFromQuery(query: LocationQuery): EvaluationQuery {
  const filters: EvaluationQuery = {};
  const trustId = queryText(query.trustId);
  const cohortId = queryText(query.cohortId);
  const band = queryText(query.band);
  const ethnicGroup = queryText(query.ethnicGroup);
  if (UUID.test(trustId)) filters.trustId = trustId;
  if (UUID.test(cohortId)) filters.cohortId = cohortId;
  const knownBand = BAND_OPTIONS.find((option) => option.value === band);
  if (knownBand) filters.band = knownBand.value;
  const knownGroup = ETHNIC_GROUP_OPTIONS.find((option) => option.value === ethnicGroup);
  if (knownGroup) filters.ethnicGroup = knownGroup.value;
  return filters;
}

/** The filters as an address query, without empty ones, in a fixed order. */
export function filtersToQuery(filters: EvaluationQuery): Record<string, string> {
  const query: Record<string, string> = {};
  for (const name of ['trustId', 'cohortId', 'band', 'ethnicGroup'] as const) {
    const value = filters[name];
    if (value) query[name] = value;
  }
  return query;
}

/** "Synthetic Pilot Trust A, Band 8b", or "All participants" without filters. */
export function describeFilters(
  filters: EvaluationQuery,
  trusts: readonly DeepReadonly<FilterOptionDto>[],
  cohorts: readonly DeepReadonly<FilterOptionDto>[],
): string {
  const parts: string[] = [];
  if (filters.trustId) parts.push(trusts.find((t) => t.id === filters.trustId)?.name ?? 'One trust');
  if (filters.cohortId) parts.push(cohorts.find((c) => c.id === filters.cohortId)?.name ?? 'One cohort');
  if (filters.band) parts.push(bandLabel(filters.band));
  if (filters.ethnicGroup)
    parts.push(
      ETHNIC_GROUP_OPTIONS.find((o) => o.value === filters.ethnicGroup)?.text ?? filters.ethnicGroup,
    );
  return parts.length ? parts.join(', ') : 'All participants';
}

// Formatting -------------------------------------------------------------------------------------------

export const MISSING = '—';
const MINUS = '\u2212';

/** A number to `digits` decimals with a true minus sign; "—" when there is none. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  const text = Math.abs(value).toFixed(digits);
  // -0.001 to 2 decimals is 0.00, not −0.00.
  return value < 0 && Number(text) !== 0 ? `${MINUS}${text}` : text;
}

/** "0.31 to 0.53" */
export function formatInterval(low: number | null | undefined, high: number | null | undefined, digits = 2) {
  if (low === null || low === undefined || high === null || high === undefined) return MISSING;
  return `${formatNumber(low, digits)} to ${formatNumber(high, digits)}`;
}

/** A p-value for a table: "< 0.001" or three decimals. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return MISSING;
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** A p-value in a sentence: "p < 0.001" or "p = 0.012". */
export function pPhrase(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** A share (0–1) as a percentage: 0.106 → "10.6%". */
export function formatPercent(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return MISSING;
  return `${formatNumber(share * 100, digits)}%`;
}

/** Cohen's conventional label for a standardised effect size. */
export function effectLabel(d: number): 'negligible' | 'small' | 'medium' | 'large' {
  const size = Math.abs(d);
  if (size < 0.2) return 'negligible';
  if (size < 0.5) return 'small';
  if (size < 0.8) return 'medium';
  return 'large';
}

export function includesZero(low: number | null, high: number | null): boolean {
  return low !== null && high !== null && low <= 0 && high >= 0;
}

export const TIMEPOINT_LABEL: Readonly<Record<ComparisonDto['from'], string>> = {
  pre: 'Pre',
  post: 'Post',
  follow_up: 'Follow-up',
};

export const WILCOXON_METHOD_LABEL: Readonly<
  Record<NonNullable<ComparisonDto['wilcoxon']>['method'], string>
> = {
  exact: 'exact',
  'normal-cc': 'normal approx.',
};

/**
 * Points of the rating scale of the bundled instruments, which the evaluation does not carry. Another
 * instrument's change is given in points without naming the scale.
 */
const SCALE_POINTS: Readonly<Record<string, number>> = {
  'cq-self-assessment': 7,
  'reaction-survey': 5,
};

export function scalePoints(instrumentKey: string | undefined): number | null {
  return instrumentKey ? (SCALE_POINTS[instrumentKey] ?? null) : null;
}

/** The self-assessment the capabilities are scored from (the SJT and reaction survey have their own keys). */
export function capabilityInstrument(evaluation: Evaluation) {
  return (
    evaluation.instruments.find((i) => i.key === 'cq-self-assessment') ??
    evaluation.instruments.find((i) => !/sjt|judgement|survey|feedback|reaction/i.test(`${i.key} ${i.label}`))
  );
}

export function surveyInstrument(evaluation: Evaluation) {
  return (
    evaluation.instruments.find((i) => i.key === 'reaction-survey') ??
    evaluation.instruments.find((i) => /survey|feedback|reaction/i.test(`${i.key} ${i.label}`))
  );
}

/** A count as words for a sentence: "254", "fewer than 10", "some (number withheld)". */
export function countPhrase(count: { count: number | null; display: string }, threshold: number): string {
  if (count.count !== null) return String(count.count);
  if (count.display.startsWith('<')) return `fewer than ${threshold}`;
  if (count.display === 'withheld') return 'some (number withheld)';
  return count.display;
}

/** The capability comparisons with results, in the order the API gives them, without the overall score. */
export function capabilitiesOnly(comparisons: readonly Comparison[]): readonly Comparison[] {
  return comparisons.filter((c) => c.measure !== 'overall');
}
