import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
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
import { AssessmentsService } from './assessments.service.js';
import { ConsentService } from './consent.service.js';
import {
  CorrectionDto,
  PreAssessmentStateDto,
  ResponseRecordDto,
  SaveAnswersDto,
  SavedAnswersDto,
  StepAssessmentDto,
  SubmittedDto,
  WaiverDto,
} from './dto/assessment.dto.js';
import {
  ConsentDecisionDto,
  ConsentFormDto,
  ConsentStudyDto,
  CreateConsentFormDto,
  EqualityAnswerDto,
  EqualityDto,
  MyConsentsDto,
} from './dto/consent.dto.js';
import {
  InstrumentDetailDto,
  InstrumentSummaryDto,
  LoadLicensedPackDto,
  LoadResultDto,
  StepInstrumentsDto,
} from './dto/instrument.dto.js';
import { CqProfileDto, StudyEqualityDto, StudyParticipationDto } from './dto/research.dto.js';
import { InstrumentCatalogueService } from './instrument-catalogue.service.js';
import { ProfileService } from './profile.service.js';

@ApiTags('assessments')
@Controller('me/enrolments/:enrolmentId/steps/:stepId/assessment')
export class LearnerAssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Get()
  @Authenticated({ roles: ['learner'] })
  @ApiOperation({
    operationId: 'getMyAssessment',
    summary: 'An assessment step: consent still to decide, its questionnaires, my saved answers',
  })
  @ApiOkResponse({ type: StepAssessmentDto })
  view(
    @Auth() auth: AuthContext,
    @Param('enrolmentId', uuidParam()) enrolmentId: string,
    @Param('stepId', uuidParam()) stepId: string,
  ): Promise<StepAssessmentDto> {
    return this.assessments.view(auth, enrolmentId, stepId);
  }

  @Put(':instrumentKey/answers')
  @Authenticated({ roles: ['learner'] })
  @ApiOperation({
    operationId: 'saveMyAnswers',
    summary: 'Autosave: replaces the draft answers of one questionnaire',
  })
  @ApiOkResponse({ type: SavedAnswersDto })
  save(
    @Auth() auth: AuthContext,
    @Param('enrolmentId', uuidParam()) enrolmentId: string,
    @Param('stepId', uuidParam()) stepId: string,
    @Param('instrumentKey') key: string,
    @Body() body: SaveAnswersDto,
  ): Promise<SavedAnswersDto> {
    return this.assessments.save(auth, enrolmentId, stepId, key, body.answers);
  }

  @Post(':instrumentKey/submission')
  @Authenticated({ roles: ['learner'] })
  @ApiOperation({
    operationId: 'submitMyAnswers',
    summary: 'Submit one questionnaire: final, answers cannot change after',
  })
  @ApiCreatedResponse({ type: SubmittedDto })
  submit(
    @Auth() auth: AuthContext,
    @Param('enrolmentId', uuidParam()) enrolmentId: string,
    @Param('stepId', uuidParam()) stepId: string,
    @Param('instrumentKey') key: string,
  ): Promise<SubmittedDto> {
    return this.assessments.submit(auth, enrolmentId, stepId, key);
  }
}

@ApiTags('assessments')
@Controller('me')
export class MyResearchController {
  constructor(
    private readonly consent: ConsentService,
    private readonly profiles: ProfileService,
  ) {}

  @Get('consents')
  @Authenticated({ roles: ['learner'] })
  @ApiOperation({
    operationId: 'getMyConsents',
    summary: 'Studies I can take part in, their consent forms and my decisions',
  })
  @ApiOkResponse({ type: MyConsentsDto })
  async consents(@Auth() auth: AuthContext): Promise<MyConsentsDto> {
    return { studies: await this.consent.forLearner(auth) };
  }

  @Post('consents')
  @Authenticated({ roles: ['learner'] })
  @ApiOperation({
    operationId: 'decideConsent',
    summary: 'Agree or decline to take part in a study (on its current form)',
  })
  @ApiCreatedResponse({ type: ConsentStudyDto })
  decide(@Auth() auth: AuthContext, @Body() body: ConsentDecisionDto): Promise<ConsentStudyDto> {
    return this.consent.decide(auth, body.studyId, body.consentFormId, body.decision);
  }

