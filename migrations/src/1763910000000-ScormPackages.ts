import type { MigrationInterface, QueryRunner } from 'typeorm';

/** SCORM packages (global or per trust), their versions with the file map and parsed manifest, and their SCOs. */
export class ScormPackages1763910000000 implements MigrationInterface {
  name = 'ScormPackages1763910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scorm_package (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trust_id uuid REFERENCES trust(id) ON DELETE CASCADE,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
        created_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX scorm_package_trust_idx ON scorm_package (trust_id)`);
    await q.query(`
      CREATE TABLE scorm_package_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        package_id uuid NOT NULL REFERENCES scorm_package(id) ON DELETE CASCADE,
        version_number integer NOT NULL CHECK (version_number >= 1),
        scorm_version text NOT NULL CHECK (scorm_version IN ('1.2', '2004-2nd', '2004-3rd', '2004-4th')),
        manifest_identifier text NOT NULL,
        manifest jsonb NOT NULL,
        files jsonb NOT NULL,
        file_count integer NOT NULL,
        total_bytes bigint NOT NULL,
        filename text NOT NULL,
        uploaded_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT scorm_package_version_number_key UNIQUE (package_id, version_number)
      )`);
    await q.query(`
      CREATE TABLE sco (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        package_version_id uuid NOT NULL REFERENCES scorm_package_version(id) ON DELETE CASCADE,
        position integer NOT NULL,
        item_identifier text NOT NULL,
        resource_identifier text NOT NULL,
        title text NOT NULL,
        launch text NOT NULL,
        mastery_score numeric CHECK (mastery_score IS NULL OR mastery_score BETWEEN 0 AND 100),
        completion_threshold numeric CHECK (completion_threshold IS NULL OR completion_threshold BETWEEN 0 AND 1),
        CONSTRAINT sco_position_key UNIQUE (package_version_id, position)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['sco', 'scorm_package_version', 'scorm_package'])
      await q.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
