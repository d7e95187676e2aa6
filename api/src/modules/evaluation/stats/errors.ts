/**
 * An input the statistics cannot be computed from (too few values, a missing value where a
 * complete one is needed, no variation at all). The message is written for the person who
 * supplied the data and never contains a stack trace.
 */
export class StatsError extends Error {
  override readonly name = 'StatsError';
}
