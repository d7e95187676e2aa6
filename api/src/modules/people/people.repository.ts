import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ColumnMapping, StaffRow } from './import/staff-csv.js';
import type { PersonDto } from './dto/people.dto.js';

export interface StoredImport {
  id: string;
  trustId: string;
  filename: string;
  status: 'previewed' | 'committed';
  headers: string[];
  records: string[][];
  /** Spreadsheet row of each record, when records do not simply follow the header (blank or multi-line rows). */
  rowNumbers: number[] | null;
  mapping: ColumnMapping;
}

/** Existing staff of a trust as the import compares them. */
export interface ExistingPerson {
  staffNumber: string;
  fullName: string;
  workEmail: string;
  jobTitle: string | null;
  band: string | null;
  directorate: string | null;
  lineManagerStaffNumber: string | null;
}

const PERSON_COLUMNS = `
  p.id, p.staff_number AS "staffNumber", p.full_name AS "fullName", p.work_email AS "workEmail",
  p.job_title AS "jobTitle", p.band, p.directorate, p.line_manager_staff_number AS "lineManagerStaffNumber"`;

@Injectable()
export class PeopleRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async list(
    trustId: string,
    q: string | undefined,
    notInCohort: string | undefined,
    limit: number,
    offset: number,
  ) {
    const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : '%';
    const where = `p.trust_id = $1 AND (p.full_name ILIKE $2 OR p.staff_number ILIKE $2 OR p.work_email ILIKE $2)
      AND ($3::uuid IS NULL OR NOT EXISTS (
        SELECT 1 FROM enrolment x WHERE x.person_id = p.id AND x.cohort_id = $3 AND x.withdrawn_at IS NULL))`;
    const params = [trustId, pattern, notInCohort ?? null];
    const [{ total }]: { total: number }[] = await this.db.query(
      `SELECT count(*)::int AS total FROM person p WHERE ${where}`,
      params,
    );
    const items: PersonDto[] = await this.db.query(
      `SELECT ${PERSON_COLUMNS},
              CASE WHEN u.id IS NULL THEN 'none' ELSE u.status END AS "accountStatus",
              (SELECT count(*)::int FROM enrolment e WHERE e.person_id = p.id AND e.withdrawn_at IS NULL) AS "activeEnrolments"
         FROM person p LEFT JOIN user_account u ON u.id = p.user_id
        WHERE ${where}
        ORDER BY p.full_name, p.staff_number
        LIMIT $4 OFFSET $5`,
      [...params, limit, offset],
    );
    return { items, total };
  }

  /** Existing staff with any of these staff numbers or emails. */
  async existing(trustId: string, staffNumbers: string[], emails: string[]): Promise<ExistingPerson[]> {
    return this.db.query(
      `SELECT ${PERSON_COLUMNS} FROM person p
        WHERE p.trust_id = $1 AND (p.staff_number = ANY($2::text[]) OR p.work_email = ANY($3::text[]))`,
      [trustId, staffNumbers, emails],
    );
  }

  /**
   * Inserts new staff and updates changed ones in one statement; rows identical to what is
   * stored are left untouched (so re-importing a file changes nothing). Returns every row's id.
   */
  async upsert(
    trustId: string,
    rows: StaffRow[],
    m: EntityManager,
  ): Promise<{ ids: string[]; created: number; updated: number }> {
    const col = <K extends keyof StaffRow>(k: K) => rows.map((r) => r[k]);
    const changed: { inserted: boolean }[] = await m.query(
      `INSERT INTO person (trust_id, staff_number, full_name, work_email, job_title, band, directorate, line_manager_staff_number)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       ON CONFLICT (trust_id, staff_number) DO UPDATE SET
         full_name = EXCLUDED.full_name, work_email = EXCLUDED.work_email, job_title = EXCLUDED.job_title,
         band = EXCLUDED.band, directorate = EXCLUDED.directorate,
         line_manager_staff_number = EXCLUDED.line_manager_staff_number, updated_at = now()
       WHERE (person.full_name, person.work_email, person.job_title, person.band, person.directorate, person.line_manager_staff_number)
             IS DISTINCT FROM
             (EXCLUDED.full_name, EXCLUDED.work_email, EXCLUDED.job_title, EXCLUDED.band, EXCLUDED.directorate, EXCLUDED.line_manager_staff_number)
       RETURNING (xmax = 0) AS inserted`,
      [
        trustId,
        col('staffNumber'),
        col('fullName'),
        col('workEmail'),
        col('jobTitle'),
        col('band'),
        col('directorate'),
        col('lineManagerStaffNumber'),
      ],
    );
    const ids: { id: string }[] = await m.query(
      `SELECT id FROM person WHERE trust_id = $1 AND staff_number = ANY($2::text[])`,
      [trustId, col('staffNumber')],
    );
    const created = changed.filter((r) => r.inserted).length;
    return { ids: ids.map((r) => r.id), created, updated: changed.length - created };
  }

  async createImport(i: Omit<StoredImport, 'id' | 'status'> & { createdBy: string }): Promise<string> {
    const [{ id }]: { id: string }[] = await this.db.query(
      `INSERT INTO staff_import (trust_id, created_by, filename, headers, records, mapping, row_count)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7) RETURNING id`,
      [
        i.trustId,
        i.createdBy,
        i.filename,
        JSON.stringify(i.headers),
        JSON.stringify(i.records),
        JSON.stringify(i.mapping),
        i.records.length,
      ],
    );
    return id;
  }

  async findImport(
    trustId: string,
    id: string,
    m: EntityManager = this.db.manager,
  ): Promise<StoredImport | null> {
    const rows: StoredImport[] = await m.query(
      `SELECT id, trust_id AS "trustId", filename, status, headers, records, row_numbers AS "rowNumbers", mapping
         FROM staff_import WHERE id = $1 AND trust_id = $2`,
      [id, trustId],
    );
    return rows[0] ?? null;
  }

  async setImportMapping(id: string, mapping: ColumnMapping): Promise<void> {
    await this.db.query(`UPDATE staff_import SET mapping = $2::jsonb WHERE id = $1`, [
      id,
      JSON.stringify(mapping),
    ]);
  }

  /** Marks the import committed; false when it already was (a second confirm). */
  async markCommitted(id: string, result: object, m: EntityManager): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `UPDATE staff_import SET status = 'committed', committed_at = now(), result = $2::jsonb
        WHERE id = $1 AND status = 'previewed' RETURNING id`,
      [id, JSON.stringify(result)],
    );
    return (Array.isArray(rows[0]) ? (rows[0] as unknown[]) : rows).length > 0;
  }

  async linkImportPeople(importId: string, personIds: string[], m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO staff_import_person (import_id, person_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [importId, personIds],
    );
  }

  async rememberedMapping(trustId: string): Promise<ColumnMapping | undefined> {
    const rows: { mapping: ColumnMapping }[] = await this.db.query(
      `SELECT mapping FROM import_mapping WHERE trust_id = $1`,
      [trustId],
    );
    return rows[0]?.mapping;
  }

  async rememberMapping(trustId: string, mapping: ColumnMapping, m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO import_mapping (trust_id, mapping) VALUES ($1, $2::jsonb)
       ON CONFLICT (trust_id) DO UPDATE SET mapping = EXCLUDED.mapping, updated_at = now()`,
      [trustId, JSON.stringify(mapping)],
    );
  }
}
