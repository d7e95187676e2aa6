import type { ComparisonDto, EvaluationDto } from '../api/types';

export const TRUST_A = '11111111-1111-4111-8111-111111111111';
export const TRUST_B = '22222222-2222-4222-8222-222222222222';
export const COHORT_A1 = 'aaaaaaaa-0000-4000-8000-000000000001';
export const COHORT_A2 = 'aaaaaaaa-0000-4000-8000-000000000002';
export const COHORT_B1 = 'bbbbbbbb-0000-4000-8000-000000000001';

export const SELF_ASSESSMENT_LABEL =
  'CQ Pathway self-assessment — not the validated Cultural Intelligence Scale';

const summary = (n: number, mean: number, sd: number) => ({
  n,
  mean,
  sd,
  median: mean,
  q1: mean - sd,
  q3: mean + sd,
  iqr: 2 * sd,
});

/** A paired comparison with results; `extra` overrides any field. */
export function comparison(
  measure: string,
  label: string,
  values: {
    n: number;
    before: number;
    after: number;
    ciLow: number;
    ciHigh: number;
    dz: [number, number, number];
    p: number;
    pHolm?: number | null;
  },
  extra: Partial<ComparisonDto> = {},
): ComparisonDto {
  const meanDiff = values.after - values.before;
  return {
    measure,
    label,
    from: 'pre',
    to: 'post',
    n: values.n,
    withheld: null,
    before: summary(values.n, values.before, 0.9),
    after: summary(values.n, values.after, 1),
    meanDiff,
    sdDiff: 0.76,
    t: 7.9,
    df: values.n - 1,
    p: values.p,
    pHolm: values.pHolm === undefined ? values.p : values.pHolm,
    pBh: values.pHolm === undefined ? values.p : values.pHolm,
    ciLow: values.ciLow,
    ciHigh: values.ciHigh,
    dz: { estimate: values.dz[0], ciLow: values.dz[1], ciHigh: values.dz[2] },
    dav: { estimate: values.dz[0] * 0.8, ciLow: values.dz[1] * 0.8, ciHigh: values.dz[2] * 0.8 },
    gz: { estimate: values.dz[0] * 0.99, ciLow: values.dz[1] * 0.99, ciHigh: values.dz[2] * 0.99 },
    wilcoxon: { V: 11262.5, p: values.p, method: 'normal-cc' },
    ...extra,
  };
}

/** A comparison withheld for `reason`, as the API sends it. */
export function withheld(
  measure: string,
  label: string,
  reason: string,
  n: number | null = null,
): ComparisonDto {
  return {
    measure,
    label,
    from: 'pre',
    to: 'post',
    n,
    withheld: reason,
    before: null,
    after: null,
    meanDiff: null,
    sdDiff: null,
    t: null,
    df: null,
    p: null,
    pHolm: null,
    pBh: null,
    ciLow: null,
    ciHigh: null,
    dz: null,
    dav: null,
    gz: null,
    wilcoxon: null,
  };
}

