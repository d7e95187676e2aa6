import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RoleGrant } from '../../common/auth/roles.js';
import { SignInFailureEntity, UserSessionEntity } from '../../database/entities.js';

export interface ActiveSession {
  sessionId: string;
  userId: string;
  email: string;
  csrfToken: string;
  lastSeenAt: Date;
  grants: RoleGrant[];
}

@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(s: Omit<UserSessionEntity, 'createdAt' | 'lastSeenAt'>): Promise<void> {
    await this.db.getRepository(UserSessionEntity).insert(s);
  }

  /** The session and its user's grants in one round trip; null when expired, idle too long or the account is not active. */
  async findActive(id: string, idleMinutes: number): Promise<ActiveSession | null> {
    const rows: {
      session_id: string;
      user_id: string;
      email: string;
      csrf_token: string;
      last_seen_at: Date;
      grants: RoleGrant[] | null;
    }[] = await this.db.query(
      `SELECT s.id AS session_id, s.user_id, u.email, s.csrf_token, s.last_seen_at,
              (SELECT json_agg(json_build_object('id', g.id, 'role', g.role, 'trustId', g.trust_id, 'studyId', g.study_id)
                              ORDER BY g.created_at)
                 FROM role_grant g WHERE g.user_id = u.id) AS grants
         FROM user_session s JOIN user_account u ON u.id = s.user_id
        WHERE s.id = $1 AND s.expires_at > now() AND u.status = 'active'
          AND s.last_seen_at > now() - make_interval(mins => $2)`,
      [id, idleMinutes],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      sessionId: r.session_id,
      userId: r.user_id,
      email: r.email,
      csrfToken: r.csrf_token,
      lastSeenAt: new Date(r.last_seen_at),
      grants: r.grants ?? [],
    };
  }

  async touch(id: string): Promise<void> {
    await this.db.getRepository(UserSessionEntity).update({ id }, { lastSeenAt: () => 'now()' });
  }

  async delete(id: string): Promise<void> {
    await this.db.getRepository(UserSessionEntity).delete({ id });
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.db.getRepository(UserSessionEntity).delete({ userId });
  }

  async deleteExpired(): Promise<void> {
    await this.db.query(`DELETE FROM user_session WHERE expires_at <= now()`);
  }

  /** Failures for `key` inside the window, with the oldest one's age so the caller can say when to retry. */
  async recentFailures(
    key: string,
    windowSeconds: number,
  ): Promise<{ count: number; oldestAgeSeconds: number }> {
    const [r]: { count: string; oldest_age: number | null }[] = await this.db.query(
      `SELECT count(*) AS count, EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS oldest_age
         FROM sign_in_failure WHERE key = $1 AND created_at > now() - make_interval(secs => $2)`,
      [key, windowSeconds],
    );
    return { count: Number(r.count), oldestAgeSeconds: r.oldest_age ?? 0 };
  }

  async recordFailure(keys: string[]): Promise<void> {
    await this.db.getRepository(SignInFailureEntity).insert(keys.map((key) => ({ key })));
  }

  async clearFailures(key: string): Promise<void> {
    await this.db.getRepository(SignInFailureEntity).delete({ key });
  }

  async pruneFailures(olderThanSeconds: number): Promise<void> {
    await this.db.query(`DELETE FROM sign_in_failure WHERE created_at < now() - make_interval(secs => $1)`, [
      olderThanSeconds,
    ]);
  }
}
