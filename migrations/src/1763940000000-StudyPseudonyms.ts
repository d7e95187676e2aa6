import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A per-study secret for pseudonymised exports: a participant's export id is an HMAC of their person id under
 * it, so ids are stable across exports of one study and unrelated between studies. Existing studies get one
 * too. No route returns it.
 */
export class StudyPseudonyms1763940000000 implements MigrationInterface {
  name = 'StudyPseudonyms1763940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE study ADD COLUMN pseudonym_key text NOT NULL
        DEFAULT encode(sha256((gen_random_uuid()::text || gen_random_uuid()::text)::bytea), 'hex')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE study DROP COLUMN pseudonym_key`);
  }
}
