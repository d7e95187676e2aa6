import { Module } from '@nestjs/common';
import { ProgrammesController } from './programmes.controller.js';
import { ProgrammesRepository } from './programmes.repository.js';

@Module({
  controllers: [ProgrammesController],
  providers: [ProgrammesRepository],
  exports: [ProgrammesRepository],
})
export class ProgrammesModule {}
