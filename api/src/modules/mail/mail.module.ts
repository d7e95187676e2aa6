import { Global, Module } from '@nestjs/common';
import { MailService } from './mail.service.js';
import { OutboxController } from './outbox.controller.js';

@Global()
@Module({ providers: [MailService], controllers: [OutboxController], exports: [MailService] })
export class MailModule {}
