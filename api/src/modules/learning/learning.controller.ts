import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Authenticated } from '../../common/auth/decorators.js';
import type { AuthContext } from '../../common/auth/roles.js';
import { MyLearningDto } from './dto/learning.dto.js';
import { LearningService } from './learning.service.js';

@ApiTags('learning')
@Controller('me/learning')
export class LearningController {
  constructor(private readonly learning: LearningService) {}

  @Get()
  @Authenticated({ roles: ['learner'] })
  @ApiOperation({
    operationId: 'getMyLearning',
    summary: 'My programmes: steps, due date and what to do next',
  })
  @ApiOkResponse({ type: MyLearningDto })
  get(@Auth() auth: AuthContext): Promise<MyLearningDto> {
    return this.learning.myLearning(auth);
  }
}
