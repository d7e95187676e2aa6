import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/roles.js';
import { itemsFor } from './answers.js';
import { AssessmentsRepository, type ResponseRow } from './assessments.repository.js';
import type { CqProfileDto, InterpretationDto, ProfileEnrolmentDto } from './dto/research.dto.js';
import { InstrumentsRepository, type InstrumentRow } from './instruments.repository.js';

/** Changes smaller than this (on the 7-point scale) are described as "about the same". */
export const MEANINGFUL_CHANGE = 0.5;

const NEXT_STEPS: Record<string, string> = {
  drive:
    'Pick one race equality conversation you have been putting off — a staff network event, a reverse-mentoring offer or a team discussion — and put a date in your diary for it.',
  knowledge:
    "Look up your own trust's latest WRES and staff survey results for your area, and note one gap you did not know about.",
  strategy:
    'Before your next appraisal round or shortlisting, write down what "fair" will look like and check the outcomes by ethnicity afterwards.',
  action:
    'Plan what you will say the next time you hear a remark that excludes someone, and agree with a colleague to practise it together.',
};
const GENERIC_NEXT_STEP =
  'Choose one thing from the modules you will do differently this month, and tell someone about it.';

const fmt = (x: number) => x.toFixed(1);

/** Plain-language reading of one capability's scores: how it changed since the pre-assessment, and what next. */
export function interpret(
  factor: { id: string; title: string },
  pre: number | null,
  latest: number | null,
  points: number,
): InterpretationDto {
  const nextStep = NEXT_STEPS[factor.id] ?? GENERIC_NEXT_STEP;
  if (pre === null || latest === null)
    return {
      factor: factor.id,
      title: factor.title,
      change: null,
      summary: `There were not enough answers to give a ${factor.title} score at both times, so we cannot show a change.`,
      nextStep,
    };
  const change = latest - pre;
  let summary: string;
  if (change >= MEANINGFUL_CHANGE)
    summary = `Your ${factor.title} score rose from ${fmt(pre)} to ${fmt(latest)} out of ${points}. You now see yourself as stronger here than before the programme.`;
  else if (change <= -MEANINGFUL_CHANGE)
    summary = `Your ${factor.title} score went from ${fmt(pre)} to ${fmt(latest)} out of ${points}. This is common after training like this: knowing more about what good looks like can make people rate themselves more critically. Treat it as a prompt for reflection, not a failure.`;
  else
    summary = `Your ${factor.title} score stayed about the same (${fmt(pre)} then ${fmt(latest)} out of ${points}).`;
  if (latest >= points - 1.5) summary += ' You rate this as a strength.';
  else if (latest <= (points + 1) / 2 - 0.5) summary += ' This is the area with most room to grow.';
  return { factor: factor.id, title: factor.title, change, summary, nextStep };
}

/**
 * The learner's own CQ profile: their capability scores at each timepoint from the self-assessment, their
 * knowledge-check results, and what the change might mean. It only ever uses the person's own responses.
 */
@Injectable()
export class ProfileService {
  constructor(
    private readonly repo: AssessmentsRepository,
    private readonly instruments: InstrumentsRepository,
  ) {}

  async profile(auth: AuthContext): Promise<CqProfileDto> {
    const enrolments = await this.repo.learnerEnrolments(auth.userId);
    const responses = await this.repo.responses(enrolments.map((e) => e.enrolmentId));
    const cache = new Map<string, InstrumentRow | null>();
    const instrument = async (id: string) => {
      if (!cache.has(id)) cache.set(id, await this.instruments.find(id));
      return cache.get(id) ?? null;
    };
    const out: ProfileEnrolmentDto[] = [];
    for (const e of enrolments) {
      const mine = responses.filter((r) => r.enrolmentId === e.enrolmentId && r.submittedAt);
      let likert: InstrumentRow | null = null;
      for (const r of mine) {
        const row = await instrument(r.instrumentId);
        if (row?.kind === 'likert') {
          likert = row;
          break;
        }
      }
      if (!likert) continue;
      const points = likert.definition.scale?.points ?? 7;
      const cq = mine.filter((r) => r.instrumentId === likert.id);
      const at = (t: string) => cq.find((r) => r.timepoint === t);
      const pre = at('pre');
      const latest = at('follow_up') ?? at('post');
      const available = Boolean(at('post'));
      const knowledge: ProfileEnrolmentDto['knowledge'] = [];
      for (const r of mine.filter((x) => x.form)) {
        const row = await instrument(r.instrumentId);
        if (row?.kind !== 'sjt') continue;
        const items = itemsFor(row.definition, r.form);
        knowledge.push({
          timepoint: r.form as string,
          correct: items.filter((i) => r.answers[i.id] === i.best).length,
          total: items.length,
        });
      }
      out.push({
        enrolmentId: e.enrolmentId,
        programmeName: e.programmeName,
        instrumentTitle: likert.title,
        instrumentLabel: likert.label,
        scalePoints: points,
        factors: likert.definition.factors,
        available,
        message: available
          ? at('follow_up')
            ? 'Your capability scores before the programme, straight after it, and at the follow-up.'
            : 'Your capability scores before and after the programme. Your follow-up will add a third point.'
          : 'Your profile compares your answers before and after the programme. It appears here once you have submitted the post-assessment.',
        points: available
          ? (['pre', 'post', 'follow_up'] as const).flatMap((t) => {
              const r = at(t);
              return r ? [point(r)] : [];
            })
          : [],
        knowledge: available ? knowledge.sort((a, b) => a.timepoint.localeCompare(b.timepoint) * -1) : [],
        interpretation:
          available && pre && latest
            ? likert.definition.factors.map((f) =>
                interpret(f, pre.scores?.factors[f.id] ?? null, latest.scores?.factors[f.id] ?? null, points),
              )
            : [],
      });
    }
    return { enrolments: out };
  }
}

function point(r: ResponseRow) {
  return {
    timepoint: r.timepoint,
    submittedAt: new Date(r.submittedAt as Date).toISOString(),
    overall: r.scores?.overall ?? null,
    factors: r.scores?.factors ?? {},
  };
}
