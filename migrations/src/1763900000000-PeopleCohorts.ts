import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Staff profiles, staff imports, programmes and their steps, cohorts, enrolments, step completion, reminders. */
export class PeopleCohorts1763900000000 implements MigrationInterface {
  name = 'PeopleCohorts1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust(id) ON DELETE CASCADE,
        user_id uuid REFERENCES user_account(id) ON DELETE SET NULL,
        staff_number text NOT NULL CHECK (length(staff_number) BETWEEN 1 AND 30),
        full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
        work_email text NOT NULL CHECK (work_email = lower(work_email)),
        job_title text,
        band text CHECK (band IN ('1','2','3','4','5','6','7','8a','8b','8c','8d','9','other')),
        directorate text,
        line_manager_staff_number text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT person_trust_staff_number_key UNIQUE (trust_id, staff_number),
        CONSTRAINT person_trust_email_key UNIQUE (trust_id, work_email) DEFERRABLE INITIALLY DEFERRED
      )`);
    await q.query(`CREATE INDEX person_user_idx ON person (user_id) WHERE user_id IS NOT NULL`);
    await q.query(`CREATE INDEX person_trust_name_idx ON person (trust_id, full_name)`);
    await q.query(`
      CREATE TABLE staff_import (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust(id) ON DELETE CASCADE,
        created_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
        filename text NOT NULL,
        status text NOT NULL DEFAULT 'previewed' CHECK (status IN ('previewed', 'committed')),
        headers jsonb NOT NULL,
        records jsonb NOT NULL,
        row_numbers jsonb,
        mapping jsonb NOT NULL DEFAULT '{}'::jsonb,
        row_count integer NOT NULL,
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        committed_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE staff_import_person (
        import_id uuid NOT NULL REFERENCES staff_import(id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        PRIMARY KEY (import_id, person_id)
      )`);
    await q.query(`
      CREATE TABLE import_mapping (
        trust_id uuid PRIMARY KEY REFERENCES trust(id) ON DELETE CASCADE,
        mapping jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE programme (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE programme_step (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programme(id) ON DELETE CASCADE,
        position integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('assessment', 'module', 'follow_up')),
        title text NOT NULL,
        timepoint text CHECK (timepoint IN ('pre', 'post', 'follow_up')),
        offset_days integer CHECK (offset_days IS NULL OR offset_days >= 0),
        ref text,
        CONSTRAINT programme_step_position_key UNIQUE (programme_id, position),
        CONSTRAINT programme_step_shape_check CHECK (
          (kind = 'assessment' AND timepoint IN ('pre', 'post') AND offset_days IS NULL)
          OR (kind = 'module' AND timepoint IS NULL AND offset_days IS NULL)
          OR (kind = 'follow_up' AND timepoint = 'follow_up' AND offset_days IS NOT NULL)
        )
      )`);
    await q.query(`
      CREATE TABLE cohort (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid NOT NULL REFERENCES trust(id) ON DELETE CASCADE,
        programme_id uuid NOT NULL REFERENCES programme(id) ON DELETE RESTRICT,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        start_date date NOT NULL,
        due_date date NOT NULL,
        owner_user_id uuid REFERENCES user_account(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cohort_dates_check CHECK (due_date >= start_date)
      )`);
    await q.query(`CREATE INDEX cohort_trust_idx ON cohort (trust_id)`);
    await q.query(`
      CREATE TABLE enrolment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cohort_id uuid NOT NULL REFERENCES cohort(id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        enrolled_at timestamptz NOT NULL DEFAULT now(),
        enrolled_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
        withdrawn_at timestamptz,
        withdrawn_reason text,
        withdrawn_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
        moved_to_enrolment_id uuid REFERENCES enrolment(id) ON DELETE SET NULL,
        CONSTRAINT enrolment_withdrawal_check CHECK ((withdrawn_at IS NULL) = (withdrawn_reason IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX enrolment_active_key ON enrolment (cohort_id, person_id) WHERE withdrawn_at IS NULL`,
    );
    await q.query(`CREATE INDEX enrolment_person_idx ON enrolment (person_id)`);
    await q.query(`
      CREATE TABLE step_completion (
        enrolment_id uuid NOT NULL REFERENCES enrolment(id) ON DELETE CASCADE,
        step_id uuid NOT NULL REFERENCES programme_step(id) ON DELETE CASCADE,
        started_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        waived boolean NOT NULL DEFAULT false,
        PRIMARY KEY (enrolment_id, step_id)
      )`);
    await q.query(`
      CREATE TABLE reminder (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enrolment_id uuid NOT NULL REFERENCES enrolment(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
        email_id uuid REFERENCES outbound_email(id) ON DELETE SET NULL,
        sent_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reminder_enrolment_idx ON reminder (enrolment_id, sent_at DESC)`);

    const [{ id }] = await q.query(
      `INSERT INTO programme (slug, name, description) VALUES ($1, $2, $3) RETURNING id`,
      [
        'cq-inclusive-leadership',
        'Cultural intelligence for inclusive leadership',
        'A pre-assessment, six scenario-based modules on inclusive leadership for middle managers, a post-assessment and a follow-up after 90 days.',
      ],
    );
    const steps: [string, string, string | null, number | null][] = [
      ['assessment', 'Pre-assessment: your CQ profile', 'pre', null],
      ['module', 'What cultural intelligence is', null, null],
      ['module', 'Everyday exclusion', null, null],
      ['module', 'Fair recruitment and promotion', null, null],
      ['module', 'Career conversations and sponsorship', null, null],
      ['module', 'Psychological safety and racist incidents', null, null],
      ['module', 'Acting on the data', null, null],
      ['assessment', 'Post-assessment: your CQ profile now', 'post', null],
      ['follow_up', 'Follow-up: three months on', 'follow_up', 90],
    ];
    for (const [i, [kind, title, timepoint, offset]] of steps.entries()) {
      await q.query(
        `INSERT INTO programme_step (programme_id, position, kind, title, timepoint, offset_days) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, i + 1, kind, title, timepoint, offset],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'reminder',
      'step_completion',
      'enrolment',
      'cohort',
      'programme_step',
      'programme',
      'import_mapping',
      'staff_import_person',
      'staff_import',
      'person',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
