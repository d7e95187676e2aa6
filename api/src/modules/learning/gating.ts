/**
 * Which programme steps a learner may open, decided from step kinds and completions only (never from
 * what a step plays), so the rule holds for any programme:
 * - modules open once the pre-assessment is submitted or waived (when the programme has one);
 * - the post-assessment opens once every module is done;
 * - the follow-up opens `offsetDays` after the post-assessment was done (UK calendar date).
 */
export interface GateStep {
  id: string;
  kind: 'assessment' | 'module' | 'follow_up';
  timepoint: 'pre' | 'post' | 'follow_up' | null;
  offsetDays: number | null;
}

export interface StepDone {
  /** YYYY-MM-DD (UK) the step was completed, or null when it was waived without completion. */
  completedOn: string | null;
  waived: boolean;
}

export interface Gate {
  locked: boolean;
  /** Why, in words for the learner; null when open. */
  reason: string | null;
  /** YYYY-MM-DD the step opens, when that is a date. */
  opensOn: string | null;
}

const OPEN: Gate = { locked: false, reason: null, opensOn: null };

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function formatUkDate(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export function gates(steps: GateStep[], done: Map<string, StepDone>, today: string): Map<string, Gate> {
  const pre = steps.find((s) => s.kind === 'assessment' && s.timepoint === 'pre');
  const post = steps.find((s) => s.kind === 'assessment' && s.timepoint === 'post');
  const modules = steps.filter((s) => s.kind === 'module');
  const preDone = !pre || done.has(pre.id);
  const modulesDone = modules.every((m) => done.has(m.id));
  const result = new Map<string, Gate>();
  for (const s of steps) {
    if (done.has(s.id)) {
      result.set(s.id, OPEN);
    } else if (s.kind === 'module' && !preDone) {
      result.set(s.id, {
        locked: true,
        reason: 'Opens when you have done the pre-assessment.',
        opensOn: null,
      });
    } else if (s.kind === 'assessment' && s.timepoint === 'post' && !modulesDone) {
      result.set(s.id, { locked: true, reason: 'Opens when you have finished every module.', opensOn: null });
    } else if (s.kind === 'follow_up') {
      const postDone = post ? done.get(post.id) : undefined;
      if (!postDone) {
        result.set(s.id, {
          locked: true,
          reason: `Opens ${s.offsetDays ?? 0} days after your post-assessment.`,
          opensOn: null,
        });
        continue;
      }
      const from = postDone.completedOn ?? today;
      const opensOn = addDays(from, s.offsetDays ?? 0);
      result.set(
        s.id,
        opensOn > today ? { locked: true, reason: `Opens on ${formatUkDate(opensOn)}.`, opensOn } : OPEN,
      );
    } else {
      result.set(s.id, OPEN);
    }
  }
  return result;
}
