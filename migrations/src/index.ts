import { Foundation1763890000000 } from './1763890000000-Foundation.js';
import { PeopleCohorts1763900000000 } from './1763900000000-PeopleCohorts.js';
import { ScormPackages1763910000000 } from './1763910000000-ScormPackages.js';
import { ScormRuntime1763920000000 } from './1763920000000-ScormRuntime.js';
import { Assessments1763930000000 } from './1763930000000-Assessments.js';
import { StudyPseudonyms1763940000000 } from './1763940000000-StudyPseudonyms.js';
import { ResponseScores1763950000000 } from './1763950000000-ResponseScores.js';
import { EvaluationCache1763960000000 } from './1763960000000-EvaluationCache.js';
import { ScormSequencing1763970000000 } from './1763970000000-ScormSequencing.js';

/** Every migration, oldest first. A landed migration is never edited: add a new one. */
export const migrations = [
  Foundation1763890000000,
  PeopleCohorts1763900000000,
  ScormPackages1763910000000,
  ScormRuntime1763920000000,
  Assessments1763930000000,
  StudyPseudonyms1763940000000,
  ResponseScores1763950000000,
  EvaluationCache1763960000000,
  ScormSequencing1763970000000,
];
