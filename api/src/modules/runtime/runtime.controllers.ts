import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, Authenticated } from '../../common/auth/decorators.js';
import type { AuthContext } from '../../common/auth/roles.js';
import { uuidParam } from '../../common/http/pipes.js';
import { AttemptReportsService } from './attempt-reports.service.js';
import {
  AttemptDetailDto,
  EnrolmentAttemptsDto,
  LaunchDto,
  LaunchRequestDto,
  ModuleDto,
  PackagePolicyDto,
  StepPackageDto,
} from './dto/module.dto.js';
import { LearnerModulesService } from './learner-modules.service.js';

@ApiTags('learning')
@Controller('me/enrolments/:enrolmentId/steps/:stepId')
export class LearnerModulesController {
  constructor(private readonly modules: LearnerModulesService) {}

  @Get('module')
  @Authenticated({ roles: ['learner'] })
  @ApiOperation({
    operationId: 'getMyModule',
    summary: 'A module of my programme: its contents in manifest order, my attempts and progress',
  })
  @ApiOkResponse({ type: ModuleDto })
  view(
    @Auth() auth: AuthContext,
    @Param('enrolmentId', uuidParam()) enrolmentId: string,
    @Param('stepId', uuidParam()) stepId: string,
  ): Promise<ModuleDto> {
    return this.modules.view(auth, enrolmentId, stepId);
  }

  @Post('launches')
  @Authenticated({ roles: ['learner'] })
  @ApiOperation({
    operationId: 'launchMyModule',
    summary: 'Open a SCO: resumes the current attempt or starts a new one as the package policy says',
  })
  @ApiCreatedResponse({ type: LaunchDto })
  launch(
    @Auth() auth: AuthContext,
    @Param('enrolmentId', uuidParam()) enrolmentId: string,
    @Param('stepId', uuidParam()) stepId: string,
    @Body() body: LaunchRequestDto,
  ): Promise<LaunchDto> {
    return this.modules.launch(auth, enrolmentId, stepId, body.scoId);
  }
}

@ApiTags('attempts')
@Controller()
export class AttemptReportsController {
  constructor(private readonly reports: AttemptReportsService) {}

  @Get('trusts/:trustId/enrolments/:enrolmentId/attempts')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({ operationId: 'listEnrolmentAttempts', summary: "One enrolment's module attempts" })
  @ApiOkResponse({ type: [EnrolmentAttemptsDto] })
  list(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Param('enrolmentId', uuidParam()) enrolmentId: string,
  ): Promise<EnrolmentAttemptsDto[]> {
    return this.reports.forEnrolment(auth, trustId, enrolmentId);
  }

  @Get('trusts/:trustId/attempts/:attemptId')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({
    operationId: 'getAttempt',
    summary: 'Attempt detail: status, score, time per SCO and every interaction with the learner response',
  })
  @ApiOkResponse({ type: AttemptDetailDto })
  get(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Param('attemptId', uuidParam()) attemptId: string,
  ): Promise<AttemptDetailDto> {
    return this.reports.detail(auth, trustId, attemptId);
  }

  @Put('packages/:packageId/policy')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @HttpCode(204)
  @ApiOperation({
    operationId: 'setPackagePolicy',
    summary: 'When a launch starts a new attempt, and which attempt grades the module',
  })
  @ApiNoContentResponse()
  async setPolicy(
    @Auth() auth: AuthContext,
    @Param('packageId', uuidParam()) packageId: string,
    @Body() body: PackagePolicyDto,
  ): Promise<void> {
    await this.reports.setPolicy(auth, packageId, body);
  }

  @Put('programmes/:programmeId/steps/:stepId/package')
  @Authenticated({ roles: ['platform_admin'] })
  @HttpCode(204)
  @ApiOperation({
    operationId: 'setStepPackage',
    summary: 'Attach a global catalogue package to a module step of a programme (or detach it)',
  })
  @ApiNoContentResponse()
  async setStepPackage(
    @Auth() auth: AuthContext,
    @Param('programmeId', uuidParam()) programmeId: string,
    @Param('stepId', uuidParam()) stepId: string,
    @Body() body: StepPackageDto,
  ): Promise<void> {
    await this.reports.setStepPackage(auth, programmeId, stepId, body.packageId ?? null);
  }
}
