import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Instrument } from '@cqp/content/instruments';
import { DataSource, EntityManager } from 'typeorm';

export interface InstrumentRow {
  id: string;
  key: string;
  version: number;
  title: string;
  label: string;
  kind: Instrument['kind'];
  definition: Instrument;
  definitionHash: string;
  source: 'bundled' | 'licensed';
  redistributable: boolean;
  permissionReference: string | null;
  createdAt: Date;
  responses: number;
}

const SELECT = `
  SELECT i.id, i.key, i.version, i.title, i.label, i.kind, i.definition, i.definition_hash AS "definitionHash",
         i.source, i.redistributable, i.permission_reference AS "permissionReference", i.created_at AS "createdAt",
         (SELECT count(*)::int FROM assessment_response r WHERE r.instrument_id = i.id) AS responses
    FROM instrument i`;

@Injectable()
export class InstrumentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  list(): Promise<InstrumentRow[]> {
    return this.db.query(`${SELECT} ORDER BY i.key, i.version`);
  }

  async find(id: string, m: EntityManager = this.db.manager): Promise<InstrumentRow | null> {
    const rows: InstrumentRow[] = await m.query(`${SELECT} WHERE i.id = $1`, [id]);
    return rows[0] ?? null;
  }

  versions(key: string, m: EntityManager): Promise<InstrumentRow[]> {
    return m.query(`${SELECT} WHERE i.key = $1 ORDER BY i.version`, [key]);
  }

  /** Serialises loading of one key, so two loads cannot both make "the next" version. */
  async lockKey(key: string, m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('instrument:' || $1))`, [key]);
  }

  async insert(
    i: {
      definition: Instrument;
      hash: string;
      source: 'bundled' | 'licensed';
      permissionReference: string | null;
      loadedBy: string | null;
    },
    m: EntityManager,
  ): Promise<string> {
    const d = i.definition;
    const [{ id }]: { id: string }[] = await m.query(
      `INSERT INTO instrument (key, version, title, label, kind, definition, definition_hash, source, redistributable,
                               permission_reference, loaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        d.id,
        d.version,
        d.title,
        d.label,
        d.kind,
        JSON.stringify(d),
        i.hash,
        i.source,
        d.licence.redistributable,
        i.permissionReference,
        i.loadedBy,
      ],
    );
    return id;
  }

  /** Replaces an unused version's definition (the database refuses when it has responses). */
  async replace(
    id: string,
    i: { definition: Instrument; hash: string; permissionReference: string | null },
    m: EntityManager,
  ): Promise<void> {
    const d = i.definition;
    await m.query(
      `UPDATE instrument SET title = $2, label = $3, kind = $4, definition = $5, definition_hash = $6,
              redistributable = $7, permission_reference = COALESCE($8, permission_reference)
        WHERE id = $1`,
      [
        id,
        d.title,
        d.label,
        d.kind,
        JSON.stringify(d),
        i.hash,
        d.licence.redistributable,
        i.permissionReference,
      ],
    );
  }

  /** The newest version of each key, by key. */
  async latestByKeys(
    keys: string[],
    m: EntityManager = this.db.manager,
  ): Promise<Map<string, InstrumentRow>> {
    const rows: InstrumentRow[] = await m.query(
      `${SELECT} WHERE i.key = ANY($1::text[]) AND NOT EXISTS (
         SELECT 1 FROM instrument n WHERE n.key = i.key AND n.version > i.version)`,
      [keys],
    );
    return new Map(rows.map((r) => [r.key, r]));
  }
}
