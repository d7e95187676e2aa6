import { Module } from '@nestjs/common';
import {
  AssessmentAdminController,
  InstrumentsController,
  LearnerAssessmentsController,
  MyResearchController,
} from './assessments.controllers.js';
import { AssessmentsRepository } from './assessments.repository.js';
import { AssessmentsService } from './assessments.service.js';
import { ConsentRepository } from './consent.repository.js';
import { ConsentService } from './consent.service.js';
import { InstrumentCatalogueService } from './instrument-catalogue.service.js';
import { InstrumentsRepository } from './instruments.repository.js';
import { ProfileService } from './profile.service.js';
import { ResponseScoreBackfill } from './response-scores.js';

/** Instruments, assessment responses at the programme's timepoints, research consent, equality monitoring, CQ profile. */
@Module({
  controllers: [
    LearnerAssessmentsController,
    MyResearchController,
    InstrumentsController,
    AssessmentAdminController,
  ],
  providers: [
    InstrumentsRepository,
    InstrumentCatalogueService,
    AssessmentsRepository,
    AssessmentsService,
    ConsentRepository,
    ConsentService,
    ProfileService,
    ResponseScoreBackfill,
  ],
  exports: [AssessmentsRepository, InstrumentCatalogueService, ConsentRepository, ResponseScoreBackfill],
})
export class AssessmentsModule {}
