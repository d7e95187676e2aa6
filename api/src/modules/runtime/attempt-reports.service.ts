import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../../common/auth/access.service.js';
import type { AuthContext } from '../../common/auth/roles.js';
import { conflict, invalid, notFound } from '../../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import type { AttemptDetailDto, EnrolmentAttemptsDto, PackagePolicyDto } from './dto/module.dto.js';
import { attemptSummary, scoProgress } from './dto/mappers.js';
import { RuntimeRepository } from './runtime.repository.js';

/** What L&D see of module attempts in their trust, and the settings that govern attempts. */
@Injectable()
export class AttemptReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: RuntimeRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  private async enrolmentInTrust(trustId: string, enrolmentId: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM enrolment e JOIN cohort c ON c.id = e.cohort_id WHERE e.id = $1 AND c.trust_id = $2`,
      [enrolmentId, trustId],
    );
    return rows.length > 0;
  }

  async forEnrolment(
    auth: AuthContext,
    trustId: string,
    enrolmentId: string,
  ): Promise<EnrolmentAttemptsDto[]> {
    this.access.requireTrust(auth, trustId, ['lnd_admin']);
    if (!(await this.enrolmentInTrust(trustId, enrolmentId))) throw notFound('That enrolment');
    const packages: { packageId: string; packageTitle: string; stepTitle: string }[] = await this.db.query(
      `SELECT pk.id AS "packageId", pk.title AS "packageTitle", s.title AS "stepTitle"
         FROM enrolment e JOIN cohort c ON c.id = e.cohort_id
         JOIN programme_step s ON s.programme_id = c.programme_id AND s.package_id IS NOT NULL
         JOIN scorm_package pk ON pk.id = s.package_id
        WHERE e.id = $1 ORDER BY s.position`,
      [enrolmentId],
    );
    const out: EnrolmentAttemptsDto[] = [];
    for (const p of packages)
      out.push({ ...p, attempts: (await this.repo.attempts(enrolmentId, p.packageId)).map(attemptSummary) });
    return out;
  }

  async detail(auth: AuthContext, trustId: string, attemptId: string): Promise<AttemptDetailDto> {
    this.access.requireTrust(auth, trustId, ['lnd_admin']);
    const attempt = await this.repo.attempt(attemptId);
    if (!attempt || !(await this.enrolmentInTrust(trustId, attempt.enrolmentId)))
      throw notFound('That attempt');
    const [facts]: { personName: string; packageTitle: string; versionNumber: number }[] =
      await this.db.query(
        `SELECT p.full_name AS "personName", pk.title AS "packageTitle", v.version_number AS "versionNumber"
         FROM scorm_attempt a JOIN enrolment e ON e.id = a.enrolment_id JOIN person p ON p.id = e.person_id
         JOIN scorm_package pk ON pk.id = a.package_id JOIN scorm_package_version v ON v.id = a.package_version_id
        WHERE a.id = $1`,
        [attemptId],
      );
    const scos = await this.repo.scos(attempt.packageVersionId);
    const states = await this.repo.scoStates(attemptId);
    const interactions = await this.repo.interactions(attemptId);
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'attempt.viewed',
      entityType: 'scorm_attempt',
      entityId: attemptId,
      trustId,
    });
    return {
      ...attemptSummary(attempt),
      enrolmentId: attempt.enrolmentId,
      ...facts,
      scos: scos.map((s) => {
        const st = states.find((x) => x.scoId === s.id);
        return {
          ...scoProgress(s, st),
          location: st?.location ?? null,
          sessionCount: st?.sessionCount ?? 0,
          updatedAt: st?.updatedAt.toISOString() ?? null,
        };
      }),
      interactions: interactions.map((i) => ({
        scoId: i.scoId,
        index: i.index,
        id: i.id,
        type: i.type,
        learnerResponse: i.learnerResponse,
        correctResponses: i.correctResponses,
        result: i.result,
        latencySeconds: i.latencySeconds,
        description: i.description,
        timestamp: i.timestamp,
      })),
    };
  }

  async setPolicy(auth: AuthContext, packageId: string, p: PackagePolicyDto): Promise<void> {
    const rows: { trustId: string | null }[] = await this.db.query(
      `SELECT trust_id AS "trustId" FROM scorm_package WHERE id = $1`,
      [packageId],
    );
    if (!rows.length) throw notFound('That package');
    if (rows[0].trustId) this.access.requireTrust(auth, rows[0].trustId, ['lnd_admin']);
    else this.access.requirePlatformAdmin(auth);
    await this.db.query(`UPDATE scorm_package SET attempt_policy = $2, grading = $3 WHERE id = $1`, [
      packageId,
      p.attemptPolicy,
      p.grading,
    ]);
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'package.policy_changed',
      entityType: 'scorm_package',
      entityId: packageId,
      detail: { attemptPolicy: p.attemptPolicy, grading: p.grading },
    });
  }

  async setStepPackage(auth: AuthContext, programmeId: string, stepId: string, packageId: string | null) {
    this.access.requirePlatformAdmin(auth);
    const steps: { kind: string }[] = await this.db.query(
      `SELECT kind FROM programme_step WHERE id = $1 AND programme_id = $2`,
      [stepId, programmeId],
    );
    if (!steps.length) throw notFound('That programme step');
    if (steps[0].kind !== 'module') throw conflict('Only a module step can play a SCORM package.');
    if (packageId) {
      const pk: { trustId: string | null }[] = await this.db.query(
        `SELECT trust_id AS "trustId" FROM scorm_package WHERE id = $1`,
        [packageId],
      );
      if (!pk.length) throw invalid('packageId', 'That package is not in the catalogue.');
      if (pk[0].trustId)
        throw invalid(
          'packageId',
          "Programmes are shared by every trust, so their modules must come from the global catalogue, not one trust's.",
        );
    }
    await this.db.query(`UPDATE programme_step SET package_id = $2 WHERE id = $1`, [stepId, packageId]);
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'programme.step_package_set',
      entityType: 'programme_step',
      entityId: stepId,
      detail: { packageId },
    });
  }
}
