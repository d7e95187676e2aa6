import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { AccessService } from '../../common/auth/access.service.js';
import { AuthContext } from '../../common/auth/roles.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { DATABASE_URL } from '../../database/tokens.js';
import { todayInLondon } from '../cohorts/progress.js';
import { MailService } from '../mail/mail.service.js';
import { ReminderDto, ReminderRunDto } from './dto/reminder.dto.js';
import { RemindersRepository } from './reminders.repository.js';

const QUEUE = 'send-reminders';

/**
 * Due-soon and overdue reminders, sent through the mail outbox by a pg-boss schedule
 * (REMINDER_CRON, UK time). A learner gets at most one reminder every REMINDER_MIN_INTERVAL_DAYS.
 */
@Injectable()
export class RemindersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private boss: PgBoss | undefined;

  constructor(
    private readonly reminders: RemindersRepository,
    private readonly mail: MailService,
    private readonly access: AccessService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.jobs) return;
    this.boss = new PgBoss({ connectionString: this.databaseUrl, max: 2, schema: 'pgboss' });
    this.boss.on('error', (err) => this.logger.warn({ err }, 'Job queue error'));
    await this.boss.start();
    await this.boss.createQueue(QUEUE);
    await this.boss.work(QUEUE, async () => {
      const sent = await this.run();
      this.logger.log(
        `Reminders sent: ${sent.dueSoon} due soon, ${sent.overdue} overdue, ${sent.followUp} follow-up invitations`,
      );
    });
    await this.boss.schedule(QUEUE, this.config.reminders.cron, {}, { tz: 'Europe/London' });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.boss?.stop({ graceful: false, wait: true });
  }

  /** Sends every reminder that is due now. Safe to run at any time: the interval rule stops repeats. */
  async run(now = new Date()): Promise<ReminderRunDto> {
    const { dueSoonDays, minIntervalDays } = this.config.reminders;
    const candidates = await this.reminders.candidates(todayInLondon(now), dueSoonDays, minIntervalDays);
    const mailIds: string[] = [];
    const result = { dueSoon: 0, overdue: 0, followUp: 0 };
    for (const c of candidates) {
      const kind = c.overdue ? 'overdue' : 'due_soon';
      await this.reminders.transaction(async (m) => {
        const id = await this.mail.enqueue(
          {
            to: c.workEmail,
            subject: c.overdue ? `Overdue: ${c.programmeName}` : `Due by ${c.dueDate}: ${c.programmeName}`,
            text: [
              `Hello ${c.fullName},`,
              '',
              c.overdue
                ? `Your programme "${c.programmeName}" (${c.cohortName}) was due by ${c.dueDate} and is not finished yet.`
                : `Your programme "${c.programmeName}" (${c.cohortName}) is due by ${c.dueDate}.`,
              `Pick up where you left off: ${this.config.publicUrl}/learning`,
              '',
              'If something is stopping you from finishing, talk to your learning and development team.',
            ].join('\n'),
          },
          m,
        );
        await this.reminders.record(c.enrolmentId, kind, id, m);
        mailIds.push(id);
      });
      result[c.overdue ? 'overdue' : 'dueSoon']++;
    }
    for (const c of await this.reminders.followUpCandidates(todayInLondon(now))) {
      await this.reminders.transaction(async (m) => {
        const id = await this.mail.enqueue(
          {
            to: c.workEmail,
            subject: `Your follow-up is open: ${c.programmeName}`,
            text: [
              `Hello ${c.fullName},`,
              '',
              `It is time for the follow-up of "${c.programmeName}" (${c.cohortName}): a short questionnaire on how you work now, a few months after the programme.`,
              `It takes about ten minutes: ${this.config.publicUrl}/learning`,
              '',
              'When you have submitted it, your CQ profile shows how your scores have changed since the start.',
            ].join('\n'),
          },
          m,
        );
        await this.reminders.record(c.enrolmentId, 'follow_up_invitation', id, m);
        mailIds.push(id);
      });
      result.followUp++;
    }
    for (const id of mailIds) await this.mail.deliver(id);
    return result;
  }

  list(auth: AuthContext, trustId: string, limit = 200, offset = 0): Promise<ReminderDto[]> {
    this.access.requireTrust(auth, trustId, ['lnd_admin']);
    return this.reminders.list(trustId, limit, offset);
  }
}
