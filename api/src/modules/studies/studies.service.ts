import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/auth/access.service.js';
import { AuthContext, isPlatformAdmin, studiesWithRole } from '../../common/auth/roles.js';
import { invalid, notFound } from '../../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import { CreateStudyDto, StudyDto } from './dto/study.dto.js';
import { StudiesRepository } from './studies.repository.js';

@Injectable()
export class StudiesService {
  constructor(
    private readonly studies: StudiesRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  list(auth: AuthContext): Promise<StudyDto[]> {
    return isPlatformAdmin(auth) ? this.studies.list() : this.studies.list(studiesWithRole(auth));
  }

  async get(auth: AuthContext, studyId: string): Promise<StudyDto> {
    this.access.requireStudy(auth, studyId);
    const study = await this.studies.find(studyId);
    if (!study) throw notFound('The study');
    return study;
  }

  async create(auth: AuthContext, dto: CreateStudyDto): Promise<StudyDto> {
    this.access.requirePlatformAdmin(auth);
    const trustIds = [...new Set(dto.trustIds)];
    if ((await this.studies.countExistingTrusts(trustIds)) !== trustIds.length) {
      throw invalid('trustIds', 'One of the chosen trusts does not exist.');
    }
    const id = await this.studies.create({ ...dto, trustIds });
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'study.create',
      entityType: 'study',
      entityId: id,
    });
    return (await this.studies.find(id)) as StudyDto;
  }
}