  @Post('consents/:studyId/withdrawal')
  @Authenticated({ roles: ['learner'] })
  @ApiOperation({
    operationId: 'withdrawConsent',
    summary:
      'Withdraw from a study: my data leave every research view and export, and stay in my training record',
  })
  @ApiCreatedResponse({ type: ConsentStudyDto })
  withdraw(
    @Auth() auth: AuthContext,
    @Param('studyId', uuidParam()) studyId: string,
  ): Promise<ConsentStudyDto> {
    return this.consent.withdraw(auth, studyId);
  }

  @Get('equality')
  @Authenticated({ roles: ['learner'] })
  @ApiOperation({ operationId: 'getMyEquality', summary: 'My equality monitoring answers' })
  @ApiOkResponse({ type: EqualityDto })
  equality(@Auth() auth: AuthContext): Promise<EqualityDto> {
    return this.consent.myEquality(auth);
  }

  @Put('equality')
  @Authenticated({ roles: ['learner'] })
  @ApiOperation({
    operationId: 'saveMyEquality',
    summary: 'Answer (or skip) the equality monitoring questions',
  })
  @ApiOkResponse({ type: EqualityDto })
  saveEquality(@Auth() auth: AuthContext, @Body() body: EqualityAnswerDto): Promise<EqualityDto> {
    return this.consent.saveEquality(auth, body);
  }

  @Get('cq-profile')
  @Authenticated({ roles: ['learner'] })
  @ApiOperation({
    operationId: 'getMyCqProfile',
    summary: 'My capability scores at each timepoint, with what they mean',
  })
  @ApiOkResponse({ type: CqProfileDto })
  profile(@Auth() auth: AuthContext): Promise<CqProfileDto> {
    return this.profiles.profile(auth);
  }
}

@ApiTags('assessments')
@Controller('instruments')
export class InstrumentsController {
  constructor(private readonly catalogue: InstrumentCatalogueService) {}

  @Get()
  @Authenticated({ roles: ['platform_admin', 'researcher'] })
  @ApiOperation({
    operationId: 'listInstruments',
    summary: 'Every instrument version, with its licence and use',
  })
  @ApiOkResponse({ type: [InstrumentSummaryDto] })
  list(): Promise<InstrumentSummaryDto[]> {
    return this.catalogue.list();
  }

  @Get(':instrumentId')
  @Authenticated({ roles: ['platform_admin', 'researcher'] })
  @ApiOperation({
    operationId: 'getInstrument',
    summary: 'One instrument version; item text is left out when its licence forbids redistribution',
  })
  @ApiOkResponse({ type: InstrumentDetailDto })
  get(@Param('instrumentId', uuidParam()) id: string): Promise<InstrumentDetailDto> {
    return this.catalogue.get(id);
  }

  @Post('licensed-packs')
  @Authenticated({ roles: ['platform_admin'] })
  @ApiOperation({
    operationId: 'loadLicensedPack',
    summary: 'Load a licensed instrument pack from a folder on the server, outside the repository',
  })
  @ApiCreatedResponse({ type: LoadResultDto })
  load(@Auth() auth: AuthContext, @Body() body: LoadLicensedPackDto): Promise<LoadResultDto> {
    return this.catalogue.loadLicensedPack(auth, body.path, body.permissionReference);
  }
}

