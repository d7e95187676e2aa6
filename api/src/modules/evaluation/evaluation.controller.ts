import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Authenticated } from '../../common/auth/decorators.js';
import type { AuthContext } from '../../common/auth/roles.js';
import { uuidParam } from '../../common/http/pipes.js';
import { EvaluationDto, EvaluationQueryDto } from './dto/evaluation.dto.js';
import { EvaluationService } from './evaluation.service.js';

@ApiTags('evaluation')
@Controller('studies/:studyId/evaluation')
export class EvaluationController {
  constructor(private readonly evaluation: EvaluationService) {}

  @Get()
  @Authenticated({ roles: ['platform_admin', 'researcher'] })
  @ApiOperation({
    operationId: 'getStudyEvaluation',
    summary:
      'Participant flow, pre/post comparison per capability, knowledge change, reaction, modules, reliability and decisions; small cells withheld',
  })
  @ApiOkResponse({ type: EvaluationDto })
  get(
    @Auth() auth: AuthContext,
    @Param('studyId', uuidParam()) studyId: string,
    @Query() query: EvaluationQueryDto,
  ): Promise<EvaluationDto> {
    return this.evaluation.evaluate(auth, studyId, query);
  }
}
