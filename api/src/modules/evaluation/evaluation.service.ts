import { Inject, Injectable } from '@nestjs/common';
import { isScored, type Instrument } from '@cqp/content/instruments';
import { AccessService } from '../../common/auth/access.service.js';
import type { AuthContext } from '../../common/auth/roles.js';
import { notFound } from '../../common/errors.js';
import { suppressBreakdown, suppressOne } from '../../common/suppression.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { ETHNIC_CATEGORIES } from '../assessments/dto/consent.dto.js';
import {
  adjust,
  compare,
  expandPairs,
  expandValues,
  summary,
  variancesFromSums,
  type Comparison,
  type Timepoint,
} from './analysis.js';
import type {
  ComparisonDto,
  EvaluationDto,
  EvaluationQueryDto,
  FlowStageDto,
  ReliabilityDto,
} from './dto/evaluation.dto.js';
import { EvaluationRepository, type InstrumentVersion, type Scope } from './evaluation.repository.js';
import { alphaFromVariances, describe } from './stats/index.js';

const FLOW: [string, string][] = [
  ['enrolled', 'Enrolled'],
  ['decided', 'Made a consent decision'],
  ['consented', 'Consenting participants'],
  ['pre', 'Pre-assessment'],
  ['modules', 'All modules'],
  ['post', 'Post-assessment'],
  ['follow_up', 'Follow-up'],
];

/** Ethnic category codes for a filter: White, BME (every stated group but White), or one broad group. */
export function ethnicCodes(group: EvaluationQueryDto['ethnicGroup']): string[] | null {
  if (!group) return null;
  return ETHNIC_CATEGORIES.filter(([, , g]) =>
    group === 'bme' ? g !== 'white' && g !== 'not_stated' : g === group,
  ).map(([code]) => code);
}

/** A comparison whose n is itself below the threshold shows no n either. */
function hideSmallN(c: Comparison, threshold: number): ComparisonDto {
  return { ...c, n: c.n > 0 && c.n < threshold ? null : c.n };
}

/**
 * The study evaluation for researchers: participant flow with attrition, the pre/post (and pre/follow-up)
 * comparison of each capability, knowledge change on the situational judgement test, the reaction survey,
 * module completion and time, reliability, and the choices made at each decision point. Consenting
 * participants only; every count below SMALL_CELL_THRESHOLD is withheld on the server.
 */
