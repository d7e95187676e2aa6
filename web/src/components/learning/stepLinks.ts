import type { DeepReadonly } from 'vue';
import type { RouteLocationRaw } from 'vue-router';
import type { LearningStepDto } from '../../api/types';

type Step = DeepReadonly<LearningStepDto>;

/** A step the learner can open now: it has its activity attached and nothing holds it back. */
export function canOpen(step: Step): boolean {
  return step.ready && !step.locked;
}

/** Locked steps that are not already done show the reason instead of a link. */
export function isLocked(step: Step): boolean {
  return step.locked && step.state !== 'done';
}

/** Where a step opens: a module's page, or the assessment page for an assessment or follow-up. */
export function stepRoute(enrolmentId: string, step: Step): RouteLocationRaw {
  return step.kind === 'module'
    ? { name: 'learner-module', params: { enrolmentId, stepId: step.id } }
    : { name: 'assessment', params: { enrolmentId, stepId: step.id } };
}

const NOUN: Readonly<Record<LearningStepDto['kind'], string>> = {
  module: 'module',
  assessment: 'assessment',
  follow_up: 'follow-up',
};

/** "Continue module", "Open assessment", "View follow-up"… */
export function stepAction(step: Step): string {
  const noun = NOUN[step.kind];
  if (step.kind === 'module') return step.state === 'next' ? `Continue ${noun}` : `Open ${noun}`;
  if (step.state === 'done') return `View ${noun}`;
  return step.state === 'next' ? `Start ${noun}` : `Open ${noun}`;
}
