import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Assessments: versioned instruments, the instruments each assessment step asks, responses (one current
 * response per enrolment × instrument × timepoint; submitted responses are immutable, corrections are new
 * rows), consent forms and consent decisions per study, equality monitoring, pre-assessment waivers and the
 * follow-up invitation.
 */
export class Assessments1763930000000 implements MigrationInterface {
  name = 'Assessments1763930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE instrument (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL CHECK (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        version integer NOT NULL CHECK (version >= 1),
        title text NOT NULL,
        label text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('likert', 'sjt', 'survey')),
        definition jsonb NOT NULL,
        definition_hash text NOT NULL,
        source text NOT NULL CHECK (source IN ('bundled', 'licensed')),
        redistributable boolean NOT NULL,
        permission_reference text,
        loaded_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT instrument_key_version_key UNIQUE (key, version),
        CONSTRAINT instrument_licensed_check CHECK (
          source <> 'licensed' OR length(coalesce(permission_reference, '')) > 0)
      )`);
    await q.query(`
      CREATE TABLE programme_step_instrument (
        step_id uuid NOT NULL REFERENCES programme_step(id) ON DELETE CASCADE,
        instrument_key text NOT NULL,
        position integer NOT NULL,
        PRIMARY KEY (step_id, instrument_key),
        CONSTRAINT programme_step_instrument_position_key UNIQUE (step_id, position)
      )`);
    await q.query(`
      CREATE TABLE assessment_response (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enrolment_id uuid NOT NULL REFERENCES enrolment(id) ON DELETE CASCADE,
        step_id uuid NOT NULL REFERENCES programme_step(id) ON DELETE RESTRICT,
        instrument_id uuid NOT NULL REFERENCES instrument(id) ON DELETE RESTRICT,
        instrument_key text NOT NULL,
        timepoint text NOT NULL CHECK (timepoint IN ('pre', 'post', 'follow_up')),
        form text CHECK (form IN ('pre', 'post')),
        answers jsonb NOT NULL DEFAULT '{}'::jsonb,
        scores jsonb,
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        submitted_at timestamptz,
        superseded_at timestamptz,
        corrects_id uuid REFERENCES assessment_response(id) ON DELETE CASCADE,
        corrected_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
        correction_reason text,
        CONSTRAINT assessment_response_scores_check CHECK (scores IS NULL OR submitted_at IS NOT NULL),
        CONSTRAINT assessment_response_correction_check CHECK (
          (corrects_id IS NULL) = (correction_reason IS NULL) AND (corrects_id IS NULL OR submitted_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE UNIQUE INDEX assessment_response_current_key
        ON assessment_response (enrolment_id, instrument_key, timepoint) WHERE superseded_at IS NULL`);
    await q.query(`CREATE INDEX assessment_response_instrument_idx ON assessment_response (instrument_id)`);

    // A submitted response is never edited: only superseded_at may be set, once, when a correction replaces it.
    await q.query(`
      CREATE FUNCTION assessment_response_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.submitted_at IS NOT NULL AND (
             NEW.answers IS DISTINCT FROM OLD.answers OR NEW.scores IS DISTINCT FROM OLD.scores
          OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at OR NEW.instrument_id IS DISTINCT FROM OLD.instrument_id
          OR NEW.enrolment_id IS DISTINCT FROM OLD.enrolment_id OR NEW.timepoint IS DISTINCT FROM OLD.timepoint
          OR NEW.form IS DISTINCT FROM OLD.form OR NEW.step_id IS DISTINCT FROM OLD.step_id
          OR NEW.instrument_key IS DISTINCT FROM OLD.instrument_key
          OR NEW.corrects_id IS DISTINCT FROM OLD.corrects_id
          OR (OLD.superseded_at IS NOT NULL AND NEW.superseded_at IS DISTINCT FROM OLD.superseded_at)) THEN
          RAISE EXCEPTION 'a submitted assessment response cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER assessment_response_immutable BEFORE UPDATE ON assessment_response
        FOR EACH ROW EXECUTE FUNCTION assessment_response_immutable()`);

    // An instrument version that has responses is never edited or removed: editing makes a new version.
    await q.query(`
      CREATE FUNCTION instrument_immutable_when_used() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM assessment_response r WHERE r.instrument_id = OLD.id) THEN
          RAISE EXCEPTION 'instrument % version % has responses and cannot be changed', OLD.key, OLD.version
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`
      CREATE TRIGGER instrument_immutable_when_used BEFORE UPDATE OR DELETE ON instrument
        FOR EACH ROW EXECUTE FUNCTION instrument_immutable_when_used()`);

    await q.query(`
      CREATE TABLE consent_form (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        study_id uuid NOT NULL REFERENCES study(id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version >= 1),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        information text NOT NULL CHECK (length(information) BETWEEN 1 AND 50000),
        statements jsonb NOT NULL,
        created_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT consent_form_version_key UNIQUE (study_id, version)
      )`);
    await q.query(`
      CREATE TABLE consent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        study_id uuid NOT NULL REFERENCES study(id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        consent_form_id uuid NOT NULL REFERENCES consent_form(id) ON DELETE RESTRICT,
        decision text NOT NULL CHECK (decision IN ('given', 'declined')),
        decided_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_at timestamptz,
        CONSTRAINT consent_withdrawal_check CHECK (withdrawn_at IS NULL OR decision = 'given')
      )`);
    await q.query(`CREATE INDEX consent_person_idx ON consent (person_id, study_id, decided_at DESC)`);
    await q.query(`CREATE INDEX consent_study_idx ON consent (study_id)`);

    await q.query(`
      CREATE TABLE equality_monitoring (
        person_id uuid PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
        ethnicity text CHECK (ethnicity IN ('A','B','C','D','E','F','G','H','J','K','L','M','N','P','R','S','Z')),
        gender text CHECK (gender IN ('woman', 'man', 'non_binary', 'other', 'prefer_not_to_say')),
        band text CHECK (band IN ('1','2','3','4','5','6','7','8a','8b','8c','8d','9','other','prefer_not_to_say')),
        answered_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`ALTER TABLE step_completion ADD COLUMN waived_reason text, ADD COLUMN waived_by uuid
      REFERENCES user_account(id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE reminder DROP CONSTRAINT reminder_kind_check`);
    await q.query(`ALTER TABLE reminder ADD CONSTRAINT reminder_kind_check
      CHECK (kind IN ('due_soon', 'overdue', 'follow_up_invitation'))`);
    await q.query(
      `CREATE UNIQUE INDEX reminder_follow_up_key ON reminder (enrolment_id) WHERE kind = 'follow_up_invitation'`,
    );

    // The default programme asks the project's instruments; the instruments themselves are loaded at start.
    const bindings: [string, string[]][] = [
      ['pre', ['cq-self-assessment', 'cq-sjt']],
      ['post', ['cq-self-assessment', 'cq-sjt', 'reaction-survey']],
      ['follow_up', ['cq-self-assessment']],
    ];
    for (const [timepoint, keys] of bindings) {
      for (const [i, key] of keys.entries()) {
        await q.query(
          `INSERT INTO programme_step_instrument (step_id, instrument_key, position)
           SELECT s.id, $2, $3 FROM programme_step s JOIN programme p ON p.id = s.programme_id
            WHERE p.slug = 'cq-inclusive-leadership' AND s.timepoint = $1`,
          [timepoint, key, i + 1],
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reminder_follow_up_key`);
    await q.query(`DELETE FROM reminder WHERE kind = 'follow_up_invitation'`);
    await q.query(`ALTER TABLE reminder DROP CONSTRAINT reminder_kind_check`);
    await q.query(
      `ALTER TABLE reminder ADD CONSTRAINT reminder_kind_check CHECK (kind IN ('due_soon', 'overdue'))`,
    );
    await q.query(`ALTER TABLE step_completion DROP COLUMN waived_reason, DROP COLUMN waived_by`);
    for (const t of [
      'equality_monitoring',
      'consent',
      'consent_form',
      'assessment_response',
      'programme_step_instrument',
      'instrument',
    ])
      await q.query(`DROP TABLE ${t}`);
    await q.query(`DROP FUNCTION assessment_response_immutable()`);
    await q.query(`DROP FUNCTION instrument_immutable_when_used()`);
  }
}
