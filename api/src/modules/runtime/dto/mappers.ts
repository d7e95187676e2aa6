import type { AttemptRow, ScoRow, ScoStateRow } from '../runtime.repository.js';
import type { AttemptSummaryDto, ModuleScoDto } from './module.dto.js';

/** An attempt as the learner's module page and the L&D reports show it. */
export const attemptSummary = (a: AttemptRow): AttemptSummaryDto => ({
  id: a.id,
  number: a.number,
  completion: a.completion,
  success: a.success,
  scoreScaled: a.scoreScaled,
  totalSeconds: a.totalSeconds,
  startedAt: a.startedAt.toISOString(),
  completedAt: a.completedAt?.toISOString() ?? null,
});

/** One SCO of a package version with the attempt's state for it (not launched yet: not attempted). */
export const scoProgress = (s: ScoRow, st: ScoStateRow | undefined): ModuleScoDto => ({
  id: s.id,
  position: s.position,
  title: s.title,
  completion: st?.completion ?? 'not attempted',
  success: st?.success ?? 'unknown',
  scoreScaled: st?.scoreScaled ?? null,
  totalSeconds: st?.totalSeconds ?? 0,
  suspended: st?.exit === 'suspend',
});
