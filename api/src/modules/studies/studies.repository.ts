import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StudyEntity, StudyTrustEntity } from '../../database/entities.js';
import type { StudyDto } from './dto/study.dto.js';

interface StudyRow {
  id: string;
  name: string;
  description: string;
  is_demo: boolean;
  created_at: Date;
  trust_ids: string[] | null;
}

const STUDY_SELECT = `
  SELECT s.id, s.name, s.description, s.is_demo, s.created_at,
         (SELECT array_agg(st.trust_id ORDER BY st.trust_id) FROM study_trust st WHERE st.study_id = s.id) AS trust_ids
    FROM study s`;

const toStudy = (r: StudyRow): StudyDto => ({
  id: r.id,
  name: r.name,
  description: r.description,
  trustIds: r.trust_ids ?? [],
  isDemo: r.is_demo,
  createdAt: new Date(r.created_at).toISOString(),
});

@Injectable()
export class StudiesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(ids?: string[]): Promise<StudyDto[]> {
    const rows: StudyRow[] = ids
      ? await this.db.query(`${STUDY_SELECT} WHERE s.id = ANY($1::uuid[]) ORDER BY s.name`, [ids])
      : await this.db.query(`${STUDY_SELECT} ORDER BY s.name`);
    return rows.map(toStudy);
  }

  async find(id: string): Promise<StudyDto | null> {
    const rows: StudyRow[] = await this.db.query(`${STUDY_SELECT} WHERE s.id = $1`, [id]);
    return rows[0] ? toStudy(rows[0]) : null;
  }

  async countExistingTrusts(ids: string[]): Promise<number> {
    const [r]: { n: string }[] = await this.db.query(
      `SELECT count(*) AS n FROM trust WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return Number(r.n);
  }

  create(s: { name: string; description: string; trustIds: string[]; isDemo?: boolean }): Promise<string> {
    return this.db.transaction(async (m) => {
      const r = await m
        .getRepository(StudyEntity)
        .insert({ name: s.name, description: s.description, isDemo: s.isDemo ?? false });
      const id = r.identifiers[0].id as string;
      if (s.trustIds.length) {
        await m
          .getRepository(StudyTrustEntity)
          .insert(s.trustIds.map((trustId) => ({ studyId: id, trustId })));
      }
      return id;
    });
  }
}
