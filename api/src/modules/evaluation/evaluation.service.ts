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
  pairs,
  summary,
  type Comparison,
  type ScoredResponse,
  type Timepoint,
} from './analysis.js';
import type {
  ComparisonDto,
  EvaluationDto,
  EvaluationQueryDto,
  FlowStageDto,
  ReliabilityDto,
} from './dto/evaluation.dto.js';
import { EvaluationRepository, type Scope } from './evaluation.repository.js';
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
    const threshold = this.config.smallCellThreshold;
    const scope: Scope = {
      studyId,
      trustId: q.trustId ?? null,
      cohortId: q.cohortId ?? null,
      band: q.band ?? null,
      ethnicities: ethnicCodes(q.ethnicGroup),
    };
    const equalityFilter = Boolean(q.band || q.ethnicGroup);

    const [counts, rows, moduleRows, decisionRows, trusts, cohorts, latest] = await Promise.all([
      this.repo.flow(scope),
      this.repo.responses(scope),
      this.repo.modules(scope),
      this.repo.decisions(scope),
      this.repo.trusts(studyId),
      this.repo.cohorts(studyId),
      this.repo.latestInstruments(),
    ]);
    const flow: FlowStageDto[] = [];
    let previous: number | null = null;
    for (const [stage, label] of FLOW) {
      // Enrolment and decisions are not broken down by equality answers, which only consenting people give.
      if (equalityFilter && (stage === 'enrolled' || stage === 'decided')) {
        flow.push({ stage, label, count: null, display: 'not by equality group', attrition: null });
        continue;
      }
      const shown = suppressOne(counts[stage] ?? 0, threshold);
      const attrition =
        shown.count !== null && previous !== null && previous > 0 ? 1 - shown.count / previous : null;
      flow.push({ stage, label, ...shown, attrition });
      previous = shown.count;
    }

    const scored: ScoredResponse[] = rows.map((r) => ({
      participant: r.personId,
      instrumentKey: r.instrumentKey,
      timepoint: r.timepoint,
      factors: r.scores?.factors ?? {},
      overall: r.scores?.overall ?? null,
    }));
    const keysUsed = new Set(rows.map((r) => r.instrumentKey));
    const defs = new Map(latest.filter((d) => keysUsed.has(d.key)).map((d) => [d.id, d]));

    const byKind = (kind: Instrument['kind']) =>
      [...defs.values()].filter((d) => d.definition.kind === kind).sort((a, b) => b.version - a.version)[0];
    const likert = byKind('likert');
    const sjt = byKind('sjt');
    const survey = byKind('survey');

    const textItems = survey ? survey.definition.items.filter((i) => i.type === 'text').map((i) => i.id) : [];
    const reliabilityItems = [likert, survey].flatMap((inst) =>
      inst
        ? inst.definition.items
            .filter((i) => isScored(inst.definition, i))
            .map((i) => ({
              key: inst.key,
              factor: i.factor,
              item: i.id,
              reverse: i.reverseKeyed ?? false,
              points: inst.definition.scale?.points ?? 0,
            }))
        : [],
    );
    const [relRows, comments, usedVersions] = await Promise.all([
      reliabilityItems.length ? this.repo.reliability(scope, reliabilityItems) : Promise.resolve([]),
      survey && textItems.length ? this.repo.comments(scope, survey.key, textItems) : Promise.resolve(0),
      this.repo.instruments([...new Set(rows.map((r) => r.instrumentId))]),
    ]);
    const order = { pre: 0, post: 1, follow_up: 2 } as const;
    const rel: ReliabilityDto[] = relRows
      .filter((r) => r.k >= 2)
      .sort(
        (a, b) =>
          a.key.localeCompare(b.key) ||
          order[a.timepoint] - order[b.timepoint] ||
          a.factor.localeCompare(b.factor),
      )
      .map((r) => {
        const base = { instrumentKey: r.key, factor: r.factor, timepoint: r.timepoint, k: r.k };
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
          const a = alphaFromVariances({
            k: r.k,
            n: r.n,
            itemVarianceSum: Number(r.itemVarianceSum),
            totalVariance: Number(r.totalVariance),
          });
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
        const { pre, post } = pairs(
          scored,
          likert.key,
          (r) => (m.id === 'overall' ? r.overall : (r.factors[m.id] ?? null)),
          'pre',
          to,
        );
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
      const { pre, post } = pairs(scored, sjt.key, (r) => r.overall, 'pre', 'post');
      knowledge.push(
        hideSmallN(
          compare('knowledge', sjt.definition.title, 'pre', 'post', pre, post, threshold),
          threshold,
        ),
      );
    }

    const surveyRows = survey ? scored.filter((r) => r.instrumentKey === survey.key) : [];
    const respondents = suppressOne(surveyRows.length, threshold);
    const reaction = {
      respondents,
      comments: suppressOne(comments, threshold),
      factors: survey
        ? survey.definition.factors
            .filter((f) =>
              survey.definition.items.some((i) => i.factor === f.id && isScored(survey.definition, i)),
            )
            .map((f) => {
              const xs = surveyRows
                .map((r) => r.factors[f.id])
                .filter((x): x is number => typeof x === 'number');
              return {
                factor: f.id,
                title: f.title,
                summary: xs.length >= threshold && xs.length >= 2 ? summary(xs) : null,
              };
            })
        : [],
    };

    const modules = moduleRows.map((m) => {
      const minutes = (m.minutes ?? []).filter((x) => x > 0);
      const completed = suppressOne(m.completed, threshold);
      return {
        title: m.title,
        completed,
        medianMinutes:
          completed.count !== null && minutes.length >= threshold ? describe(minutes).median : null,
      };
    });

    const points = new Map<string, typeof decisionRows>();
    for (const d of decisionRows) {
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

    const instruments = [...keysUsed].sort().map((key) => {
      const versions = usedVersions.filter((d) => d.key === key);
      return {
        key,
        versions: versions.map((v) => v.version).sort((a, b) => a - b),
        label: versions.sort((a, b) => b.version - a.version)[0].label,
      };
    });

    return {
      studyId,
      studyName: study.name,
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
  }
}
