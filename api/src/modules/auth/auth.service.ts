import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuthContext } from '../../common/auth/roles.js';
import { DomainError } from '../../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { MailService } from '../mail/mail.service.js';
import { UserDto } from './dto/auth.dto.js';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './passwords.js';
import { SessionRepository } from './session.repository.js';
import { newToken, sha256 } from './tokens.js';

export interface NewSession {
  token: string;
  csrfToken: string;
  maxAgeMs: number;
  user: UserDto;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
  correlationId: string | null;
}

/** Per address, sign-in failures may run higher than per account (shared NHS networks sit behind few addresses). */
const IP_FAILURE_FACTOR = 10;

@Injectable()
export class AuthService {
  private readonly logger = new Logger('AuthService');

  constructor(
    private readonly sessions: SessionRepository,
    private readonly accounts: AccountsRepository,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async signIn(email: string, password: string, client: ClientInfo): Promise<NewSession> {
    const { maxFailures, windowSeconds } = this.config.signIn;
    const accountKey = `account:${email}`;
    const ipKey = `ip:${client.ip ?? 'unknown'}`;
    for (const [key, limit] of [
      [accountKey, maxFailures],
      [ipKey, maxFailures * IP_FAILURE_FACTOR],
    ] as const) {
      const recent = await this.sessions.recentFailures(key, windowSeconds);
      if (recent.count >= limit) {
        const retryAfter = Math.max(1, Math.ceil(windowSeconds - recent.oldestAgeSeconds));
        throw new DomainError(
          'TOO_MANY_ATTEMPTS',
          `Too many failed sign-in attempts. Wait ${describeWait(retryAfter)} and try again, or reset your password.`,
          undefined,
          retryAfter,
        );
      }
    }

    const user = await this.accounts.findByEmail(email);
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok || user.status !== 'active') {
      await this.sessions.recordFailure([accountKey, ipKey]);
      await this.audit.record({
        actorUserId: user?.id ?? null,
        action: 'auth.sign_in_failed',
        entityType: 'user_account',
        entityId: user?.id ?? null,
        detail: { ip: client.ip },
        correlationId: client.correlationId,
      });
      throw new DomainError(
        'INVALID_CREDENTIALS',
        'The email address or password is not right. Check them and try again.',
      );
    }

    await this.sessions.clearFailures(accountKey);
    const token = newToken();
    const csrfToken = newToken();
    const maxAgeMs = this.config.session.maxHours * 3_600_000;
    await this.sessions.create({
      id: sha256(token),
      userId: user.id,
      csrfToken,
      expiresAt: new Date(Date.now() + maxAgeMs),
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
    await this.audit.record({
      actorUserId: user.id,
      action: 'auth.sign_in',
      entityType: 'user_account',
      entityId: user.id,
      correlationId: client.correlationId,
    });
    return { token, csrfToken, maxAgeMs, user: await this.currentUser(user.id) };
  }

  async signOut(auth: AuthContext): Promise<void> {
    await this.sessions.delete(auth.sessionId);
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'auth.sign_out',
      entityType: 'user_account',
      entityId: auth.userId,
    });
  }

  async currentUser(userId: string): Promise<UserDto> {
    const account = await this.accounts.findAccount(userId);
    if (!account) throw new DomainError('UNAUTHENTICATED', 'Sign in to continue.');
    return {
      id: account.id,
      email: account.email,
      displayName: account.displayName,
      isDemo: account.isDemo,
      roles: account.roles,
    };
  }

  /** Always succeeds from the caller's point of view, so it does not reveal which addresses have accounts. */
  async requestPasswordReset(email: string): Promise<void> {
    const user = await this.accounts.findByEmail(email);
    if (!user || user.status === 'disabled') {
      this.logger.log('Password reset requested for an address without an active account');
      return;
    }
    const token = newToken();
    const ttl = this.config.passwordResetTtlMinutes;
    const mailId = await this.accounts.transaction(async (m) => {
      await this.accounts.createPasswordToken(
        {
          userId: user.id,
          tokenHash: sha256(token),
          purpose: 'reset',
          expiresAt: new Date(Date.now() + ttl * 60_000),
        },
        m,
      );
      return this.mail.enqueue(
        {
          to: user.email,
          subject: 'Reset your CQ Pathway password',
          text: [
            `Hello ${user.displayName},`,
            '',
            'Someone asked to reset the password for your CQ Pathway account. To choose a new password, use this link:',
            `${this.config.publicUrl}/reset-password?token=${token}`,
            '',
            `The link works once and expires in ${ttl} minutes. If you did not ask for this, you can ignore this email: your password has not changed.`,
          ].join('\n'),
        },
        m,
      );
    });
    await this.mail.deliver(mailId);
  }

  /** Sets the password from a reset or invitation link; the link is spent and every existing session ends. */
  async completePasswordReset(token: string, password: string): Promise<void> {
    const tokenHash = sha256(token);
    const userId = await this.accounts.transaction(async (m) => {
      const consumed = await this.accounts.consumePasswordToken(tokenHash, m);
      if (!consumed) {
        throw new DomainError(
          'RESET_TOKEN_INVALID',
          'This link has expired or has already been used. Ask for a new one from the sign-in page.',
        );
      }
      const user = await this.accounts.findById(consumed.userId, m);
      if (!user || user.status === 'disabled') {
        throw new DomainError('RESET_TOKEN_INVALID', 'This link is no longer valid.');
      }
      assertPasswordAcceptable(password, user.email);
      await this.accounts.setPassword(user.id, await hashPassword(password), m);
      await this.accounts.invalidatePasswordTokens(user.id, m);
      await this.audit.record(
        {
          actorUserId: user.id,
          action: `auth.password_${consumed.purpose === 'invite' ? 'set' : 'reset'}`,
          entityType: 'user_account',
          entityId: user.id,
        },
        m,
      );
      return user.id;
    });
    await this.sessions.deleteForUser(userId);
  }
}

export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
