import { Foundation1763890000000 } from './1763890000000-Foundation.js';

/** Every migration, oldest first. A landed migration is never edited: add a new one. */
export const migrations = [Foundation1763890000000];
