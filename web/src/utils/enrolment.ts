import type { TagColour } from '../components/base/types';
import type { Band, EnrolmentStatus, StatusCountsDto, StepKind } from '../api/types';

export const ENROLMENT_STATUSES: readonly EnrolmentStatus[] = [
  'not_started',
  'in_progress',
  'completed',
  'overdue',
  'withdrawn',
];

/** Each status as a tag: the words carry the meaning, the colour only repeats it. */
export const ENROLMENT_STATUS_TAG: Readonly<Record<EnrolmentStatus, { text: string; colour: TagColour }>> = {
  not_started: { text: 'Not started', colour: 'grey' },
  in_progress: { text: 'In progress', colour: 'blue' },
  completed: { text: 'Completed', colour: 'green' },
  overdue: { text: 'Overdue', colour: 'red' },
  withdrawn: { text: 'Withdrawn', colour: 'white' },
};

/** The counts shown for a cohort, in the order people read them. */
export const STATUS_COUNT_LABELS: Readonly<Record<keyof StatusCountsDto, string>> = {
  enrolled: 'Enrolled',
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  overdue: 'Overdue',
  withdrawn: 'Withdrawn',
};

export const STATUS_COUNT_KEYS = Object.keys(STATUS_COUNT_LABELS) as (keyof StatusCountsDto)[];

export function isEnrolmentStatus(value: unknown): value is EnrolmentStatus {
  return typeof value === 'string' && (ENROLMENT_STATUSES as readonly string[]).includes(value);
}

/** Agenda for Change bands, as the staff record holds them. */
export const BANDS: readonly Band[] = [
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8a',
  '8b',
  '8c',
  '8d',
  '9',
  'other',
];

export function bandLabel(band: string | null): string {
  if (!band) return 'Not recorded';
  return band === 'other' ? 'Other' : `Band ${band}`;
}

export const STEP_KIND_LABEL: Readonly<Record<StepKind, string>> = {
  assessment: 'Assessment',
  module: 'Module',
  follow_up: 'Follow-up',
};
