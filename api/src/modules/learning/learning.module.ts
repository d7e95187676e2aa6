import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { CohortsModule } from '../cohorts/cohorts.module.js';
import { ProgrammesModule } from '../programmes/programmes.module.js';
import { LearningController } from './learning.controller.js';
import { LearningService } from './learning.service.js';

@Module({
  imports: [CohortsModule, ProgrammesModule, AssessmentsModule],
  controllers: [LearningController],
  providers: [LearningService],
})
export class LearningModule {}
