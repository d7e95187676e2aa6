import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts, trusts, studies, role grants, sessions, sign-in throttling, password tokens, mail outbox, audit. */
export class Foundation1763890000000 implements MigrationInterface {
  name = 'Foundation1763890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE trust (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        ods_code text NOT NULL CHECK (ods_code ~ '^[A-Z0-9]{3,10}$'),
        is_demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT trust_ods_code_key UNIQUE (ods_code)
      )`);
    await q.query(`
      CREATE TABLE user_account (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        password_hash text,
        status text NOT NULL DEFAULT 'invited' CHECK (status IN ('active', 'invited', 'disabled')),
        is_demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT user_account_email_key UNIQUE (email)
      )`);
    await q.query(`
      CREATE TABLE study (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '',
        is_demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE study_trust (
        study_id uuid NOT NULL REFERENCES study(id) ON DELETE CASCADE,
        trust_id uuid NOT NULL REFERENCES trust(id) ON DELETE RESTRICT,
        PRIMARY KEY (study_id, trust_id)
      )`);
    await q.query(`
      CREATE TABLE role_grant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
        role text NOT NULL,
        trust_id uuid REFERENCES trust(id) ON DELETE CASCADE,
        study_id uuid REFERENCES study(id) ON DELETE CASCADE,
        granted_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT role_grant_scope_check CHECK (
          (role IN ('learner', 'lnd_admin') AND trust_id IS NOT NULL AND study_id IS NULL)
          OR (role = 'researcher' AND study_id IS NOT NULL AND trust_id IS NULL)
          OR (role = 'platform_admin' AND trust_id IS NULL AND study_id IS NULL)
        )
      )`);
    await q.query(`
      CREATE UNIQUE INDEX role_grant_unique ON role_grant (
        user_id, role,
        COALESCE(trust_id, '00000000-0000-0000-0000-000000000000'::uuid),
        COALESCE(study_id, '00000000-0000-0000-0000-000000000000'::uuid)
      )`);
    await q.query(`CREATE INDEX role_grant_trust_idx ON role_grant (trust_id) WHERE trust_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE user_session (
        id text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX user_session_user_idx ON user_session (user_id)`);
    await q.query(`CREATE INDEX user_session_expires_idx ON user_session (expires_at)`);
    await q.query(`
      CREATE TABLE sign_in_failure (
        id bigserial PRIMARY KEY,
        key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX sign_in_failure_key_idx ON sign_in_failure (key, created_at)`);
    await q.query(`
      CREATE TABLE password_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('reset', 'invite')),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT password_token_hash_key UNIQUE (token_hash)
      )`);
    await q.query(`
      CREATE TABLE outbound_email (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        to_address text NOT NULL,
        subject text NOT NULL,
        body_text text NOT NULL,
        status text NOT NULL DEFAULT 'stored' CHECK (status IN ('stored', 'sent', 'failed')),
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbound_email_created_idx ON outbound_email (created_at DESC)`);
    await q.query(`
      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        actor_user_id uuid REFERENCES user_account(id) ON DELETE SET NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        trust_id uuid REFERENCES trust(id) ON DELETE SET NULL,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        correlation_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_event_created_idx ON audit_event (created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_event',
      'outbound_email',
      'password_token',
      'sign_in_failure',
      'user_session',
      'role_grant',
      'study_trust',
      'study',
      'user_account',
      'trust',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
