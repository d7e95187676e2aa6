import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TrustEntity } from '../../database/entities.js';
import type { MemberDto, TrustDto } from './dto/trust.dto.js';

interface TrustRow {
  id: string;
  name: string;
  ods_code: string;
  is_demo: boolean;
  created_at: Date;
  member_count: string;
}

const toTrust = (r: TrustRow): TrustDto => ({
  id: r.id,
  name: r.name,
  odsCode: r.ods_code,
  isDemo: r.is_demo,
  createdAt: new Date(r.created_at).toISOString(),
  memberCount: Number(r.member_count),
});

const TRUST_SELECT = `
  SELECT t.id, t.name, t.ods_code, t.is_demo, t.created_at,
         (SELECT count(DISTINCT g.user_id) FROM role_grant g WHERE g.trust_id = t.id) AS member_count
    FROM trust t`;

@Injectable()
export class TrustsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** All trusts, or only those whose ids are given. */
  async list(ids?: string[]): Promise<TrustDto[]> {
    const rows: TrustRow[] = ids
      ? await this.db.query(`${TRUST_SELECT} WHERE t.id = ANY($1::uuid[]) ORDER BY t.name`, [ids])
      : await this.db.query(`${TRUST_SELECT} ORDER BY t.name`);
    return rows.map(toTrust);
  }

  async find(id: string): Promise<TrustDto | null> {
    const rows: TrustRow[] = await this.db.query(`${TRUST_SELECT} WHERE t.id = $1`, [id]);
    return rows[0] ? toTrust(rows[0]) : null;
  }

  existsByOdsCode(odsCode: string): Promise<boolean> {
    return this.db.getRepository(TrustEntity).existsBy({ odsCode });
  }

  async create(t: { name: string; odsCode: string; isDemo?: boolean }): Promise<string> {
    const r = await this.db
      .getRepository(TrustEntity)
      .insert({ name: t.name, odsCode: t.odsCode, isDemo: t.isDemo ?? false });
    return r.identifiers[0].id as string;
  }

  async members(trustId: string): Promise<MemberDto[]> {
    const rows: {
      id: string;
      user_id: string;
      email: string;
      display_name: string;
      role: MemberDto['role'];
      status: MemberDto['status'];
    }[] = await this.db.query(
      `SELECT g.id, u.id AS user_id, u.email, u.display_name, g.role, u.status
           FROM role_grant g JOIN user_account u ON u.id = g.user_id
          WHERE g.trust_id = $1
          ORDER BY u.display_name, u.email, g.role`,
      [trustId],
    );
    return rows.map((r) => ({
      membershipId: r.id,
      userId: r.user_id,
      email: r.email,
      displayName: r.display_name,
      role: r.role,
      status: r.status,
    }));
  }
}
