import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/auth/access.service.js';
import { AuthContext, isPlatformAdmin, trustsWithRole } from '../../common/auth/roles.js';
import { conflict, invalid, notFound } from '../../common/errors.js';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { AuditService } from '../audit/audit.service.js';
import { toCsv } from '../people/import/staff-csv.js';
import { MailService } from '../mail/mail.service.js';
import { CohortRow, CohortsRepository, EnrolmentFacts } from './cohorts.repository.js';
import {
  CohortDashboardDto,
  CohortDto,
  CreateCohortDto,
  DashboardQueryDto,
  EnrolDto,
  EnrolmentRowDto,
  EnrolResultDto,
  StatusCountsDto,
} from './dto/cohort.dto.js';
import {
  deriveStatus,
  EnrolmentStatus,
  FUNNEL_LABELS,
  FUNNEL_STAGES,
  reachedStages,
  STATUS_LABELS,
  todayInLondon,
} from './progress.js';

type Derived = EnrolmentFacts & { status: EnrolmentStatus };

function countStatuses(rows: Derived[]): StatusCountsDto {
  const counts: StatusCountsDto = {
    enrolled: 0,
    not_started: 0,
    in_progress: 0,
    completed: 0,
    overdue: 0,
    withdrawn: 0,
  };
  for (const r of rows) {
    counts[r.status]++;
    if (r.status !== 'withdrawn') counts.enrolled++;
  }
  return counts;
}

const toRow = (r: Derived): EnrolmentRowDto => ({
  id: r.id,
  personId: r.personId,
  staffNumber: r.staffNumber,
  fullName: r.fullName,
  workEmail: r.workEmail,
  band: r.band,
  directorate: r.directorate,
  status: r.status,
  stepsCompleted: r.stepsCompleted,
  stepsTotal: r.stepsTotal,
  enrolledAt: new Date(r.enrolledAt).toISOString(),
  lastActivityAt: r.lastActivityAt ? new Date(r.lastActivityAt).toISOString() : null,
  withdrawnReason: r.withdrawnReason,
});

@Injectable()
export class CohortsService {
  constructor(
    private readonly cohorts: CohortsRepository,
    private readonly accounts: AccountsRepository,
    private readonly accountService: AccountsService,
    private readonly access: AccessService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
  ) {}

  async list(auth: AuthContext, trustId: string): Promise<CohortDto[]> {
    this.access.requireTrust(auth, trustId, ['lnd_admin']);
    const cohorts = await this.cohorts.listCohorts([trustId]);
    const facts = await this.derive(cohorts.map((c) => c.id));
    return cohorts.map((c) => ({ ...c, counts: countStatuses(facts.filter((f) => f.cohortId === c.id)) }));
  }

  /** Trusts the caller can see cohorts for (home page of an L&D admin). */
  trustsFor(auth: AuthContext): string[] | 'all' {
    return isPlatformAdmin(auth) ? 'all' : trustsWithRole(auth, 'lnd_admin');
  }

