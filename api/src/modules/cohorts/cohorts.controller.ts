import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Auth, Authenticated } from '../../common/auth/decorators.js';
import type { AuthContext } from '../../common/auth/roles.js';
import { uuidParam } from '../../common/http/pipes.js';
import { CohortsService } from './cohorts.service.js';
import {
  CohortDashboardDto,
  CohortDto,
  CreateCohortDto,
  DashboardQueryDto,
  EnrolDto,
  EnrolmentRefDto,
  EnrolResultDto,
  MoveDto,
  WithdrawDto,
} from './dto/cohort.dto.js';

@ApiTags('cohorts')
@Controller('trusts/:trustId/cohorts')
export class CohortsController {
  constructor(private readonly cohorts: CohortsService) {}

  @Get()
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({ operationId: 'listCohorts', summary: "The trust's cohorts with counts by status" })
  @ApiOkResponse({ type: [CohortDto] })
  list(@Auth() auth: AuthContext, @Param('trustId', uuidParam()) trustId: string): Promise<CohortDto[]> {
    return this.cohorts.list(auth, trustId);
  }

  @Post()
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({ operationId: 'createCohort' })
  @ApiCreatedResponse({ type: CohortDto })
  create(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Body() dto: CreateCohortDto,
  ): Promise<CohortDto> {
    return this.cohorts.create(auth, trustId, dto);
  }

  @Get(':cohortId')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({
    operationId: 'getCohortDashboard',
    summary: 'Funnel, counts and the enrolments matching the filters',
  })
  @ApiOkResponse({ type: CohortDashboardDto })
  dashboard(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Param('cohortId', uuidParam()) cohortId: string,
    @Query() query: DashboardQueryDto,
  ): Promise<CohortDashboardDto> {
    return this.cohorts.dashboard(auth, trustId, cohortId, query);
  }

  @Get(':cohortId/export.csv')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({ operationId: 'exportCohortCsv', summary: 'The enrolments matching the filters, as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV file', schema: { type: 'string' } })
  async exportCsv(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Param('cohortId', uuidParam()) cohortId: string,
    @Query() query: DashboardQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const { filename, csv } = await this.cohorts.exportCsv(auth, trustId, cohortId, query);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(`\ufeff${csv}`);
  }

  @Post(':cohortId/enrolments')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({
    operationId: 'enrol',
    summary: 'Enrol people by id, or everyone from a confirmed staff import',
  })
  @ApiCreatedResponse({ type: EnrolResultDto })
  enrol(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Param('cohortId', uuidParam()) cohortId: string,
    @Body() dto: EnrolDto,
  ): Promise<EnrolResultDto> {
    return this.cohorts.enrol(auth, trustId, cohortId, dto);
  }

  @Post(':cohortId/enrolments/:enrolmentId/withdraw')
  @HttpCode(204)
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({
    operationId: 'withdrawEnrolment',
    summary: 'Withdraw with a reason; the record and its history stay',
  })
  @ApiNoContentResponse()
  withdraw(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Param('cohortId', uuidParam()) cohortId: string,
    @Param('enrolmentId', uuidParam()) enrolmentId: string,
    @Body() dto: WithdrawDto,
  ): Promise<void> {
    return this.cohorts.withdraw(auth, trustId, cohortId, enrolmentId, dto.reason);
  }

  @Post(':cohortId/enrolments/:enrolmentId/move')
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({
    operationId: 'moveEnrolment',
    summary: 'Move to another cohort of the trust, keeping progress and history',
  })
  @ApiCreatedResponse({ type: EnrolmentRefDto })
  async move(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Param('cohortId', uuidParam()) cohortId: string,
    @Param('enrolmentId', uuidParam()) enrolmentId: string,
    @Body() dto: MoveDto,
  ): Promise<EnrolmentRefDto> {
    return { id: await this.cohorts.move(auth, trustId, cohortId, enrolmentId, dto.toCohortId) };
  }
}
