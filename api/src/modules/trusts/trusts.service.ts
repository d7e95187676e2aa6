import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/auth/access.service.js';
import { AuthContext, isPlatformAdmin, trustsWithRole } from '../../common/auth/roles.js';
import { conflict, forbidden, notFound } from '../../common/errors.js';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { AuditService } from '../audit/audit.service.js';
import { MailService } from '../mail/mail.service.js';
import { CreateTrustDto, InviteMemberDto, MemberDto, TrustDto } from './dto/trust.dto.js';
import { TrustsRepository } from './trusts.repository.js';

@Injectable()
export class TrustsService {
  constructor(
    private readonly trusts: TrustsRepository,
    private readonly accounts: AccountsRepository,
    private readonly accountService: AccountsService,
    private readonly access: AccessService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
  ) {}

  list(auth: AuthContext): Promise<TrustDto[]> {
    return isPlatformAdmin(auth) ? this.trusts.list() : this.trusts.list(trustsWithRole(auth, 'lnd_admin'));
  }

  async get(auth: AuthContext, trustId: string): Promise<TrustDto> {
    this.access.requireTrust(auth, trustId, ['lnd_admin']);
    const trust = await this.trusts.find(trustId);
    if (!trust) throw notFound('The trust');
    return trust;
  }

  async create(auth: AuthContext, dto: CreateTrustDto): Promise<TrustDto> {
    this.access.requirePlatformAdmin(auth);
    if (await this.trusts.existsByOdsCode(dto.odsCode)) {
      throw conflict(`A trust with ODS code ${dto.odsCode} already exists.`);
    }
    const id = await this.trusts.create(dto);
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'trust.create',
      entityType: 'trust',
      entityId: id,
      trustId: id,
    });
    return (await this.trusts.find(id)) as TrustDto;
  }

  async members(auth: AuthContext, trustId: string): Promise<MemberDto[]> {
    await this.get(auth, trustId);
    return this.trusts.members(trustId);
  }

  /** Creates (or links, by email) the account and grants the role in this trust. L&D admins may add learners only. */
  async invite(auth: AuthContext, trustId: string, dto: InviteMemberDto): Promise<MemberDto> {
    await this.get(auth, trustId);
    if (dto.role !== 'learner' && !isPlatformAdmin(auth)) {
      throw forbidden('Only a platform admin can make someone an L&D admin.');
    }
    const { userId, grantId, mailIds } = await this.accounts.transaction(async (m) => {
      const { user, mailIds } = await this.accountService.findOrInvite(dto.email, dto.displayName, m);
      const grant = await this.accounts.addGrant(
        { userId: user.id, role: dto.role, trustId, grantedBy: auth.userId },
        m,
      );
      await this.audit.record(
        {
          actorUserId: auth.userId,
          action: 'trust.member_add',
          entityType: 'user_account',
          entityId: user.id,
          trustId,
          detail: { role: dto.role },
        },
        m,
      );
      return { userId: user.id, grantId: grant.id, mailIds };
    });
    await Promise.all(mailIds.map((id) => this.mail.deliver(id)));
    const member = (await this.trusts.members(trustId)).find(
      (x) => x.membershipId === grantId && x.userId === userId,
    );
    return member as MemberDto;
  }
}
