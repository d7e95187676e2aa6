import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccessService } from '../../common/auth/access.service.js';
import type { AuthContext } from '../../common/auth/roles.js';
import { conflict, notFound } from '../../common/errors.js';
import { suppressBreakdown, suppressOne } from '../../common/suppression.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import { ConsentRepository, type ConsentFormRow, type PersonStudyRow } from './consent.repository.js';
import {
  BANDS,
  ETHNIC_CATEGORIES,
  ETHNIC_GROUPS,
  GENDERS,
  type ConsentFormDto,
  type ConsentStudyDto,
  type CreateConsentFormDto,
  type EqualityAnswerDto,
  type EqualityDto,
} from './dto/consent.dto.js';
import type { EqualityDimensionDto, StudyEqualityDto, StudyParticipationDto } from './dto/research.dto.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const toForm = (f: ConsentFormRow): ConsentFormDto => ({
  id: f.id,
  studyId: f.studyId,
  version: f.version,
  title: f.title,
  information: f.information,
  statements: f.statements,
  createdAt: new Date(f.createdAt).toISOString(),
});

const toStudy = (s: PersonStudyRow): ConsentStudyDto => ({
  studyId: s.studyId,
  studyName: s.studyName,
  form: toForm(s.form),
  state: s.withdrawnAt ? 'withdrawn' : s.decision,
  decidedAt: iso(s.decidedAt),
  withdrawnAt: iso(s.withdrawnAt),
  decidedOnVersion: s.decidedOnVersion,
});

const STAGES: [string, string][] = [
  ['enrolled', 'Enrolled in a study trust'],
  ['decided', 'Made a consent decision'],
  ['consented', 'Consenting participants'],
  ['declined', 'Declined'],
  ['withdrawn', 'Withdrew consent'],
  ['pre', 'Participants with a pre-assessment'],
  ['post', 'Participants with a post-assessment'],
  ['follow_up', 'Participants with a follow-up'],
];

/**
 * Research consent (versioned forms per study; a person may train without consenting and may withdraw at
 * any time) and equality monitoring (asked once, optional, readable only in aggregate).
 */
