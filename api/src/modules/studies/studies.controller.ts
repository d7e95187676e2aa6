import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Authenticated } from '../../common/auth/decorators.js';
import type { AuthContext } from '../../common/auth/roles.js';
import { uuidParam } from '../../common/http/pipes.js';
import { CreateStudyDto, StudyDto } from './dto/study.dto.js';
import { StudiesService } from './studies.service.js';

@ApiTags('studies')
@Controller('studies')
export class StudiesController {
  constructor(private readonly studies: StudiesService) {}

  @Get()
  @Authenticated({ roles: ['platform_admin', 'researcher'] })
  @ApiOperation({
    operationId: 'listStudies',
    summary: 'Studies the caller works on (all, for a platform admin)',
  })
  @ApiOkResponse({ type: [StudyDto] })
  list(@Auth() auth: AuthContext): Promise<StudyDto[]> {
    return this.studies.list(auth);
  }

  @Post()
  @Authenticated({ roles: ['platform_admin'] })
  @ApiOperation({ operationId: 'createStudy' })
  @ApiCreatedResponse({ type: StudyDto })
  create(@Auth() auth: AuthContext, @Body() dto: CreateStudyDto): Promise<StudyDto> {
    return this.studies.create(auth, dto);
  }

  @Get(':studyId')
  @Authenticated({ roles: ['platform_admin', 'researcher'] })
  @ApiOperation({ operationId: 'getStudy' })
  @ApiOkResponse({ type: StudyDto })
  get(@Auth() auth: AuthContext, @Param('studyId', uuidParam()) studyId: string): Promise<StudyDto> {
    return this.studies.get(auth, studyId);
  }
}
