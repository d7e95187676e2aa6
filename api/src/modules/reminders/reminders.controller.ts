import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Authenticated } from '../../common/auth/decorators.js';
import type { AuthContext } from '../../common/auth/roles.js';
import { uuidParam } from '../../common/http/pipes.js';
import { ListRemindersQueryDto, ReminderDto } from './dto/reminder.dto.js';
import { RemindersService } from './reminders.service.js';

@ApiTags('reminders')
@Controller('trusts/:trustId/reminders')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get()
  @Authenticated({ roles: ['platform_admin', 'lnd_admin'] })
  @ApiOperation({
    operationId: 'listReminders',
    summary: 'Reminders sent to learners of this trust, newest first',
  })
  @ApiOkResponse({ type: [ReminderDto] })
  list(
    @Auth() auth: AuthContext,
    @Param('trustId', uuidParam()) trustId: string,
    @Query() q: ListRemindersQueryDto,
  ): Promise<ReminderDto[]> {
    return this.reminders.list(auth, trustId, q.limit, q.offset);
  }
}
