import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ProgrammeDto, ProgrammeStepDto } from './dto/programme.dto.js';

interface StepRow {
  programme_id: string;
  id: string;
  position: number;
  kind: ProgrammeStepDto['kind'];
  title: string;
  timepoint: ProgrammeStepDto['timepoint'];
  offset_days: number | null;
  ref: string | null;
  package_id: string | null;
  instrument_keys: string[];
}

const toStep = (r: StepRow): ProgrammeStepDto => ({
  id: r.id,
  position: r.position,
  kind: r.kind,
  title: r.title,
  timepoint: r.timepoint,
  offsetDays: r.offset_days,
  ready: r.ref !== null || r.package_id !== null || r.instrument_keys.length > 0,
  packageId: r.package_id,
  instrumentKeys: r.instrument_keys,
});

@Injectable()
export class ProgrammesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(ids?: string[]): Promise<ProgrammeDto[]> {
    const programmes: { id: string; slug: string; name: string; description: string }[] = ids
      ? await this.db.query(
          `SELECT id, slug, name, description FROM programme WHERE id = ANY($1::uuid[]) ORDER BY name`,
          [ids],
        )
      : await this.db.query(`SELECT id, slug, name, description FROM programme ORDER BY name`);
    const steps = await this.steps(programmes.map((p) => p.id));
    return programmes.map((p) => ({
      ...p,
      steps: steps.filter((s) => s.programmeId === p.id).map((s) => s.step),
    }));
  }

  async find(id: string): Promise<ProgrammeDto | null> {
    return (await this.list([id]))[0] ?? null;
  }

  /** Steps of the given programmes, in order. */
  async steps(
    programmeIds: string[],
    m: EntityManager = this.db.manager,
  ): Promise<{ programmeId: string; step: ProgrammeStepDto }[]> {
    if (!programmeIds.length) return [];
    const rows: StepRow[] = await m.query(
      `SELECT programme_id, id, position, kind, title, timepoint, offset_days, ref, package_id,
              COALESCE((SELECT array_agg(si.instrument_key ORDER BY si.position)
                          FROM programme_step_instrument si WHERE si.step_id = programme_step.id), '{}') AS instrument_keys
         FROM programme_step WHERE programme_id = ANY($1::uuid[]) ORDER BY programme_id, position`,
      [programmeIds],
    );
    return rows.map((r) => ({ programmeId: r.programme_id, step: toStep(r) }));
  }
}
