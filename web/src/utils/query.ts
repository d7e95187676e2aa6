import type { LocationQueryValue } from 'vue-router';

type QueryValue = LocationQueryValue | LocationQueryValue[] | undefined;

/** The first value of a query parameter, or '' when it is absent. */
export function queryText(value: QueryValue): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** A page number from the query: a whole number from 1, otherwise 1. */
export function queryPage(value: QueryValue): number {
  const page = Number.parseInt(queryText(value), 10);
  return Number.isFinite(page) && page >= 1 ? page : 1;
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
