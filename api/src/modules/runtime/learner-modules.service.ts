import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthContext } from '../../common/auth/roles.js';
import { conflict, invalid, notFound } from '../../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AssessmentsRepository } from '../assessments/assessments.repository.js';
import { newToken, sha256 } from '../auth/tokens.js';
import { todayInLondon } from '../cohorts/progress.js';
import { gates } from '../learning/gating.js';
import { ContentOrigin } from './content-origin.js';
import type { LaunchDto, ModuleDto } from './dto/module.dto.js';
import { attemptSummary, scoProgress } from './dto/mappers.js';
import { gradedAttempt, needsNewAttempt, type AttemptPolicy } from './rollup.js';
import { RuntimeRepository, type AttemptRow } from './runtime.repository.js';
import { modelOf, RuntimeService } from './runtime.service.js';

/** The learner's side of a module: its contents and progress, and launching a SCO. */
@Injectable()
export class LearnerModulesService {
  constructor(
    private readonly repo: RuntimeRepository,
    private readonly runtime: RuntimeService,
    private readonly origin: ContentOrigin,
    private readonly assessments: AssessmentsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async step(auth: AuthContext, enrolmentId: string, stepId: string, m?: EntityManager) {
    const step = await this.repo.learnerStep(auth.userId, enrolmentId, stepId, m);
    if (!step) throw notFound('That module');
    if (step.kind !== 'module' || !step.packageId || !step.attemptPolicy || !step.grading)
      throw conflict('This module is not ready yet: your learning and development team has not attached it.');
    await this.requireOpen(auth, enrolmentId, stepId, m);
    return { ...step, packageId: step.packageId, attemptPolicy: step.attemptPolicy, grading: step.grading };
  }

  /** Modules open in programme order: after the pre-assessment (or L&D's waiver of it). */
  private async requireOpen(auth: AuthContext, enrolmentId: string, stepId: string, m?: EntityManager) {
    const enrolment = await this.assessments.learnerEnrolment(auth.userId, enrolmentId, m);
    if (!enrolment) throw notFound('That module');
    const steps = await this.assessments.programmeSteps(enrolment.programmeId, m);
    const gate = gates(steps, await this.assessments.completions(enrolmentId, m), todayInLondon()).get(
      stepId,
    );
    if (gate?.locked) throw conflict(`This module is locked. ${gate.reason ?? ''}`.trim());
  }

  async view(auth: AuthContext, enrolmentId: string, stepId: string): Promise<ModuleDto> {
    const step = await this.step(auth, enrolmentId, stepId);
    const attempts = await this.repo.attempts(enrolmentId, step.packageId);
    const current = attempts.at(-1) ?? null;
    const versionId =
      current?.packageVersionId ??
      (await this.repo.transaction((m) => this.repo.latestVersion(step.packageId, m)))?.id;
    if (!versionId) throw conflict('This module has no content yet.');
    const version = await this.repo.version(versionId);
    const scos = await this.repo.scos(versionId);
    const states = current ? await this.repo.scoStates(current.id) : [];
    const graded = gradedAttempt(attempts, step.grading);
    return {
      enrolmentId,
      stepId,
      title: step.stepTitle,
      packageTitle: step.packageTitle ?? step.stepTitle,
      scormVersion: modelOf(version?.scormVersion ?? '1.2'),
      attemptPolicy: step.attemptPolicy,
      grading: step.grading,
      attempt: current && attemptSummary(current),
      graded: graded && attemptSummary(graded),
      attemptCount: attempts.length,
      nextLaunchStartsNewAttempt: needsNewAttempt(step.attemptPolicy, current),
      scos: scos.map((s) =>
        scoProgress(
          s,
          states.find((x) => x.scoId === s.id),
        ),
      ),
      contentOrigin: this.origin.url,
    };
  }

  /**
   * Starts a session on one SCO: the current attempt, or a new one on the newest package version when the
   * package's policy says so. Sessions of the same SCO left open (the window was closed without Terminate)
   * are closed first and their last reported time counted once.
   */
  async launch(auth: AuthContext, enrolmentId: string, stepId: string, scoId?: string): Promise<LaunchDto> {
    return this.repo.transaction(async (m) => {
      const step = await this.step(auth, enrolmentId, stepId, m);
      await this.repo.lockEnrolment(enrolmentId, m);
      const attempts = await this.repo.attempts(enrolmentId, step.packageId, m);
      let attempt: AttemptRow | null = attempts.at(-1) ?? null;
      const newAttempt = needsNewAttempt(step.attemptPolicy as AttemptPolicy, attempt);
      if (newAttempt) {
        const version = await this.repo.latestVersion(step.packageId, m);
        if (!version) throw conflict('This module has no content yet.');
        const id = await this.repo.createAttempt(
          {
            enrolmentId,
            packageId: step.packageId,
            versionId: version.id,
            number: (attempt?.number ?? 0) + 1,
          },
          m,
        );
        attempt = await this.repo.attempt(id, m);
      }
      if (!attempt) throw new Error('attempt vanished');
      const scos = await this.repo.scos(attempt.packageVersionId, m);
      const states = await this.repo.scoStates(attempt.id, m);
      const sco = scoId
        ? scos.find((s) => s.id === scoId)
        : (scos.find((s) => states.find((x) => x.scoId === s.id)?.completion !== 'completed') ?? scos[0]);
      if (!sco) throw invalid('scoId', 'That part of the module is not in the version you are taking.');

      const state = await this.repo.lockScoState(attempt.id, sco.id, m);
      let closed = false;
      for (const open of await this.repo.openLaunches(attempt.id, sco.id, m)) {
        await this.repo.closeLaunch(open.id, m);
        if (open.sessionSeconds) await this.repo.addScoTime(attempt.id, sco.id, open.sessionSeconds, m);
        closed = true;
      }
      if (closed) await this.runtime.refreshAttempt(attempt.id, enrolmentId, step.packageId, scos.length, m);
      const entry =
        state.exit === 'suspend'
          ? 'resume'
          : state.sessionCount === 0 && !Object.keys(state.cmi).length
            ? 'ab-initio'
            : '';
      const token = newToken();
      await this.repo.createLaunch(
        {
          tokenHash: sha256(token),
          attemptId: attempt.id,
          scoId: sco.id,
          entry,
          ttlHours: this.config.launchTtlHours,
        },
        m,
      );
      await this.repo.markStepsStarted(enrolmentId, step.packageId, m);
      return {
        attemptId: attempt.id,
        attemptNumber: attempt.number,
        newAttempt,
        scoId: sco.id,
        entry,
        playerUrl: `${this.origin.url}/player/${token}`,
      };
    });
  }
}
