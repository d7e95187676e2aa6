/**
 * How far an enrolment has got, derived from step completion. Kept pure so the rule is in one
 * place: the SQL in CohortsRepository supplies the facts, this decides the status and the stages.
 */
export const ENROLMENT_STATUSES = [
  'not_started',
  'in_progress',
  'completed',
  'overdue',
  'withdrawn',
] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

export const FUNNEL_STAGES = [
  'enrolled',
  'started',
  'pre_done',
  'modules_done',
  'post_done',
  'follow_up_done',
] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export const FUNNEL_LABELS: Record<FunnelStage, string> = {
  enrolled: 'Enrolled',
  started: 'Started',
  pre_done: 'Pre-assessment done',
  modules_done: 'All modules done',
  post_done: 'Post-assessment done',
  follow_up_done: 'Follow-up done',
};

export const STATUS_LABELS: Record<EnrolmentStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  overdue: 'Overdue',
  withdrawn: 'Withdrawn',
};

/** The facts about one enrolment that status and funnel depend on. */
export interface ProgressFacts {
  withdrawn: boolean;
  /** Steps in the programme, and how many of them this enrolment has completed (or had waived). */
  stepsTotal: number;
  stepsCompleted: number;
  /** Any step started or completed. */
  anyActivity: boolean;
  preDone: boolean;
  /** Every module step completed (true when the programme has none). */
  modulesDone: boolean;
  postDone: boolean;
  followUpDone: boolean;
  /** The cohort's due date, YYYY-MM-DD. */
  dueDate: string;
}

/** Not started → in progress → completed; overdue once the due date has passed unfinished; withdrawn wins. */
export function deriveStatus(f: ProgressFacts, today: string): EnrolmentStatus {
  if (f.withdrawn) return 'withdrawn';
  if (f.stepsTotal > 0 && f.stepsCompleted >= f.stepsTotal) return 'completed';
  if (today > f.dueDate) return 'overdue';
  return f.anyActivity ? 'in_progress' : 'not_started';
}

/** The funnel stages this enrolment has reached, in order; a withdrawn enrolment reaches none. */
export function reachedStages(f: ProgressFacts): FunnelStage[] {
  if (f.withdrawn) return [];
  const reached: FunnelStage[] = ['enrolled'];
  const checks: [FunnelStage, boolean][] = [
    ['started', f.anyActivity],
    ['pre_done', f.preDone],
    ['modules_done', f.modulesDone && f.preDone],
    ['post_done', f.postDone],
    ['follow_up_done', f.followUpDone],
  ];
  for (const [stage, done] of checks) {
    if (!done) break;
    reached.push(stage);
  }
  return reached;
}

/** Today's date in the UK, YYYY-MM-DD: due dates are calendar dates in the trust's time zone. */
export function todayInLondon(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
