import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sequencing a SCORM 2004 package version declares (activity tree, rules, rollup, objectives with their
 * mapInfo, limit, randomisation and delivery controls, ADL extensions), as `parseSequencing` extracts it with
 * every XSD default filled in and sequencing-collection references resolved. Null for SCORM 1.2 and for
 * versions imported before it was extracted.
 */
export class ScormSequencing1763970000000 implements MigrationInterface {
  name = 'ScormSequencing1763970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scorm_package_version ADD COLUMN sequencing jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scorm_package_version DROP COLUMN sequencing`);
  }
}