@Injectable()
export class ConsentService {
  constructor(
    private readonly repo: ConsentRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async people(auth: AuthContext, m?: EntityManager): Promise<string[]> {
    return (await this.repo.personIds(auth.userId, m)).map((p) => p.id);
  }

  async forLearner(auth: AuthContext, m?: EntityManager): Promise<ConsentStudyDto[]> {
    return (await this.repo.studiesFor(await this.people(auth, m), m)).map(toStudy);
  }

  async decide(
    auth: AuthContext,
    studyId: string,
    formId: string,
    decision: 'given' | 'declined',
  ): Promise<ConsentStudyDto> {
    await this.repo.transaction(async (m) => {
      const people = await this.repo.peopleInStudy(studyId, await this.people(auth, m), m);
      if (!people.length) throw notFound('The study');
      const form = await this.repo.latestForm(studyId, m);
      if (!form) throw notFound('The consent form');
      if (form.id !== formId)
        throw conflict(
          'The consent form has been updated since you opened it. Read the new version and decide again.',
        );
      await this.repo.decide(studyId, people, formId, decision, m);
    });
    await this.audit.record({
      actorUserId: auth.userId,
      action: `consent.${decision === 'given' ? 'give' : 'decline'}`,
      entityType: 'study',
      entityId: studyId,
      detail: { consentFormId: formId },
    });
    return (await this.forLearner(auth)).find((s) => s.studyId === studyId)!;
  }

  async withdraw(auth: AuthContext, studyId: string): Promise<ConsentStudyDto> {
    const n = await this.repo.transaction(async (m) => {
      const people = await this.repo.peopleInStudy(studyId, await this.people(auth, m), m);
      if (!people.length) throw notFound('The study');
      return this.repo.withdraw(studyId, people, m);
    });
    if (n === 0) throw conflict('You are not taking part in this study, so there is nothing to withdraw.');
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'consent.withdraw',
      entityType: 'study',
      entityId: studyId,
    });
    return (await this.forLearner(auth)).find((s) => s.studyId === studyId)!;
  }

  async forms(auth: AuthContext, studyId: string): Promise<ConsentFormDto[]> {
    this.access.requireStudy(auth, studyId);
    return (await this.repo.forms(studyId)).map(toForm);
  }

  async createForm(auth: AuthContext, studyId: string, dto: CreateConsentFormDto): Promise<ConsentFormDto> {
    this.access.requirePlatformAdmin(auth);
    const id = await this.repo
      .transaction((m) =>
        this.repo.createForm(
          studyId,
          {
            title: dto.title.trim(),
            information: dto.information.trim(),
            statements: dto.statements.map((s) => s.trim()),
          },
          auth.userId,
          m,
        ),
      )
      .catch((e: { code?: string }) => {
        if (e.code === '23503') throw notFound('The study');
        throw e;
      });
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'consent_form.create',
      entityType: 'consent_form',
      entityId: id,
      detail: { studyId },
    });
    return (await this.repo.forms(studyId)).map(toForm).find((f) => f.id === id)!;
  }

  async participation(auth: AuthContext, studyId: string): Promise<StudyParticipationDto> {
    this.access.requireStudy(auth, studyId);
    const counts = await this.repo.participation(studyId);
    const threshold = this.config.smallCellThreshold;
    return {
      studyId,
      threshold,
      stages: STAGES.map(([stage, label]) => ({
        stage,
        label,
        ...suppressOne(counts[stage] ?? 0, threshold),
      })),
    };
  }

  /** Aggregate equality counts among consenting participants, suppressed below the threshold. */
  async equalityReport(auth: AuthContext, studyId: string): Promise<StudyEqualityDto> {
    this.access.requireStudy(auth, studyId);
    const rows = await this.repo.equalityCounts(studyId);
    const threshold = this.config.smallCellThreshold;
    const count = (pick: (r: (typeof rows)[number]) => boolean) =>
      rows.filter(pick).reduce((n, r) => n + r.n, 0);
    const dimension = (
      id: string,
      title: string,
      cells: [string, string, number][],
    ): EqualityDimensionDto => {
      const s = suppressBreakdown(
        cells.map((c) => c[2]),
        threshold,
      );
      return {
        id,
        title,
        cells: cells.map(([value, label], i) => ({ value, label, ...s.cells[i] })),
        total: s.total,
      };
    };
    const groupOf = new Map<string, string>(ETHNIC_CATEGORIES.map(([code, , group]) => [code, group]));
    const total = count(() => true);
    return {
      studyId,
      threshold,
      asked: suppressOne(total, threshold),
      dimensions: [
        dimension('ethnic_group', 'Ethnic group (broad)', [
          ...ETHNIC_GROUPS.map(([g, label]): [string, string, number] => [
            g,
            label,
            count((r) => r.ethnicity !== null && groupOf.get(r.ethnicity) === g),
          ]),
          ['unanswered', 'Question skipped', count((r) => r.ethnicity === null)],
        ]),
        dimension('ethnicity', 'Ethnic category (NHS Data Dictionary)', [
          ...ETHNIC_CATEGORIES.map(([code, label]): [string, string, number] => [
            code,
            label,
            count((r) => r.ethnicity === code),
          ]),
          ['unanswered', 'Question skipped', count((r) => r.ethnicity === null)],
        ]),
        dimension('gender', 'Gender', [
          ...GENDERS.map(([g, label]): [string, string, number] => [g, label, count((r) => r.gender === g)]),
          ['unanswered', 'Question skipped', count((r) => r.gender === null)],
        ]),
        dimension('band', 'Agenda for Change band (confirmed by the person)', [
          ...[...BANDS, 'prefer_not_to_say'].map((b): [string, string, number] => [
            b,
            b === 'prefer_not_to_say' ? 'Prefer not to say' : b === 'other' ? 'Other' : `Band ${b}`,
            count((r) => r.band === b),
          ]),
          ['unanswered', 'Question skipped', count((r) => r.band === null)],
        ]),
      ],
    };
  }

  async myEquality(auth: AuthContext): Promise<EqualityDto> {
    const [person] = await this.repo.personIds(auth.userId);
    if (!person) return { asked: false, ethnicity: null, gender: null, band: null, recordedBand: null };
    const q = await this.repo.equality(person.id);
    return {
      asked: q?.asked ?? false,
      ethnicity: q?.ethnicity ?? null,
      gender: q?.gender ?? null,
      band: q?.band ?? null,
      recordedBand: q?.recordedBand ?? null,
    };
  }

  /** Saves the answers (all optional: saving nothing records that the questions were asked and skipped). */
  async saveEquality(auth: AuthContext, dto: EqualityAnswerDto): Promise<EqualityDto> {
    const people = await this.people(auth);
    if (!people.length) throw notFound('Your staff record');
    await this.repo.saveEquality(people, {
      ethnicity: dto.ethnicity ?? null,
      gender: dto.gender ?? null,
      band: dto.band ?? null,
    });
    return this.myEquality(auth);
  }

  equalityAsked(personId: string): Promise<boolean> {
    return this.repo.equalityAsked(personId);
  }
}
