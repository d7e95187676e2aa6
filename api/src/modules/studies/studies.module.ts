import { Module } from '@nestjs/common';
import { StudiesController } from './studies.controller.js';
import { StudiesRepository } from './studies.repository.js';
import { StudiesService } from './studies.service.js';

@Module({
  controllers: [StudiesController],
  providers: [StudiesRepository, StudiesService],
  exports: [StudiesRepository],
})
export class StudiesModule {}