/** The whole study: drive medium, knowledge whose CI includes 0, strategy falling, action withheld. */
export function studyEvaluation(extra: Partial<EvaluationDto> = {}): EvaluationDto {
  return {
    studyId: 's-1',
    studyName: 'CQ Pathway pilot evaluation 1 — synthetic pilot data (2 trusts, 300 participants)',
    computedAt: '2026-11-20T14:05:00.000Z',
    threshold: 10,
    filters: {},
    participants: { count: 254, display: '254' },
    flow: [
      { stage: 'enrolled', label: 'Enrolled', count: 300, display: '300', attrition: null },
      { stage: 'decided', label: 'Made a consent decision', count: 284, display: '284', attrition: 0.0533 },
      { stage: 'consented', label: 'Consenting participants', count: 254, display: '254', attrition: 0.1056 },
      { stage: 'pre', label: 'Pre-assessment', count: 243, display: '243', attrition: 0.0433 },
      { stage: 'modules', label: 'All modules', count: 220, display: '220', attrition: 0.0947 },
      { stage: 'post', label: 'Post-assessment', count: 215, display: '215', attrition: 0.0227 },
      { stage: 'follow_up', label: 'Follow-up', count: 140, display: '140', attrition: 0.3488 },
    ],
    capabilities: [
      comparison('drive', 'CQ drive', {
        n: 209,
        before: 4.36,
        after: 4.78,
        ciLow: 0.31,
        ciHigh: 0.53,
        dz: [0.55, 0.41, 0.68],
        p: 0.00001,
        pHolm: 0.00004,
      }),
      comparison('knowledge', 'CQ knowledge', {
        n: 209,
        before: 4.4,
        after: 4.55,
        ciLow: -0.05,
        ciHigh: 0.35,
        dz: [0.18, -0.02, 0.38],
        p: 0.155,
        pHolm: 0.31,
      }),
      comparison('strategy', 'CQ strategy', {
        n: 208,
        before: 4.5,
        after: 4.2,
        ciLow: -0.45,
        ciHigh: -0.15,
        dz: [-0.35, -0.49, -0.21],
        p: 0.0123,
        pHolm: 0.0369,
      }),
      withheld('action', 'CQ action', 'Fewer than 10 people have both scores.'),
      comparison('overall', 'Overall', {
        n: 207,
        before: 4.4,
        after: 4.65,
        ciLow: 0.2,
        ciHigh: 0.3,
        dz: [0.9, 0.74, 1.06],
        p: 0.00002,
        pHolm: null,
      }),
    ],
    followUp: [
      comparison(
        'drive',
        'CQ drive',
        { n: 140, before: 4.36, after: 4.55, ciLow: 0.08, ciHigh: 0.31, dz: [0.29, 0.12, 0.46], p: 0.0009 },
        { to: 'follow_up' },
      ),
    ],
    knowledge: [
      comparison('knowledge', 'CQ Pathway situational judgement test', {
        n: 209,
        before: 0.55,
        after: 0.68,
        ciLow: 0.1,
        ciHigh: 0.16,
        dz: [0.6, 0.45, 0.75],
        p: 0.0004,
        pHolm: null,
      }),
    ],
    reaction: {
      respondents: { count: 180, display: '180' },
      factors: [
        { factor: 'relevance', title: 'Relevance', summary: summary(180, 4.1, 0.5) },
        { factor: 'quality', title: 'Quality', summary: null },
      ],
      comments: { count: null, display: '<10' },
    },
    modules: [
      {
        title: 'What cultural intelligence is',
        completed: { count: 236, display: '236' },
        medianMinutes: 24.5,
      },
      { title: 'Acting on the data', completed: { count: null, display: '<10' }, medianMinutes: null },
    ],
    reliability: [
      {
        instrumentKey: 'cq-self-assessment',
        version: 1,
        factor: 'drive',
        timepoint: 'pre',
        k: 5,
        n: 243,
        withheld: null,
        alpha: 0.797,
        ciLow: 0.75,
        ciHigh: 0.837,
      },
      {
        instrumentKey: 'cq-self-assessment',
        version: 1,
        factor: 'action',
        timepoint: 'follow_up',
        k: 5,
        n: null,
        withheld: 'Fewer than 10 complete responses.',
        alpha: null,
        ciLow: null,
        ciHigh: null,
      },
    ],
    decisions: [
      {
        module: 'Everyday exclusion',
        interactionId: 'scene-2',
        description: 'What do you say to the team?',
        choices: [
          { response: 'Name what happened', count: 120, display: '120' },
          { response: 'Wait and see', count: null, display: '<10' },
          { response: 'Speak to them later', count: null, display: 'withheld' },
        ],
        total: { count: 140, display: '140' },
      },
    ],
    instruments: [
      { key: 'cq-self-assessment', versions: [1], label: SELF_ASSESSMENT_LABEL },
      {
        key: 'cq-sjt',
        versions: [1],
        label: 'CQ Pathway situational judgement test — project-authored, not a validated instrument',
      },
      {
        key: 'reaction-survey',
        versions: [1],
        label: 'CQ Pathway end-of-programme feedback (Kirkpatrick level 1: reaction)',
      },
    ],
    trusts: [
      { id: TRUST_A, name: 'Northfield Trust', trustId: null },
      { id: TRUST_B, name: 'Riverside Trust', trustId: null },
    ],
    cohorts: [
      { id: COHORT_A1, name: 'Northfield spring', trustId: TRUST_A },
      { id: COHORT_A2, name: 'Northfield autumn', trustId: TRUST_A },
      { id: COHORT_B1, name: 'Riverside cohort', trustId: TRUST_B },
    ],
    ...extra,
  };
}

/** One trust: every capability with results, so the comparison with the whole study has numbers. */
export function trustEvaluation(): EvaluationDto {
  const study = studyEvaluation();
  return {
    ...study,
    filters: { trustId: TRUST_A },
    participants: { count: 86, display: '86' },
    flow: study.flow.map((s) => ({
      ...s,
      count: Math.round((s.count ?? 0) / 3),
      display: String(Math.round((s.count ?? 0) / 3)),
    })),
    capabilities: [
      comparison('drive', 'CQ drive', {
        n: 59,
        before: 4.3,
        after: 4.6,
        ciLow: 0.12,
        ciHigh: 0.48,
        dz: [0.44, 0.17, 0.7],
        p: 0.0009,
        pHolm: 0.0028,
      }),
      comparison('knowledge', 'CQ knowledge', {
        n: 59,
        before: 4.3,
        after: 4.74,
        ciLow: 0.2,
        ciHigh: 0.67,
        dz: [0.49, 0.22, 0.76],
        p: 0.0004,
        pHolm: 0.0012,
      }),
      withheld('strategy', 'CQ strategy', 'No statistics: every difference is the same.', 59),
      comparison('action', 'CQ action', {
        n: 59,
        before: 4.2,
        after: 4.79,
        ciLow: 0.4,
        ciHigh: 0.79,
        dz: [0.8, 0.51, 1.1],
        p: 0.0000001,
        pHolm: 0.0000003,
      }),
    ],
  };
}

/** One trust and one band: almost everything below the threshold. */
export function smallGroupEvaluation(): EvaluationDto {
  const study = studyEvaluation();
  return {
    ...study,
    filters: { trustId: TRUST_A, band: '8b' },
    participants: { count: null, display: '<10' },
    flow: [
      {
        stage: 'enrolled',
        label: 'Enrolled',
        count: null,
        display: 'not by equality group',
        attrition: null,
      },
      {
        stage: 'decided',
        label: 'Made a consent decision',
        count: null,
        display: 'not by equality group',
        attrition: null,
      },
      { stage: 'consented', label: 'Consenting participants', count: null, display: '<10', attrition: null },
      { stage: 'pre', label: 'Pre-assessment', count: null, display: '<10', attrition: null },
      { stage: 'post', label: 'Post-assessment', count: 0, display: '0', attrition: null },
    ],
    capabilities: study.capabilities.map((c) =>
      withheld(c.measure, c.label, 'Fewer than 10 people have both scores.'),
    ),
    followUp: [],
    knowledge: [
      withheld(
        'knowledge',
        'CQ Pathway situational judgement test',
        'Fewer than 10 people have both scores.',
      ),
    ],
    reaction: {
      respondents: { count: null, display: '<10' },
      factors: [{ factor: 'relevance', title: 'Relevance', summary: null }],
      comments: { count: 0, display: '0' },
    },
  };
}
