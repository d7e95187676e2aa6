import { Module } from '@nestjs/common';
import { EvaluationRefresher } from './evaluation-refresher.js';
import { EvaluationController } from './evaluation.controller.js';
import { EvaluationRepository } from './evaluation.repository.js';
import { EvaluationService } from './evaluation.service.js';

/** The study evaluation for researchers: statistics over consenting participants' scored responses. */
@Module({
  controllers: [EvaluationController],
  providers: [EvaluationRepository, EvaluationService, EvaluationRefresher],
  exports: [EvaluationService],
})
export class EvaluationModule {}