@ApiTags('assessments')
@Controller()
export class AssessmentAdminController {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly catalogue: InstrumentCatalogueService,
    private readonly consent: ConsentService,
  ) {}

  @Put('programmes/:programmeId/steps/:stepId/instruments')
  @Authenticated({ roles: ['platform_admin'] })
  @ApiOperation({
    operationId: 'setStepInstruments',
    summary: 'Choose the questionnaires an assessment step asks',
  })
  @ApiNoContentResponse()
  @HttpCode(204)
  async setStepInstruments(
    @Param('programmeId', uuidParam()) programmeId: string,
    @Param('stepId', uuidParam()) stepId: string,
    @Body() body: StepInstrumentsDto,
    @Auth() auth: AuthContext,
  ): Promise<void> {
    await this.catalogue.setStepInstruments(auth, programmeId, stepId, body.instrumentKeys);
  }

  @Get('admin/enrolments/:enrolmentId/responses')
  @Authenticated({ roles: ['platform_admin'] })
  @ApiOperation({
    operationId: 'listEnrolmentResponses',
    summary: 'Every assessment response of an enrolment, corrections and the records they replaced included',
  })
  @ApiOkResponse({ type: [ResponseRecordDto] })
  responses(@Param('enrolmentId', uuidParam()) enrolmentId: string): Promise<ResponseRecordDto[]> {
    return this.assessments.history(enrolmentId);
  }

  @Post('admin/responses/:responseId/corrections')
  @Authenticated({ roles: ['platform_admin'] })
  @ApiOperation({
    operationId: 'correctResponse',
    summary: 'Correct a submitted response: a new audited record replaces it; the original is kept',
  })
  @ApiCreatedResponse({ type: ResponseRecordDto })
  correct(
    @Auth() auth: AuthContext,
    @Param('responseId', uuidParam()) responseId: string,
    @Body() body: CorrectionDto,
  ): Promise<ResponseRecordDto> {
    return this.assessments.correct(auth, responseId, body.answers, body.reason);
  }

  @Get('studies/:studyId/consent-forms')
  @Authenticated({ roles: ['platform_admin', 'researcher'] })
  @ApiOperation({ operationId: 'listConsentForms', summary: 'Every version of the study consent form' })
  @ApiOkResponse({ type: [ConsentFormDto] })
  forms(
    @Auth() auth: AuthContext,
    @Param('studyId', uuidParam()) studyId: string,
  ): Promise<ConsentFormDto[]> {
    return this.consent.forms(auth, studyId);
  }

  @Post('studies/:studyId/consent-forms')
  @Authenticated({ roles: ['platform_admin'] })
  @ApiOperation({
    operationId: 'createConsentForm',
    summary: 'Publish a new version of the study consent form',
  })
  @ApiCreatedResponse({ type: ConsentFormDto })
  createForm(
    @Auth() auth: AuthContext,
    @Param('studyId', uuidParam()) studyId: string,
    @Body() body: CreateConsentFormDto,
  ): Promise<ConsentFormDto> {
    return this.consent.createForm(auth, studyId, body);
  }

  @Get('studies/:studyId/participation')
  @Authenticated({ roles: ['platform_admin', 'researcher'] })
  @ApiOperation({
    operationId: 'getStudyParticipation',
    summary: 'Consent and timepoint counts, small cells suppressed',
  })
  @ApiOkResponse({ type: StudyParticipationDto })
  participation(
    @Auth() auth: AuthContext,
    @Param('studyId', uuidParam()) studyId: string,
  ): Promise<StudyParticipationDto> {
    return this.consent.participation(auth, studyId);
  }

  @Get('studies/:studyId/equality')
  @Authenticated({ roles: ['platform_admin', 'researcher'] })
  @ApiOperation({
    operationId: 'getStudyEquality',
    summary: 'Equality monitoring of participants, in aggregate only',
  })
  @ApiOkResponse({ type: StudyEqualityDto })
  equality(
    @Auth() auth: AuthContext,
    @Param('studyId', uuidParam()) studyId: string,
  ): Promise<StudyEqualityDto> {
    return this.consent.equalityReport(auth, studyId);
  }

  @Get('trusts/:trustId/enrolments/:enrolmentId/pre-assessment-waiver')
  @Authenticated({ roles: ['lnd_admin', 'platform_admin'] })
  @ApiOperation({
    operationId: 'getPreAssessmentWaiver',
    summary: 'Whether the pre-assessment is done, waived or open',
  })
  @ApiOkResponse({ type: PreAssessmentStateDto })
  preState(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Param('enrolmentId', uuidParam()) enrolmentId: string,
  ): Promise<PreAssessmentStateDto> {
    return this.assessments.preState(auth, trustId, enrolmentId);
  }

  @Put('trusts/:trustId/enrolments/:enrolmentId/pre-assessment-waiver')
  @Authenticated({ roles: ['lnd_admin', 'platform_admin'] })
  @ApiOperation({
    operationId: 'waivePreAssessment',
    summary: 'Let a person start the modules without the pre-assessment',
  })
  @ApiNoContentResponse()
  @HttpCode(204)
  async waive(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Param('enrolmentId', uuidParam()) enrolmentId: string,
    @Body() body: WaiverDto,
  ): Promise<void> {
    await this.assessments.waivePre(auth, trustId, enrolmentId, body.reason);
  }

  @Delete('trusts/:trustId/enrolments/:enrolmentId/pre-assessment-waiver')
  @Authenticated({ roles: ['lnd_admin', 'platform_admin'] })
  @ApiOperation({ operationId: 'unwaivePreAssessment', summary: 'Take back a pre-assessment waiver' })
  @ApiNoContentResponse()
  @HttpCode(204)
  async unwaive(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Param('enrolmentId', uuidParam()) enrolmentId: string,
  ): Promise<void> {
    await this.assessments.unwaivePre(auth, trustId, enrolmentId);
  }
}
