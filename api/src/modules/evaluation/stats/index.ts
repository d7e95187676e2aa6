/**
 * Pure statistics engine for pre/post evaluation data: no database, no Nest. Distributions come
 * from jStat and @stdlib (see distributions.ts); this code computes only the test statistics and
 * formulas. Each function documents its method, and the specs check it against R 4.2.2.
 */
export * from './complete-cases.js';
export * from './cronbach-alpha.js';
export * from './descriptives.js';
export * from './distributions.js';
export * from './effect-sizes.js';
export * from './errors.js';
export * from './p-adjust.js';
export * from './paired-t.js';
export * from './root-finding.js';
export * from './wilcoxon.js';
