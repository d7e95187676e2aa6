import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '../../common/auth/access.service.js';
import { AuthContext } from '../../common/auth/roles.js';
import { conflict, DomainError, invalid, notFound } from '../../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { UserAccountEntity } from '../../database/entities.js';
import { AuditService } from '../audit/audit.service.js';
import { newToken, sha256 } from '../auth/tokens.js';
import { MailService } from '../mail/mail.service.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountDto, CreateAccountDto, GrantRoleDto, RoleGrantDto } from './dto/account.dto.js';

@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly access: AccessService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(auth: AuthContext, q?: string): Promise<AccountDto[]> {
    this.access.requirePlatformAdmin(auth);
    return this.accounts.searchAccounts(q?.trim() || undefined);
  }

  async get(userId: string): Promise<AccountDto> {
    const account = await this.accounts.findAccount(userId);
    if (!account) throw notFound('The account');
    return account;
  }

  async create(auth: AuthContext, dto: CreateAccountDto): Promise<AccountDto> {
    this.access.requirePlatformAdmin(auth);
    const mailIds: string[] = [];
    const user = await this.accounts.transaction(async (m) => {
      if (await this.accounts.findByEmail(dto.email, m)) {
        throw conflict(`An account for ${dto.email} already exists.`);
      }
      const created = await this.accounts.create(
        { email: dto.email, displayName: dto.displayName, status: 'invited' },
        m,
      );
      mailIds.push(await this.queueInvitation(created, m));
      await this.audit.record(
        {
          actorUserId: auth.userId,
          action: 'account.create',
          entityType: 'user_account',
          entityId: created.id,
        },
        m,
      );
      return created;
    });
    await Promise.all(mailIds.map((id) => this.mail.deliver(id)));
    return this.get(user.id);
  }

  /**
   * Finds the account for `email` or creates an invited one, inside the caller's transaction.
   * New accounts get an invitation link; returns the ids of mail to deliver after commit.
   */
  async findOrInvite(
    email: string,
    displayName: string,
    m: EntityManager,
    reason?: string,
  ): Promise<{ user: UserAccountEntity; mailIds: string[] }> {
    const existing = await this.accounts.findByEmail(email, m);
    if (existing) return { user: existing, mailIds: [] };
    const user = await this.accounts.create({ email, displayName, status: 'invited' }, m);
    return { user, mailIds: [await this.queueInvitation(user, m, reason)] };
  }

  async grantRole(auth: AuthContext, userId: string, dto: GrantRoleDto): Promise<RoleGrantDto> {
    this.access.requirePlatformAdmin(auth);
    const scope = { trustId: dto.trustId ?? null, studyId: dto.studyId ?? null };
    if ((dto.role === 'learner' || dto.role === 'lnd_admin') && (!scope.trustId || scope.studyId)) {
      throw invalid('trustId', 'Choose the trust this role applies to.');
    }
    if (dto.role === 'researcher' && (!scope.studyId || scope.trustId)) {
      throw invalid('studyId', 'Choose the study this role applies to.');
    }
    if (dto.role === 'platform_admin' && (scope.trustId || scope.studyId)) {
      throw invalid('role', 'Platform admin applies to the whole platform, not to one trust or study.');
    }
    if (!(await this.accounts.findById(userId))) throw notFound('The account');
    let grantId: string;
    try {
      const result = await this.accounts.addGrant({
        userId,
        role: dto.role,
        ...scope,
        grantedBy: auth.userId,
      });
      grantId = result.id;
    } catch (e) {
      if ((e as { code?: string }).code === '23503')
        throw invalid(scope.trustId ? 'trustId' : 'studyId', 'That trust or study does not exist.');
      throw e;
    }
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'role.grant',
      entityType: 'user_account',
      entityId: userId,
      trustId: scope.trustId,
      detail: { role: dto.role, studyId: scope.studyId },
    });
    const account = await this.get(userId);
    return account.roles.find((r) => r.id === grantId) as RoleGrantDto;
  }

  async revokeRole(auth: AuthContext, userId: string, grantId: string): Promise<void> {
    this.access.requirePlatformAdmin(auth);
    const grant = await this.accounts.findGrant(userId, grantId);
    if (!grant) throw notFound('The role');
    if (grant.role === 'platform_admin' && (await this.accounts.countPlatformAdmins()) <= 1) {
      throw new DomainError(
        'CONFLICT',
        'This is the last platform admin. Grant the role to someone else first.',
      );
    }
    await this.accounts.removeGrant(grantId);
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'role.revoke',
      entityType: 'user_account',
      entityId: userId,
      trustId: grant.trustId,
      detail: { role: grant.role, studyId: grant.studyId },
    });
  }

  private async queueInvitation(user: UserAccountEntity, m: EntityManager, reason?: string): Promise<string> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.config.invitationTtlDays * 86_400_000);
    await this.accounts.createPasswordToken(
      { userId: user.id, tokenHash: sha256(token), purpose: 'invite', expiresAt },
      m,
    );
    const link = `${this.config.publicUrl}/set-password?token=${token}`;
    return this.mail.enqueue(
      {
        to: user.email,
        subject: 'You have been invited to CQ Pathway',
        text: [
          `Hello ${user.displayName},`,
          '',
          reason ??
            'You have been given an account on CQ Pathway, the cultural intelligence programme for NHS managers.',
          'Set your password using this link:',
          link,
          '',
          `The link works once and expires in ${this.config.invitationTtlDays} days. If it has expired, use "Forgot your password?" on the sign-in page.`,
        ].join('\n'),
      },
      m,
    );
  }
}
