import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/decorators.js';
import { ProgrammeDto } from './dto/programme.dto.js';
import { ProgrammesRepository } from './programmes.repository.js';

@ApiTags('programmes')
@Controller('programmes')
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesRepository) {}

  @Get()
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({
    operationId: 'listProgrammes',
    summary: 'Programmes a cohort can follow, with their ordered steps',
  })
  @ApiOkResponse({ type: [ProgrammeDto] })
  list(): Promise<ProgrammeDto[]> {
    return this.programmes.list();
  }
}
