import { Injectable, Logger } from '@nestjs/common';
import { loadInstruments, repoRoot, validateInstrument, type Instrument } from '@cqp/content/instruments';
import { createHash } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import type { AuthContext } from '../../common/auth/roles.js';
import { AccessService } from '../../common/auth/access.service.js';
import { invalid, notFound } from '../../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import type {
  InstrumentDetailDto,
  InstrumentSummaryDto,
  LoadedInstrumentDto,
  LoadResultDto,
} from './dto/instrument.dto.js';
import { AssessmentsRepository } from './assessments.repository.js';
import { InstrumentsRepository, type InstrumentRow } from './instruments.repository.js';

/** A definition's identity ignores its version number, so the same content under a new number is "unchanged". */
export function definitionHash(def: Instrument): string {
  const { version: _version, $schema: _schema, ...rest } = def;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

export function toSummary(r: InstrumentRow): InstrumentSummaryDto {
  const d = r.definition;
  return {
    id: r.id,
    key: r.key,
    version: r.version,
    title: r.title,
    label: r.label,
    kind: r.kind,
    source: r.source,
    permissionReference: r.permissionReference,
    licence: d.licence,
    factors: d.factors,
    itemCount: d.items.length,
    responses: r.responses,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}

/** Item text is left out of every view but the learner's when the licence does not allow redistribution. */
export function toDetail(r: InstrumentRow): InstrumentDetailDto {
  const d = r.definition;
  const showText = d.licence.redistributable;
  return {
    ...toSummary(r),
    description: d.description ?? '',
    scale: d.scale ?? null,
    items: d.items.map((i) => ({
      id: i.id,
      factor: i.factor,
      text: showText ? i.text : null,
      reverseKeyed: i.reverseKeyed ?? false,
      scenario: showText ? (i.scenario ?? null) : null,
      options: showText ? (i.options ?? null) : null,
      best: i.best ?? null,
      type: i.type ?? null,
    })),
    scoring: {
      itemScore: d.scoring.itemScore,
      overall: d.scoring.overall,
      minItemsPerFactor: d.scoring.minItemsPerFactor,
      description: d.scoring.description ?? '',
    },
    forms: d.forms ?? null,
  };
}

/**
 * The instrument catalogue. The project's own instruments (content/instruments) are loaded at every start;
 * a platform admin loads a licensed pack from a folder outside the repository, with its permission reference.
 * A version with responses never changes: a changed definition then becomes the next version.
 */
@Injectable()
export class InstrumentCatalogueService {
  private readonly logger = new Logger('Instruments');

  constructor(
    private readonly repo: InstrumentsRepository,
    private readonly assessments: AssessmentsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** Loads content/instruments; run at every start, after the migrations (bootstrap). */
  async loadBundled(): Promise<LoadedInstrumentDto[]> {
    const out: LoadedInstrumentDto[] = [];
    for (const def of loadInstruments()) out.push(await this.install(def, 'bundled', null, null));
    const changed = out.filter((l) => l.outcome !== 'unchanged');
    if (changed.length)
      this.logger.log(
        `Instruments loaded: ${changed.map((l) => `${l.key} v${l.version} ${l.outcome}`).join(', ')}`,
      );
    return out;
  }

  /** Platform admins and researchers (the route decides). */
  async list(): Promise<InstrumentSummaryDto[]> {
    return (await this.repo.list()).map(toSummary);
  }

  async get(id: string): Promise<InstrumentDetailDto> {
    const row = await this.repo.find(id);
    if (!row) throw notFound('The instrument');
    return toDetail(row);
  }

  /** Loads every instrument file in a folder outside the repository, all or nothing. */
  async loadLicensedPack(
    auth: AuthContext,
    dir: string,
    permissionReference: string,
  ): Promise<LoadResultDto> {
    this.access.requirePlatformAdmin(auth);
    if (!path.isAbsolute(dir)) throw invalid('path', 'Enter the full path of the folder, starting with /.');
    let real: string;
    try {
      real = realpathSync(dir);
      if (!statSync(real).isDirectory()) throw new Error('not a folder');
    } catch {
      throw invalid('path', `There is no folder at ${dir} that the server can read.`);
    }
    const root = realpathSync(repoRoot);
    if (real === root || real.startsWith(root + path.sep))
      throw invalid(
        'path',
        'Licensed packs must stay outside the CQ Pathway folder, so that licensed text is never committed with the code.',
      );
    let defs: Instrument[];
    try {
      defs = loadInstruments(real);
    } catch (e) {
      throw invalid('path', (e as Error).message.replace(real, dir));
    }
    if (!defs.length)
      throw invalid('path', `There are no instrument files (<id>.v<version>.json) in ${dir}.`);
    const reference = permissionReference.trim();
    const instruments = await this.repo.transaction(async (m) => {
      const out: LoadedInstrumentDto[] = [];
      for (const def of defs) out.push(await this.install(def, 'licensed', reference, auth.userId, m));
      return out;
    });
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'instrument.load_licensed_pack',
      entityType: 'instrument',
      detail: { path: dir, permissionReference: reference, instruments },
    });
    return { instruments };
  }

  /** The questionnaires an assessment step asks, in order (platform admin). */
  async setStepInstruments(
    auth: AuthContext,
    programmeId: string,
    stepId: string,
    keys: string[],
  ): Promise<void> {
    this.access.requirePlatformAdmin(auth);
    const step = (await this.assessments.programmeSteps(programmeId)).find((s) => s.id === stepId);
    if (!step) throw notFound('The programme step');
    if (step.kind === 'module')
      throw invalid('instrumentKeys', 'A module step plays a package, not questionnaires.');
    const unique = [...new Set(keys)];
    const latest = await this.repo.latestByKeys(unique);
    const missing = unique.filter((k) => !latest.has(k));
    if (missing.length)
      throw invalid('instrumentKeys', `There is no instrument called ${missing.join(', ')}.`);
    if (step.timepoint === 'follow_up' && unique.some((k) => latest.get(k)?.kind === 'sjt'))
      throw invalid(
        'instrumentKeys',
        'A situational judgement test has parallel pre and post forms only, so it cannot be asked at the follow-up.',
      );
    await this.assessments.setStepInstruments(stepId, unique);
    await this.audit.record({
      actorUserId: auth.userId,
      action: 'programme_step.set_instruments',
      entityType: 'programme_step',
      entityId: stepId,
      detail: { instrumentKeys: unique },
    });
  }

  /**
   * Adds a definition: unchanged when any version of the key has the same content; replaces the same
   * version while it has no responses; otherwise becomes the next version.
   */
  async install(
    def: Instrument,
    source: 'bundled' | 'licensed',
    permissionReference: string | null,
    loadedBy: string | null,
    outer?: EntityManager,
  ): Promise<LoadedInstrumentDto> {
    const problems = validateInstrument(def);
    if (problems.length) throw invalid('definition', `${def.id}: ${problems.join('; ')}`);
    const hash = definitionHash(def);
    const work = async (m: EntityManager): Promise<LoadedInstrumentDto> => {
      await this.repo.lockKey(def.id, m);
      const versions = await this.repo.versions(def.id, m);
      const same = versions.find((v) => v.definitionHash === hash);
      if (same) return { key: def.id, version: same.version, outcome: 'unchanged' };
      const existing = versions.find((v) => v.version === def.version);
      if (!existing) {
        await this.repo.insert({ definition: def, hash, source, permissionReference, loadedBy }, m);
        return { key: def.id, version: def.version, outcome: 'added' };
      }
      if (existing.responses === 0) {
        await this.repo.replace(existing.id, { definition: def, hash, permissionReference }, m);
        return { key: def.id, version: def.version, outcome: 'replaced' };
      }
      const version = Math.max(...versions.map((v) => v.version)) + 1;
      await this.repo.insert(
        { definition: { ...def, version }, hash, source, permissionReference, loadedBy },
        m,
      );
      return { key: def.id, version, outcome: 'new_version' };
    };
    return outer ? work(outer) : this.repo.transaction(work);
  }
}
