import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../../common/auth/roles.js';
import {
  AccountStatus,
  PasswordTokenEntity,
  PasswordTokenPurpose,
  RoleGrantEntity,
  UserAccountEntity,
} from '../../database/entities.js';
import type { AccountDto, RoleGrantDto } from './dto/account.dto.js';

interface AccountRow {
  id: string;
  email: string;
  display_name: string;
  status: AccountStatus;
  is_demo: boolean;
  roles: RoleGrantDto[] | null;
}

const ACCOUNT_SELECT = `
  SELECT u.id, u.email, u.display_name, u.status, u.is_demo,
         (SELECT json_agg(json_build_object(
                   'id', g.id, 'role', g.role, 'trustId', g.trust_id, 'trustName', t.name,
                   'studyId', g.study_id, 'studyName', s.name) ORDER BY g.created_at)
            FROM role_grant g
            LEFT JOIN trust t ON t.id = g.trust_id
            LEFT JOIN study s ON s.id = g.study_id
           WHERE g.user_id = u.id) AS roles
    FROM user_account u`;

const toAccount = (r: AccountRow): AccountDto => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  status: r.status,
  isDemo: r.is_demo,
  roles: r.roles ?? [],
});

@Injectable()
export class AccountsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  findByEmail(email: string, m: EntityManager = this.db.manager): Promise<UserAccountEntity | null> {
    return m.getRepository(UserAccountEntity).findOneBy({ email: email.toLowerCase() });
  }

  findById(id: string, m: EntityManager = this.db.manager): Promise<UserAccountEntity | null> {
    return m.getRepository(UserAccountEntity).findOneBy({ id });
  }

  async findAccount(id: string): Promise<AccountDto | null> {
    const rows: AccountRow[] = await this.db.query(`${ACCOUNT_SELECT} WHERE u.id = $1`, [id]);
    return rows[0] ? toAccount(rows[0]) : null;
  }

  async searchAccounts(q: string | undefined, limit = 200): Promise<AccountDto[]> {
    const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : '%';
    const rows: AccountRow[] = await this.db.query(
      `${ACCOUNT_SELECT} WHERE u.email ILIKE $1 OR u.display_name ILIKE $1 ORDER BY u.display_name, u.email LIMIT $2`,
      [pattern, limit],
    );
    return rows.map(toAccount);
  }

  async create(
    a: {
      email: string;
      displayName: string;
      status: AccountStatus;
      passwordHash?: string | null;
      isDemo?: boolean;
    },
    m: EntityManager = this.db.manager,
  ): Promise<UserAccountEntity> {
    const repo = m.getRepository(UserAccountEntity);
    const result = await repo.insert({
      email: a.email.toLowerCase(),
      displayName: a.displayName,
      status: a.status,
      passwordHash: a.passwordHash ?? null,
      isDemo: a.isDemo ?? false,
    });
    return (await repo.findOneBy({ id: result.identifiers[0].id as string })) as UserAccountEntity;
  }

  async setPassword(userId: string, passwordHash: string, m: EntityManager = this.db.manager): Promise<void> {
    await m
      .getRepository(UserAccountEntity)
      .update({ id: userId }, { passwordHash, status: 'active', updatedAt: () => 'now()' });
  }

  async addGrant(
    g: {
      userId: string;
      role: Role;
      trustId?: string | null;
      studyId?: string | null;
      grantedBy?: string | null;
    },
    m: EntityManager = this.db.manager,
  ): Promise<{ id: string; created: boolean }> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO role_grant (user_id, role, trust_id, study_id, granted_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING id`,
      [g.userId, g.role, g.trustId ?? null, g.studyId ?? null, g.grantedBy ?? null],
    );
    if (rows[0]) return { id: rows[0].id, created: true };
    const existing: { id: string }[] = await m.query(
      `SELECT id FROM role_grant WHERE user_id = $1 AND role = $2
          AND trust_id IS NOT DISTINCT FROM $3 AND study_id IS NOT DISTINCT FROM $4`,
      [g.userId, g.role, g.trustId ?? null, g.studyId ?? null],
    );
    return { id: existing[0].id, created: false };
  }

  findGrant(userId: string, grantId: string): Promise<RoleGrantEntity | null> {
    return this.db.getRepository(RoleGrantEntity).findOneBy({ id: grantId, userId });
  }

  async removeGrant(grantId: string): Promise<void> {
    await this.db.getRepository(RoleGrantEntity).delete({ id: grantId });
  }

  async countPlatformAdmins(): Promise<number> {
    return this.db.getRepository(RoleGrantEntity).countBy({ role: 'platform_admin' });
  }

  async createPasswordToken(
    t: { userId: string; tokenHash: string; purpose: PasswordTokenPurpose; expiresAt: Date },
    m: EntityManager = this.db.manager,
  ): Promise<void> {
    await m.getRepository(PasswordTokenEntity).insert(t);
  }

  /** Marks the token used and returns it, atomically: a token works once, before it expires. */
  async consumePasswordToken(
    tokenHash: string,
    m: EntityManager,
  ): Promise<{ userId: string; purpose: PasswordTokenPurpose } | null> {
    const rows:
      | { user_id: string; purpose: PasswordTokenPurpose }[][]
      | { user_id: string; purpose: PasswordTokenPurpose }[] = await m.query(
      `UPDATE password_token SET used_at = now()
          WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
          RETURNING user_id, purpose`,
      [tokenHash],
    );
    // The pg driver returns [rows, count] for UPDATE … RETURNING through TypeORM.
    const list = (Array.isArray(rows[0]) ? rows[0] : rows) as {
      user_id: string;
      purpose: PasswordTokenPurpose;
    }[];
    return list[0] ? { userId: list[0].user_id, purpose: list[0].purpose } : null;
  }

  async invalidatePasswordTokens(userId: string, m: EntityManager): Promise<void> {
    await m.query(`UPDATE password_token SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [
      userId,
    ]);
  }
}