  async create(auth: AuthContext, trustId: string, dto: CreateCohortDto): Promise<CohortDto> {
    this.access.requireTrust(auth, trustId, ['lnd_admin']);
    if (dto.dueDate < dto.startDate)
      throw invalid('dueDate', 'The due date must be on or after the start date.');
    if (!(await this.cohorts.programmeExists(dto.programmeId)))
      throw invalid('programmeId', 'Choose a programme from the list.');
    const ownerUserId = dto.ownerUserId ?? auth.userId;
    if (dto.ownerUserId && !(await this.cohorts.isTrustAdmin(dto.ownerUserId, trustId))) {
      throw invalid('ownerUserId', 'The owner must be an L&D admin of this trust.');
    }
    const id = await this.cohorts.createCohort({ ...dto, trustId, ownerUserId });
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'cohort.create',
      entityType: 'cohort',
      entityId: id,
      trustId,
    });
    // A new cohort has nobody in it yet.
    return { ...((await this.cohorts.findCohort(id)) as CohortRow), counts: countStatuses([]) };
  }

  async dashboard(
    auth: AuthContext,
    trustId: string,
    cohortId: string,
    q: DashboardQueryDto,
  ): Promise<CohortDashboardDto> {
    const cohort = await this.requireCohort(auth, trustId, cohortId);
    const all = await this.derive([cohortId]);
    const funnel = FUNNEL_STAGES.map((stage) => ({ stage, label: FUNNEL_LABELS[stage], count: 0 }));
    for (const f of all) for (const stage of reachedStages(f)) funnel[FUNNEL_STAGES.indexOf(stage)].count++;
    const filtered = all.filter((r) => this.matches(r, q));
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    return {
      cohort: { ...cohort, counts: countStatuses(all) },
      funnel,
      total: filtered.length,
      enrolments: filtered.slice(offset, offset + limit).map(toRow),
    };
  }

  async exportCsv(
    auth: AuthContext,
    trustId: string,
    cohortId: string,
    q: DashboardQueryDto,
  ): Promise<{ filename: string; csv: string }> {
    const cohort = await this.requireCohort(auth, trustId, cohortId);
    const rows = (await this.derive([cohortId])).filter((r) => this.matches(r, q));
    const csv = toCsv([
      [
        'Staff number',
        'Name',
        'Work email',
        'Band',
        'Directorate',
        'Status',
        'Steps completed',
        'Steps in programme',
        'Enrolled',
        'Last activity',
        'Withdrawal reason',
      ],
      ...rows.map((r) => [
        r.staffNumber,
        r.fullName,
        r.workEmail,
        r.band,
        r.directorate,
        STATUS_LABELS[r.status],
        r.stepsCompleted,
        r.stepsTotal,
        new Date(r.enrolledAt).toISOString().slice(0, 10),
        r.lastActivityAt ? new Date(r.lastActivityAt).toISOString().slice(0, 10) : null,
        r.withdrawnReason,
      ]),
    ]);
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'cohort.export',
      entityType: 'cohort',
      entityId: cohortId,
      trustId,
      detail: { rows: rows.length, filters: { ...q } },
    });
    const slug =
      cohort.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'cohort';
    return { filename: `${slug}-progress-${todayInLondon()}.csv`, csv };
  }

  async enrol(auth: AuthContext, trustId: string, cohortId: string, dto: EnrolDto): Promise<EnrolResultDto> {
    const cohort = await this.requireCohort(auth, trustId, cohortId);
    let personIds = dto.personIds ?? [];
    if (dto.importId) {
      const fromImport = await this.cohorts.personIdsFromImport(trustId, dto.importId);
      if (!fromImport) throw invalid('importId', 'That import was not found in this trust.');
      personIds = [...personIds, ...fromImport];
    }
    personIds = [...new Set(personIds)];
    if (!personIds.length) throw invalid('personIds', 'Choose at least one person to enrol.');

    const { enrolled, invited, mailIds } = await this.cohorts.transaction(async (m) => {
      const people = await this.cohorts.peopleToEnrol(trustId, personIds, m);
      if (people.length !== personIds.length)
        throw invalid('personIds', 'Some of the people chosen are not staff of this trust.');
      const mailIds: string[] = [];
      let invited = 0;
      const reason = `You have been enrolled on "${cohort.programmeName}" (cohort: ${cohort.name}), due by ${cohort.dueDate}.`;
      const newlyEnrolled = new Set(await this.cohorts.enrol(cohortId, personIds, auth.userId, m));
      for (const p of people.filter((x) => newlyEnrolled.has(x.id))) {
        let userId = p.userId;
        if (!userId) {
          const found = await this.accountService.findOrInvite(p.workEmail, p.fullName, m, reason);
          userId = found.user.id;
          mailIds.push(...found.mailIds);
          invited += found.mailIds.length;
          await this.cohorts.linkPerson(p.id, userId, m);
        }
        await this.accounts.addGrant({ userId, role: 'learner', trustId, grantedBy: auth.userId }, m);
      }
      await this.audit.record(
        {
          actorUserId: auth.userId,
          action: 'cohort.enrol',
          entityType: 'cohort',
          entityId: cohortId,
          trustId,
          detail: { enrolled: newlyEnrolled.size, importId: dto.importId ?? null },
        },
        m,
      );
      return { enrolled: newlyEnrolled.size, invited, mailIds };
    });
    for (const id of mailIds) await this.mail.deliver(id);
    return { enrolled, alreadyEnrolled: personIds.length - enrolled, invited };
  }

  async withdraw(
    auth: AuthContext,
    trustId: string,
    cohortId: string,
    enrolmentId: string,
    reason: string,
  ): Promise<void> {
    await this.requireCohort(auth, trustId, cohortId);
    await this.cohorts.transaction(async (m) => {
      const e = await this.cohorts.findEnrolment(cohortId, enrolmentId, m);
      if (!e) throw notFound('The enrolment');
      if (e.withdrawn) throw conflict('This person has already been withdrawn from the cohort.');
      await this.cohorts.withdraw(enrolmentId, reason, auth.userId, m);
      await this.audit.record(
        {
          actorUserId: auth.userId,
          action: 'enrolment.withdraw',
          entityType: 'enrolment',
          entityId: enrolmentId,
          trustId,
          detail: { reason },
        },
        m,
      );
    });
  }

  /** Withdraws from this cohort with the reason "Moved to …" and enrols in the other, carrying progress over. */
  async move(
    auth: AuthContext,
    trustId: string,
    cohortId: string,
    enrolmentId: string,
    toCohortId: string,
  ): Promise<string> {
    await this.requireCohort(auth, trustId, cohortId);
    const target = await this.requireCohort(auth, trustId, toCohortId);
    if (toCohortId === cohortId) throw invalid('toCohortId', 'Choose a different cohort to move to.');
    return this.cohorts.transaction(async (m) => {
      const e = await this.cohorts.findEnrolment(cohortId, enrolmentId, m);
      if (!e) throw notFound('The enrolment');
      if (e.withdrawn) throw conflict('Only a current enrolment can be moved.');
      if (await this.cohorts.activeEnrolmentId(toCohortId, e.personId, m)) {
        throw conflict(`This person is already enrolled in ${target.name}.`);
      }
      await this.cohorts.enrol(toCohortId, [e.personId], auth.userId, m);
      const newId = (await this.cohorts.activeEnrolmentId(toCohortId, e.personId, m)) as string;
      await this.cohorts.withdraw(enrolmentId, `Moved to ${target.name}`, auth.userId, m, newId);
      await this.cohorts.copyProgress(enrolmentId, newId, m);
      await this.audit.record(
        {
          actorUserId: auth.userId,
          action: 'enrolment.move',
          entityType: 'enrolment',
          entityId: enrolmentId,
          trustId,
          detail: { toCohortId, newEnrolmentId: newId },
        },
        m,
      );
      return newId;
    });
  }

  private async requireCohort(auth: AuthContext, trustId: string, cohortId: string): Promise<CohortRow> {
    this.access.requireTrust(auth, trustId, ['lnd_admin']);
    const cohort = await this.cohorts.findCohort(cohortId);
    if (!cohort || cohort.trustId !== trustId) throw notFound('The cohort');
    return cohort;
  }

  private async derive(cohortIds: string[]): Promise<Derived[]> {
    if (!cohortIds.length) return [];
    const today = todayInLondon();
    return (await this.cohorts.factsForCohorts(cohortIds)).map((f) => ({
      ...f,
      status: deriveStatus(f, today),
    }));
  }

  private matches(r: Derived, q: DashboardQueryDto): boolean {
    if (q.status && r.status !== q.status) return false;
    if (q.band && r.band !== q.band.toLowerCase()) return false;
    if (q.directorate && !(r.directorate ?? '').toLowerCase().includes(q.directorate.toLowerCase()))
      return false;
    if (q.q) {
      const needle = q.q.toLowerCase();
      if (![r.fullName, r.staffNumber, r.workEmail].some((v) => v.toLowerCase().includes(needle)))
        return false;
    }
    return true;
  }
}
