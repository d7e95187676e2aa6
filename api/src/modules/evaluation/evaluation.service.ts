import { Inject, Injectable } from '@nestjs/common';
import { itemScore, isScored, type Instrument } from '@cqp/content/instruments';
import { AccessService } from '../../common/auth/access.service.js';
import type { AuthContext } from '../../common/auth/roles.js';
import { notFound } from '../../common/errors.js';
import { suppressBreakdown, suppressOne } from '../../common/suppression.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { itemsFor } from '../assessments/answers.js';
import { ETHNIC_CATEGORIES } from '../assessments/dto/consent.dto.js';
import {
  adjust,
  compare,
  pairs,
  reliability,
  type Comparison,
  type ScoredResponse,
  type Timepoint,
} from './analysis.js';
import type { ComparisonDto, EvaluationDto, EvaluationQueryDto, FlowStageDto } from './dto/evaluation.dto.js';
import { EvaluationRepository, type Scope } from './evaluation.repository.js';
import { describe } from './stats/index.js';

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

    const counts = await this.repo.flow(scope);
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

    const rows = await this.repo.responses(scope);
    const defs = new Map(
      (await this.repo.instruments([...new Set(rows.map((r) => r.instrumentId))])).map((i) => [i.id, i]),
    );
    const scored: ScoredResponse[] = rows.map((r) => {
      const def = defs.get(r.instrumentId)?.definition;
      const itemScores: Record<string, number | null> = {};
      if (def)
        for (const item of itemsFor(def, r.form))
          if (isScored(def, item))
            itemScores[item.id] = safeItemScore(def, item.id, r.answers[item.id] ?? null);
      return {
        participant: r.personId,
        instrumentKey: r.instrumentKey,
        timepoint: r.timepoint,
        factors: r.scores?.factors ?? {},
        overall: r.scores?.overall ?? null,
        itemScores,
      };
    });

    const byKind = (kind: Instrument['kind']) =>
      [...defs.values()].filter((d) => d.definition.kind === kind).sort((a, b) => b.version - a.version)[0];
    const likert = byKind('likert');
    const sjt = byKind('sjt');
    const survey = byKind('survey');

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
    const surveyAnswers = survey ? rows.filter((r) => r.instrumentKey === survey.key) : [];
    const textItems = survey ? survey.definition.items.filter((i) => i.type === 'text').map((i) => i.id) : [];
    const comments = surveyAnswers.reduce(
      (n, r) =>
        n + textItems.filter((id) => typeof r.answers[id] === 'string' && r.answers[id] !== '').length,
      0,
    );
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
                summary: xs.length >= threshold && xs.length >= 2 ? summaryOf(xs) : null,
              };
            })
        : [],
    };

    const modules = (await this.repo.modules(scope)).map((m) => {
      const minutes = (m.minutes ?? []).filter((x) => x > 0);
      const completed = suppressOne(m.completed, threshold);
      return {
        title: m.title,
        completed,
        medianMinutes:
          completed.count !== null && minutes.length >= threshold ? describe(minutes).median : null,
      };
    });

    const decisionRows = await this.repo.decisions(scope);
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

    const rel = [likert, sjt, survey].flatMap((inst) => {
      if (!inst) return [];
      const def = inst.definition;
      const items = def.kind === 'sjt' ? [] : def.items.filter((i) => isScored(def, i));
      const factors = def.factors.map((f) => ({
        id: f.id,
        items: items.filter((i) => i.factor === f.id).map((i) => i.id),
      }));
      return reliability(scored, inst.key, factors, threshold).map((r) => ({
        ...r,
        n: r.n > 0 && r.n < threshold ? null : r.n,
      }));
    });

    const instruments = [...new Set([...defs.values()].map((d) => d.key))].map((key) => {
      const versions = [...defs.values()].filter((d) => d.key === key);
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
      trusts: await this.repo.trusts(studyId),
      cohorts: await this.repo.cohorts(studyId),
    };
  }
}

function safeItemScore(def: Instrument, id: string, answer: unknown): number | null {
  const item = def.items.find((i) => i.id === id);
  if (!item) return null;
  try {
    return itemScore(def, item, answer as never);
  } catch {
    return null;
  }
}

function summaryOf(xs: number[]) {
  const d = describe(xs);
  return { n: d.n, mean: d.mean, sd: d.sd, median: d.median, q1: d.q1, q3: d.q3, iqr: d.iqr };
}
