import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import nodemailer, { Transporter } from 'nodemailer';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { OutboundEmailEntity } from '../../database/entities.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Every message goes through the outbox table first. With SMTP_URL set it is then sent and
 * marked sent (or failed, with the reason); without it, it stays stored for platform admins to
 * read in the outbox screen.
 */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger('MailService');
  private readonly transport: Transporter | undefined;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : undefined;
  }

  /** Stores the message (inside `manager`'s transaction when given) and returns its id; call deliver() after commit. */
  async enqueue(mail: Mail, manager: EntityManager = this.db.manager): Promise<string> {
    const result = await manager.getRepository(OutboundEmailEntity).insert({
      toAddress: mail.to,
      subject: mail.subject,
      bodyText: mail.text,
    });
    return result.identifiers[0].id as string;
  }

  async deliver(id: string): Promise<void> {
    if (!this.transport) return;
    const repo = this.db.getRepository(OutboundEmailEntity);
    const row = await repo.findOneBy({ id });
    if (!row || row.status === 'sent') return;
    try {
      await this.transport.sendMail({
        from: this.config.mailFrom,
        to: row.toAddress,
        subject: row.subject,
        text: row.bodyText,
      });
      await repo.update({ id }, { status: 'sent', sentAt: new Date(), error: null });
    } catch (err) {
      this.logger.warn({ err, id }, 'Sending mail failed; kept in the outbox');
      await repo.update(
        { id },
        { status: 'failed', error: err instanceof Error ? err.message.slice(0, 500) : 'unknown' },
      );
    }
  }

  async send(mail: Mail): Promise<void> {
    await this.deliver(await this.enqueue(mail));
  }

  list(limit = 100): Promise<OutboundEmailEntity[]> {
    return this.db.getRepository(OutboundEmailEntity).find({ order: { createdAt: 'DESC' }, take: limit });
  }

  onModuleDestroy() {
    this.transport?.close();
  }
}
