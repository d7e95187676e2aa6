import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/decorators.js';
import { OutboxMessageDto } from './dto/outbox-message.dto.js';
import { MailService } from './mail.service.js';

@ApiTags('admin')
@Controller('admin/outbox')
export class OutboxController {
  constructor(private readonly mail: MailService) {}

  @Get()
  @Authenticated({ roles: ['platform_admin'] })
  @ApiOperation({
    operationId: 'listOutbox',
    summary: 'Recent outgoing mail (held here when no SMTP server is configured)',
  })
  @ApiOkResponse({ type: [OutboxMessageDto] })
  async list(): Promise<OutboxMessageDto[]> {
    const rows = await this.mail.list();
    return rows.map((r) => ({
      id: r.id,
      to: r.toAddress,
      subject: r.subject,
      body: r.bodyText,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt ? r.sentAt.toISOString() : null,
    }));
  }
}
