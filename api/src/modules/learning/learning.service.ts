import { Injectable } from '@nestjs/common';
import { AuthContext } from '../../common/auth/roles.js';
import { CohortsRepository } from '../cohorts/cohorts.repository.js';
import { deriveStatus, todayInLondon } from '../cohorts/progress.js';
import { AssessmentsRepository } from '../assessments/assessments.repository.js';
import { ProgrammesRepository } from '../programmes/programmes.repository.js';
import { gates } from './gating.js';
import { LearningEnrolmentDto, LearningStepDto, MyLearningDto } from './dto/learning.dto.js';

@Injectable()
export class LearningService {
  constructor(
    private readonly cohorts: CohortsRepository,
    private readonly programmes: ProgrammesRepository,
    private readonly assessments: AssessmentsRepository,
  ) {}

  /** The caller's current enrolments: each step's state, the due date and the one next step. */
  async myLearning(auth: AuthContext): Promise<MyLearningDto> {
    const facts = await this.cohorts.factsForUser(auth.userId);
    const today = todayInLondon();
    const enrolments: LearningEnrolmentDto[] = [];
    for (const f of facts) {
      const cohort = await this.cohorts.findCohort(f.cohortId);
      if (!cohort) continue;
      const trustName = await this.cohorts.trustName(cohort.trustId);
      const done = new Set(f.doneStepIds);
      const programmeSteps = (await this.programmes.steps([cohort.programmeId])).map((s) => s.step);
      const nextIndex = programmeSteps.findIndex((s) => !done.has(s.id));
      const gate = gates(programmeSteps, await this.assessments.completions(f.id), today);
      const steps: LearningStepDto[] = programmeSteps.map((s, i) => ({
        id: s.id,
        position: s.position,
        kind: s.kind,
        title: s.title,
        ready: s.ready,
        state: done.has(s.id) ? 'done' : i === nextIndex ? 'next' : 'later',
        locked: gate.get(s.id)?.locked ?? false,
        lockedReason: gate.get(s.id)?.reason ?? null,
      }));
      enrolments.push({
        enrolmentId: f.id,
        programmeName: cohort.programmeName,
        cohortName: cohort.name,
        trustName,
        dueDate: f.dueDate,
        status: deriveStatus(f, today),
        steps,
        nextStep: nextIndex === -1 ? null : steps[nextIndex],
      });
    }
    return { enrolments };
  }
}
