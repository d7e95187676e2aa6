import { Injectable } from '@nestjs/common';
import { scoreResponse, type Instrument } from '@cqp/content/instruments';
import type { EntityManager } from 'typeorm';
import { AccessService } from '../../common/auth/access.service.js';
import type { AuthContext } from '../../common/auth/roles.js';
import { conflict, DomainError, invalid, notFound } from '../../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import { todayInLondon } from '../cohorts/progress.js';
import { gates } from '../learning/gating.js';
import { answeredCount, checkAnswers, formFor, itemsFor, itemType } from './answers.js';
import {
  AssessmentsRepository,
  type LearnerEnrolment,
  type ProgrammeStepRow,
  type ResponseRow,
  type Timepoint,
} from './assessments.repository.js';
import { ConsentService } from './consent.service.js';
import type {
  AssessmentInstrumentDto,
  PreAssessmentStateDto,
  ResponseRecordDto,
  SavedAnswersDto,
  StepAssessmentDto,
  SubmittedDto,
} from './dto/assessment.dto.js';
import { InstrumentsRepository, type InstrumentRow } from './instruments.repository.js';
import { writeResponseScore } from './response-scores.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * Assessments at the programme's timepoints: one response per enrolment × instrument × timepoint, answers
 * saved as the person goes, submission final. A person keeps the instrument version they started on at
 * every later timepoint, so their pre and post scores are always comparable.
 */
