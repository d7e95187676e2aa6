import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../common/auth/roles.js';

/**
 * Row mappings for the foundation tables. The schema itself lives in migrations/ (raw SQL);
 * these classes only map columns, so they carry no relations and no defaults of their own.
 */

@Entity('trust')
export class TrustEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'ods_code' }) odsCode: string;
  @Column('boolean', { name: 'is_demo', default: false }) isDemo: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

export type AccountStatus = 'active' | 'invited' | 'disabled';

@Entity('user_account')
export class UserAccountEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  @Column('text', { name: 'password_hash', nullable: true }) passwordHash: string | null;
  @Column('text', { default: 'invited' }) status: AccountStatus;
  @Column('boolean', { name: 'is_demo', default: false }) isDemo: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}

@Entity('study')
export class StudyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { default: '' }) description: string;
  @Column('boolean', { name: 'is_demo', default: false }) isDemo: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('study_trust')
export class StudyTrustEntity {
  @PrimaryColumn('uuid', { name: 'study_id' }) studyId: string;
  @PrimaryColumn('uuid', { name: 'trust_id' }) trustId: string;
}

@Entity('role_grant')
export class RoleGrantEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text') role: Role;
  @Column('uuid', { name: 'trust_id', nullable: true }) trustId: string | null;
  @Column('uuid', { name: 'study_id', nullable: true }) studyId: string | null;
  @Column('uuid', { name: 'granted_by', nullable: true }) grantedBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('user_session')
export class UserSessionEntity {
  /** sha256 of the cookie value: a database leak does not hand out live sessions. */
  @PrimaryColumn('text') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'csrf_token' }) csrfToken: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'last_seen_at', default: () => 'now()' }) lastSeenAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('text', { nullable: true }) ip: string | null;
  @Column('text', { name: 'user_agent', nullable: true }) userAgent: string | null;
}

@Entity('sign_in_failure')
export class SignInFailureEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('text') key: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

export type PasswordTokenPurpose = 'reset' | 'invite';

@Entity('password_token')
export class PasswordTokenEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'token_hash' }) tokenHash: string;
  @Column('text') purpose: PasswordTokenPurpose;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'used_at', nullable: true }) usedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

export type EmailStatus = 'stored' | 'sent' | 'failed';

@Entity('outbound_email')
export class OutboundEmailEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { name: 'to_address' }) toAddress: string;
  @Column('text') subject: string;
  @Column('text', { name: 'body_text' }) bodyText: string;
  @Column('text', { default: 'stored' }) status: EmailStatus;
  @Column('text', { nullable: true }) error: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
}

@Entity('audit_event')
export class AuditEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid', { name: 'actor_user_id', nullable: true }) actorUserId: string | null;
  @Column('text') action: string;
  @Column('text', { name: 'entity_type' }) entityType: string;
  @Column('text', { name: 'entity_id', nullable: true }) entityId: string | null;
  @Column('uuid', { name: 'trust_id', nullable: true }) trustId: string | null;
  @Column('jsonb', { default: {} }) detail: Record<string, unknown>;
  @Column('text', { name: 'correlation_id', nullable: true }) correlationId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

export const ENTITIES = [
  TrustEntity,
  UserAccountEntity,
  StudyEntity,
  StudyTrustEntity,
  RoleGrantEntity,
  UserSessionEntity,
  SignInFailureEntity,
  PasswordTokenEntity,
  OutboundEmailEntity,
  AuditEventEntity,
];
