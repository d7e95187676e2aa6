import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { StoredBlob } from './storage/content-store.js';
import type { ParsedManifest } from './import/manifest.js';
import type { SequencingDefinition } from './import/sequencing.js';
import type { PackageDto, PackageVersionDto } from './dto/package.dto.js';

export interface NewVersion {
  packageId: string;
  manifest: ParsedManifest;
  /** SCORM 2004 only: the declared sequencing, as `parseSequencing` gives it. */
  sequencing: SequencingDefinition | null;
  files: Record<string, StoredBlob>;
  totalBytes: number;
  filename: string;
  uploadedBy: string | null;
}

@Injectable()
export class PackagesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async createPackage(
    p: { trustId: string | null; title: string; createdBy: string | null },
    m: EntityManager,
  ): Promise<string> {
    const [{ id }]: { id: string }[] = await m.query(
      `INSERT INTO scorm_package (trust_id, title, created_by) VALUES ($1, $2, $3) RETURNING id`,
      [p.trustId, p.title.slice(0, 500), p.createdBy],
    );
    return id;
  }

  async findPackage(
    id: string,
    m: EntityManager = this.db.manager,
  ): Promise<{ id: string; trustId: string | null } | null> {
    const rows: { id: string; trustId: string | null }[] = await m.query(
      `SELECT id, trust_id AS "trustId" FROM scorm_package WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Adds the next version and its SCOs; earlier versions and their attempts stay as they were. */
  async addVersion(v: NewVersion, m: EntityManager): Promise<string> {
    await m.query(`SELECT id FROM scorm_package WHERE id = $1 FOR UPDATE`, [v.packageId]);
    const [{ id }]: { id: string }[] = await m.query(
      `INSERT INTO scorm_package_version
         (package_id, version_number, scorm_version, manifest_identifier, manifest, files, file_count, total_bytes, filename, uploaded_by, sequencing)
       SELECT $1, COALESCE(max(version_number), 0) + 1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9, $10::jsonb
         FROM scorm_package_version WHERE package_id = $1
       RETURNING id`,
      [
        v.packageId,
        v.manifest.version,
        v.manifest.identifier,
        JSON.stringify(v.manifest),
        JSON.stringify(v.files),
        Object.keys(v.files).length,
        v.totalBytes,
        v.filename.slice(0, 300),
        v.uploadedBy,
        v.sequencing ? JSON.stringify(v.sequencing) : null,
      ],
    );
    for (const [i, sco] of v.manifest.scos.entries()) {
      await m.query(
        `INSERT INTO sco (package_version_id, position, item_identifier, resource_identifier, title, launch, mastery_score, completion_threshold)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          id,
          i + 1,
          sco.itemIdentifier,
          sco.resourceId,
          sco.title,
          sco.launch,
          sco.masteryScore,
          sco.completionThreshold,
        ],
      );
    }
    return id;
  }

  /** Packages visible in these catalogues: the global one (null) and/or the given trusts'. */
  /** One package, whatever its catalogue (callers check access). */
  async findOne(id: string): Promise<PackageDto | null> {
    return (await this.list('all', true, id))[0] ?? null;
  }

  async list(
    trustIds: string[] | 'all',
    includeGlobal: boolean,
    onlyId: string | null = null,
  ): Promise<PackageDto[]> {
    const rows: {
      id: string;
      title: string;
      trust_id: string | null;
      version_count: number;
      latest_id: string;
      attempt_policy: PackageDto['attemptPolicy'];
      grading: PackageDto['grading'];
    }[] = await this.db.query(
      `SELECT p.id, p.title, p.trust_id, p.attempt_policy, p.grading, count(v.id)::int AS version_count,
              (array_agg(v.id ORDER BY v.version_number DESC))[1] AS latest_id
         FROM scorm_package p JOIN scorm_package_version v ON v.package_id = p.id
        WHERE ($4::uuid IS NULL OR p.id = $4)
          AND ($1::boolean OR ($2::boolean AND p.trust_id IS NULL) OR p.trust_id = ANY($3::uuid[]))
        GROUP BY p.id ORDER BY p.title`,
      [trustIds === 'all', includeGlobal, trustIds === 'all' ? [] : trustIds, onlyId],
    );
    const versions = await this.versions(rows.map((r) => r.latest_id));
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      trustId: r.trust_id,
      versionCount: r.version_count,
      attemptPolicy: r.attempt_policy,
      grading: r.grading,
      latest: versions.get(r.latest_id) as PackageVersionDto,
    }));
  }

  async versions(ids: string[]): Promise<Map<string, PackageVersionDto>> {
    if (!ids.length) return new Map();
    const rows: (Omit<PackageVersionDto, 'scos'> & { scos: PackageVersionDto['scos'] | null })[] =
      await this.db.query(
        `SELECT v.id, v.version_number AS "versionNumber", v.scorm_version AS "scormVersion", v.filename,
              v.file_count AS "fileCount", v.total_bytes::float8 AS "totalBytes", v.created_at AS "createdAt",
              CASE WHEN v.sequencing IS NOT NULL AND (v.sequencing->>'hasSequencing')::boolean
                   THEN json_build_object('globalObjectives', v.sequencing->'globalObjectiveIds') END AS sequencing,
              (SELECT json_agg(json_build_object('id', s.id, 'position', s.position, 'title', s.title, 'launch', s.launch,
                        'masteryScore', s.mastery_score::float8, 'completionThreshold', s.completion_threshold::float8) ORDER BY s.position)
                 FROM sco s WHERE s.package_version_id = v.id) AS scos
         FROM scorm_package_version v WHERE v.id = ANY($1::uuid[])`,
        [ids],
      );
    return new Map(
      rows.map((r) => [r.id, { ...r, createdAt: new Date(r.createdAt).toISOString(), scos: r.scos ?? [] }]),
    );
  }

  /** SCORM 2004 versions whose sequencing has not been read (imported before it was stored). */
  versionsWithoutSequencing(): Promise<{ id: string; files: Record<string, StoredBlob> }[]> {
    return this.db.query(
      `SELECT id, files FROM scorm_package_version WHERE scorm_version <> '1.2' AND sequencing IS NULL`,
    );
  }

  async setSequencing(versionId: string, sequencing: SequencingDefinition): Promise<void> {
    await this.db.query(
      `UPDATE scorm_package_version SET sequencing = $2::jsonb WHERE id = $1 AND sequencing IS NULL`,
      [versionId, JSON.stringify(sequencing)],
    );
  }
}