@Injectable()
export class AssessmentsService {
  constructor(
    private readonly repo: AssessmentsRepository,
    private readonly instruments: InstrumentsRepository,
    private readonly consent: ConsentService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  private async context(auth: AuthContext, enrolmentId: string, stepId: string, m?: EntityManager) {
    const enrolment = await this.repo.learnerEnrolment(auth.userId, enrolmentId, m);
    if (!enrolment) throw notFound('That assessment');
    const steps = await this.repo.programmeSteps(enrolment.programmeId, m);
    const step = steps.find((s) => s.id === stepId);
    if (!step || step.kind === 'module' || !step.timepoint) throw notFound('That assessment');
    return { enrolment, steps, step: step as ProgrammeStepRow & { timepoint: Timepoint } };
  }

  /** The instrument version each key uses for this enrolment: the one already begun, else the newest. */
  private async versionsFor(
    keys: string[],
    responses: ResponseRow[],
    m?: EntityManager,
  ): Promise<Map<string, InstrumentRow>> {
    const latest = await this.instruments.latestByKeys(keys, m);
    const result = new Map<string, InstrumentRow>();
    for (const key of keys) {
      const begun = responses.find((r) => r.instrumentKey === key);
      const row = begun ? await this.instruments.find(begun.instrumentId, m) : latest.get(key);
      if (row) result.set(key, row);
    }
    return result;
  }

  private async gate(
    enrolment: LearnerEnrolment,
    steps: ProgrammeStepRow[],
    stepId: string,
    m?: EntityManager,
  ) {
    const done = await this.repo.completions(enrolment.enrolmentId, m);
    return gates(steps, done, todayInLondon()).get(stepId) ?? { locked: false, reason: null, opensOn: null };
  }

  async view(auth: AuthContext, enrolmentId: string, stepId: string): Promise<StepAssessmentDto> {
    const { enrolment, steps, step } = await this.context(auth, enrolmentId, stepId);
    const gate = await this.gate(enrolment, steps, stepId);
    const responses = await this.repo.responses([enrolmentId]);
    const versions = await this.versionsFor(step.instrumentKeys, responses);
    const consentNeeded =
      step.timepoint === 'pre' ? (await this.consent.forLearner(auth)).filter((s) => s.state === null) : [];
    const instruments: AssessmentInstrumentDto[] = gate.locked
      ? []
      : step.instrumentKeys.flatMap((key) => {
          const row = versions.get(key);
          if (!row) return [];
          const r = responses.find((x) => x.instrumentKey === key && x.timepoint === step.timepoint);
          return [this.learnerInstrument(row, step.timepoint, r)];
        });
    return {
      enrolmentId,
      stepId,
      title: step.title,
      programmeName: enrolment.programmeName,
      timepoint: step.timepoint,
      locked: gate.locked || enrolment.withdrawn,
      lockedReason: enrolment.withdrawn ? 'You have been withdrawn from this programme.' : gate.reason,
      consentNeeded,
      equalityAsked: await this.consent.equalityAsked(enrolment.personId),
      instruments,
      complete: instruments.length > 0 && instruments.every((i) => i.submittedAt !== null),
    };
  }

  private learnerInstrument(
    row: InstrumentRow,
    timepoint: Timepoint,
    r?: ResponseRow,
  ): AssessmentInstrumentDto {
    const def: Instrument = row.definition;
    return {
      key: row.key,
      instrumentId: row.id,
      version: row.version,
      title: row.title,
      label: row.label,
      description: def.description ?? '',
      scale: def.kind === 'sjt' ? null : (def.scale ?? null),
      items: itemsFor(def, formFor(def, timepoint)).map((i) => ({
        id: i.id,
        type: itemType(def, i),
        text: i.text,
        scenario: i.scenario ?? null,
        options: i.options ?? null,
      })),
      answers: r?.answers ?? {},
      savedAt: iso(r?.updatedAt ?? null),
      submittedAt: iso(r?.submittedAt ?? null),
    };
  }

  /** Checks everything a save or submission needs; returns the instrument version to use. */
  private async writable(
    auth: AuthContext,
    enrolmentId: string,
    stepId: string,
    key: string,
    m: EntityManager,
  ) {
    const { enrolment, steps, step } = await this.context(auth, enrolmentId, stepId, m);
    if (enrolment.withdrawn) throw conflict('You have been withdrawn from this programme.');
    if (!step.instrumentKeys.includes(key)) throw notFound('That questionnaire');
    await this.repo.lockEnrolment(enrolmentId, m);
    const gate = await this.gate(enrolment, steps, stepId, m);
    if (gate.locked) throw conflict(gate.reason ?? 'This assessment is not open yet.');
    if (step.timepoint === 'pre' && (await this.consent.forLearner(auth, m)).some((s) => s.state === null))
      throw conflict('Read the study information and choose whether to take part before you start.');
    const responses = await this.repo.responses([enrolmentId], m);
    const row = (await this.versionsFor([key], responses, m)).get(key);
    if (!row) throw conflict('This questionnaire is not available yet.');
    const form = formFor(row.definition, step.timepoint);
    if (row.kind === 'sjt' && !form) throw conflict('This questionnaire cannot be asked at the follow-up.');
    const current = responses.find((r) => r.instrumentKey === key && r.timepoint === step.timepoint);
    return { enrolment, step, row, form, current, responses };
  }

  async save(
    auth: AuthContext,
    enrolmentId: string,
    stepId: string,
    key: string,
    raw: Record<string, unknown>,
  ): Promise<SavedAnswersDto> {
    return this.repo.transaction(async (m) => {
      const { step, row, form, current } = await this.writable(auth, enrolmentId, stepId, key, m);
      if (current?.submittedAt)
        throw conflict('You have already submitted this questionnaire: answers cannot change.');
      const { answers, errors } = checkAnswers(row.definition, form, raw);
      if (errors.length) throw new DomainError('VALIDATION_FAILED', errors[0].message, errors);
      const saved = await this.repo.saveDraft(
        {
          enrolmentId,
          stepId,
          instrumentId: row.id,
          instrumentKey: key,
          timepoint: step.timepoint,
          form,
          answers,
        },
        m,
      );
      if (!saved) throw conflict('You have already submitted this questionnaire: answers cannot change.');
      await this.repo.markStepStarted(enrolmentId, stepId, m);
      return {
        savedAt: new Date(saved.updatedAt).toISOString(),
        answered: answeredCount(answers),
        total: itemsFor(row.definition, form).length,
      };
    });
  }

  async submit(auth: AuthContext, enrolmentId: string, stepId: string, key: string): Promise<SubmittedDto> {
    const result = await this.repo.transaction(async (m) => {
      const { step, row, form, current } = await this.writable(auth, enrolmentId, stepId, key, m);
      if (current?.submittedAt) throw conflict('You have already submitted this questionnaire.');
      if (!current || answeredCount(current.answers) === 0)
        throw invalid('answers', 'Answer at least one question before you submit.');
      const scores = scoreResponse(row.definition, current.answers, form ?? undefined);
      const submittedAt = await this.repo.submit(current.id, scores, m);
      if (!submittedAt) throw conflict('You have already submitted this questionnaire.');
      await writeResponseScore(m, current.id, row.definition, current.answers, form);
      const after = await this.repo.responses([enrolmentId], m);
      const stepComplete = step.instrumentKeys.every((k) =>
        after.some((r) => r.instrumentKey === k && r.timepoint === step.timepoint && r.submittedAt),
      );
      if (stepComplete) await this.repo.markStepCompleted(enrolmentId, stepId, m);
      return { submittedAt: new Date(submittedAt).toISOString(), stepComplete, responseId: current.id };
    });
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'assessment_response.submit',
      entityType: 'assessment_response',
      entityId: result.responseId,
      detail: { instrumentKey: key },
    });
    return { submittedAt: result.submittedAt, stepComplete: result.stepComplete };
  }

  async preState(auth: AuthContext, trustId: string, enrolmentId: string): Promise<PreAssessmentStateDto> {
    this.access.requireTrust(auth, trustId, ['lnd_admin']);
    const e = await this.repo.enrolmentPreStep(enrolmentId);
    if (!e || e.trustId !== trustId) throw notFound('The enrolment');
    if (!e.stepId) return { state: 'none', reason: null, waivedBy: null };
    const s = await this.repo.preStepState(enrolmentId, e.stepId);
    if (s?.completed) return { state: 'done', reason: null, waivedBy: null };
    if (s?.waived) return { state: 'waived', reason: s.reason, waivedBy: s.by };
    return { state: 'open', reason: null, waivedBy: null };
  }

  /** L&D lets a person start the modules without the pre-assessment. */
  async waivePre(auth: AuthContext, trustId: string, enrolmentId: string, reason: string): Promise<void> {
    this.access.requireTrust(auth, trustId, ['lnd_admin']);
    const e = await this.repo.enrolmentPreStep(enrolmentId);
    if (!e || e.trustId !== trustId) throw notFound('The enrolment');
    if (!e.stepId) throw conflict('This programme has no pre-assessment to waive.');
    if (e.withdrawn) throw conflict('This person has been withdrawn from the cohort.');
    await this.repo.setWaiver(enrolmentId, e.stepId, reason.trim(), auth.userId);
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'enrolment.waive_pre_assessment',
      entityType: 'enrolment',
      entityId: enrolmentId,
      trustId,
      detail: { reason: reason.trim() },
    });
  }

  async unwaivePre(auth: AuthContext, trustId: string, enrolmentId: string): Promise<void> {
    this.access.requireTrust(auth, trustId, ['lnd_admin']);
    const e = await this.repo.enrolmentPreStep(enrolmentId);
    if (!e || e.trustId !== trustId) throw notFound('The enrolment');
    if (!e.stepId) throw conflict('This programme has no pre-assessment.');
    await this.repo.clearWaiver(enrolmentId, e.stepId);
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'enrolment.unwaive_pre_assessment',
      entityType: 'enrolment',
      entityId: enrolmentId,
      trustId,
    });
  }

  /** Every response of an enrolment, corrections and what they replaced included (platform admin). */
  async history(enrolmentId: string): Promise<ResponseRecordDto[]> {
    return (await this.repo.history(enrolmentId)).map((r) => ({
      id: r.id,
      instrumentKey: r.instrumentKey,
      instrumentVersion: r.version,
      timepoint: r.timepoint,
      answers: r.answers,
      overall: r.scores?.overall ?? null,
      submittedAt: iso(r.submittedAt),
      supersededAt: iso(r.supersededAt),
      correctsId: r.correctsId,
      correctionReason: r.correctionReason,
    }));
  }

  /** A platform admin's correction of a submitted response: a new, audited record; the original is kept. */
  async correct(
    auth: AuthContext,
    responseId: string,
    raw: Record<string, unknown>,
    reason: string,
  ): Promise<ResponseRecordDto> {
    this.access.requirePlatformAdmin(auth);
    const id = await this.repo.transaction(async (m) => {
      const original = await this.repo.response(responseId, m);
      if (!original) throw notFound('The response');
      await this.repo.lockEnrolment(original.enrolmentId, m);
      const fresh = await this.repo.response(responseId, m);
      if (!fresh?.submittedAt)
        throw conflict('Only a submitted response can be corrected; this one is still a draft.');
      if (fresh.supersededAt)
        throw conflict('This response has already been corrected: correct the newest record.');
      const row = await this.instruments.find(fresh.instrumentId, m);
      if (!row) throw notFound('The instrument');
      const { answers, errors } = checkAnswers(row.definition, fresh.form, raw);
      if (errors.length) throw new DomainError('VALIDATION_FAILED', errors[0].message, errors);
      const scores = scoreResponse(row.definition, answers, fresh.form ?? undefined);
      const newId = await this.repo.correct(
        fresh,
        { answers, scores, reason: reason.trim(), by: auth.userId },
        m,
      );
      await writeResponseScore(m, newId, row.definition, answers, fresh.form);
      await this.audit.record(
        {
          actorUserId: auth.userId,
          action: 'assessment_response.correct',
          entityType: 'assessment_response',
          entityId: newId,
          detail: { corrects: fresh.id, reason: reason.trim(), before: fresh.answers, after: answers },
        },
        m,
      );
      return newId;
    });
    const record = (await this.history((await this.repo.response(id))!.enrolmentId)).find((r) => r.id === id);
    return record!;
  }
}
