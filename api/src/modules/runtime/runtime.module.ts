import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { ScormModule } from '../scorm/scorm.module.js';
import { AttemptReportsService } from './attempt-reports.service.js';
import { ContentOrigin } from './content-origin.js';
import { ContentServer } from './content-server.js';
import { LearnerModulesService } from './learner-modules.service.js';
import { AttemptReportsController, LearnerModulesController } from './runtime.controllers.js';
import { RuntimeRepository } from './runtime.repository.js';
import { RuntimeService } from './runtime.service.js';

/** SCORM run time: launches, the content origin (files, player, commits) and attempt reports. */
@Module({
  imports: [ScormModule, AssessmentsModule],
  controllers: [LearnerModulesController, AttemptReportsController],
  providers: [
    RuntimeRepository,
    RuntimeService,
    ContentOrigin,
    ContentServer,
    LearnerModulesService,
    AttemptReportsService,
  ],
  exports: [ContentServer, ContentOrigin],
})
export class RuntimeModule {}