@Injectable()
export class EvaluationService {
  constructor(
    private readonly repo: EvaluationRepository,
    private readonly access: AccessService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async evaluate(auth: AuthContext, studyId: string, q: EvaluationQueryDto): Promise<EvaluationDto> {
    this.access.requireStudy(auth, studyId);
    const study = await this.repo.study(studyId);
    if (!study) throw notFound('The study');
    const lifetime = this.config.evaluationCacheSeconds;
    const key = this.cacheKey(q);
    if (lifetime > 0) {
      const hit = await this.repo.cached<EvaluationDto>(studyId, key, lifetime);
      if (hit) return hit;
    }
    const { body, snapshot } = await this.compute(studyId, study.name, q);
    if (lifetime > 0) await this.repo.store(studyId, key, snapshot, body, true);
    return body;
  }

  /** The cache key of one view: the threshold it was suppressed at and its filters. */
  private cacheKey(q: EvaluationQueryDto): string {
    return JSON.stringify([
      this.config.smallCellThreshold,
      q.trustId ?? null,
      q.cohortId ?? null,
      q.band ?? null,
      q.ethnicGroup ?? null,
    ]);
  }

  /**
   * Recomputes up to `limit` kept evaluations that researchers viewed in the last day and that have gone
   * stale, so that the next view is served at once; drops what nobody has viewed for a day. Returns how many
   * were recomputed.
   */
  async refreshStale(limit = 5): Promise<number> {
    const lifetime = this.config.evaluationCacheSeconds;
    if (lifetime === 0) return 0;
    await this.repo.prune();
    let done = 0;
    for (const { studyId, filters } of await this.repo.stale(lifetime, limit)) {
      const [threshold, trustId, cohortId, band, ethnicGroup] = JSON.parse(filters) as [
        number,
        ...(string | null)[],
      ];
      if (threshold !== this.config.smallCellThreshold) continue;
      const study = await this.repo.study(studyId);
      if (!study) continue;
      const q = Object.fromEntries(
        Object.entries({ trustId, cohortId, band, ethnicGroup }).filter(([, v]) => v !== null),
      ) as EvaluationQueryDto;
      const { body, snapshot } = await this.compute(studyId, study.name, q);
      await this.repo.store(studyId, filters, snapshot, body, false);
      done++;
    }
    return done;
  }

  private async compute(
    studyId: string,
    studyName: string,
    q: EvaluationQueryDto,
  ): Promise<{ body: EvaluationDto; snapshot: string }> {
    const threshold = this.config.smallCellThreshold;
    const scope: Scope = {
      studyId,
      trustId: q.trustId ?? null,
      cohortId: q.cohortId ?? null,
      band: q.band ?? null,
      ethnicities: ethnicCodes(q.ethnicGroup),
    };
    const equalityFilter = Boolean(q.band || q.ethnicGroup);

    const newest = (versions: InstrumentVersion[], kind: Instrument['kind']) =>
      versions.filter((d) => d.definition.kind === kind).sort((a, b) => b.version - a.version)[0];
    const [data, trusts, cohorts] = await Promise.all([
      this.repo.gather(scope, (versions) => {
        const survey = newest(versions, 'survey');
        const textItems = survey
          ? survey.definition.items.filter((i) => i.type === 'text').map((i) => i.id)
          : [];
        return {
          // Reliability per version of the capability self-assessment and the reaction survey.
          reliability: versions.filter(
            (v) => v.definition.kind === 'likert' || v.definition.kind === 'survey',
          ),
          distributions: survey ? [survey.key] : [],
          comments: survey && textItems.length ? { key: survey.key, items: textItems } : null,
        };
      }),
      this.repo.trusts(studyId),
      this.repo.cohorts(studyId),
    ]);
    const counts = data.flow;
    const flow: FlowStageDto[] = [];
    let previous: number | null = null;
    for (const [stage, label] of FLOW) {
      // Enrolment and decisions are not broken down by equality answers, which only consenting people give.
      if (equalityFilter && (stage === 'enrolled' || stage === 'decided')) {
        flow.push({ stage, label, count: null, display: 'not by equality group', attrition: null });
        continue;
      }
      const shown = suppressOne(counts[stage as keyof typeof counts] ?? 0, threshold);
      const attrition =
        shown.count !== null && previous !== null && previous > 0 ? 1 - shown.count / previous : null;
      flow.push({ stage, label, ...shown, attrition });
      previous = shown.count;
    }

    const versions = new Map(data.versions.map((v) => [v.id, v]));
    const likert = newest(data.versions, 'likert');
    const sjt = newest(data.versions, 'sjt');
    const survey = newest(data.versions, 'survey');
    /** A measure's position in a version's score array: its factor's index, or the overall score after them. */
    const position = (v: InstrumentVersion, measure: string) =>
      measure === 'overall'
        ? v.definition.factors.length
        : v.definition.factors.findIndex((f) => f.id === measure);
    const pairsOf = (key: string, measure: string, to: Timepoint) =>
      expandPairs(
        data.pairs.filter((c) => {
          const v = versions.get(c.instrumentId);
          return v?.key === key && c.timepoint === to && c.position === position(v, measure);
        }),
      );

    const order = { pre: 0, post: 1, follow_up: 2 } as const;
    const rel: ReliabilityDto[] = data.reliability
      .map((r) => ({ ...r, version: versions.get(r.instrumentId)! }))
      .filter((r) => r.k >= 2)
      .sort(
        (a, b) =>
          a.version.key.localeCompare(b.version.key) ||
          a.version.version - b.version.version ||
          order[a.timepoint] - order[b.timepoint] ||
          a.factor - b.factor,
      )
      .map((r) => {
        const base = {
          instrumentKey: r.version.key,
          version: r.version.version,
          factor: r.version.definition.factors[r.factor].id,
          timepoint: r.timepoint,
          k: r.k,
        };
        const minimum = Math.max(threshold, 3);
        if (r.n < minimum)
          return {
            ...base,
            n: r.n > 0 && r.n < threshold ? null : r.n,
            withheld: `Fewer than ${minimum} complete responses.`,
            alpha: null,
            ciLow: null,
            ciHigh: null,
          };
        try {
          const a = alphaFromVariances({ k: r.k, n: r.n, ...variancesFromSums(r) });
          return { ...base, n: r.n, withheld: null, alpha: a.alpha, ciLow: a.ciLow, ciHigh: a.ciHigh };
        } catch (e) {
          return {
            ...base,
            n: r.n,
            withheld: `No statistics: ${(e as Error).message}`,
            alpha: null,
            ciLow: null,
            ciHigh: null,
          };
        }
      });

    const capabilityComparisons = (to: Timepoint) => {
      if (!likert) return [];
      const measures = [
        ...likert.definition.factors.map((f) => ({ id: f.id, label: f.title })),
        { id: 'overall', label: 'Overall' },
      ];
      const list = measures.map((m) => {
        const { pre, post } = pairsOf(likert.key, m.id, to);
        return compare(m.id, m.label, 'pre', to, pre, post, threshold);
      });
      // Holm and BH across the four capabilities (the overall score is not one of the family).
      const adjusted = adjust(list.filter((c) => c.measure !== 'overall'));
      return [...adjusted, ...list.filter((c) => c.measure === 'overall')].map((c) =>
        hideSmallN(c, threshold),
      );
    };

    const knowledge: ComparisonDto[] = [];
    if (sjt) {
      const { pre, post } = pairsOf(sjt.key, 'overall', 'post');
      knowledge.push(
        hideSmallN(
          compare('knowledge', sjt.definition.title, 'pre', 'post', pre, post, threshold),
          threshold,
        ),
      );
    }

    const surveyVersions = survey ? data.versions.filter((v) => v.key === survey.key) : [];
    const respondents = suppressOne(
      data.used
        .filter((u) => surveyVersions.some((v) => v.id === u.instrumentId))
        .reduce((a, u) => a + u.n, 0),
      threshold,
    );
    const reaction = {
      respondents,
      comments: suppressOne(data.comments, threshold),
      factors: survey
        ? survey.definition.factors
            .filter((f) =>
              survey.definition.items.some((i) => i.factor === f.id && isScored(survey.definition, i)),
            )
            .map((f) => {
              const xs = expandValues(
                data.values.filter((c) => {
                  const v = versions.get(c.instrumentId);
                  return v?.key === survey.key && c.position === position(v, f.id);
                }),
              );
              return {
                factor: f.id,
                title: f.title,
                summary: xs.length >= threshold && xs.length >= 2 ? summary(xs) : null,
              };
            })
        : [],
    };

    const modules = data.modules.map((m) => {
      const minutes = (m.minutes ?? []).filter((x) => x > 0);
      const completed = suppressOne(m.completed, threshold);
      return {
        title: m.title,
        completed,
        medianMinutes:
          completed.count !== null && minutes.length >= threshold ? describe(minutes).median : null,
      };
    });

    const points = new Map<string, typeof data.decisions>();
    for (const d of data.decisions) {
      const key = `${d.module}\u0000${d.interactionId}`;
      points.set(key, [...(points.get(key) ?? []), d]);
    }
    const decisions = [...points.values()].map((list) => {
      const s = suppressBreakdown(
        list.map((d) => d.n),
        threshold,
      );
      return {
        module: list[0].module,
        interactionId: list[0].interactionId,
        description: list[0].description,
        choices: list.map((d, i) => ({ response: d.response, ...s.cells[i] })),
        total: s.total,
      };
    });

    const instruments = [...new Set(data.versions.map((v) => v.key))].sort().map((key) => {
      const list = data.versions.filter((d) => d.key === key).sort((a, b) => b.version - a.version);
      return { key, versions: list.map((v) => v.version).reverse(), label: list[0].label };
    });

    const body: EvaluationDto = {
      studyId,
      studyName,
      computedAt: data.computedAt.toISOString(),
      threshold,
      filters: q,
      participants: suppressOne(counts.consented ?? 0, threshold),
      flow,
      capabilities: capabilityComparisons('post'),
      followUp: capabilityComparisons('follow_up'),
      knowledge,
      reaction,
      modules,
      reliability: rel,
      decisions,
      instruments,
      trusts,
      cohorts,
    };
    return { body, snapshot: data.snapshot };
  }
}
