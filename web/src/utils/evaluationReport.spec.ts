import { describe, expect, it } from 'vitest';
import {
  SELF_ASSESSMENT_LABEL,
  smallGroupEvaluation,
  studyEvaluation,
  trustEvaluation,
} from '../testing/evaluation';
import { niceDomain } from './charts';
import { effectLabel, filtersFromQuery, formatNumber, formatP, formatPercent } from './evaluation';
import { findings, isSynthetic, limitations, methods, withheldPhrase } from './evaluationReport';

describe('formatting', () => {
  it('gives p-values to three decimals, and "< 0.001" below that', () => {
    expect(formatP(0.00004)).toBe('< 0.001');
    expect(formatP(0.001)).toBe('0.001');
    expect(formatP(0.0369)).toBe('0.037');
    expect(formatP(null)).toBe('—');
  });

  it('uses a true minus sign and never shows −0.00', () => {
    expect(formatNumber(-0.305)).toBe('−0.30');
    expect(formatNumber(-0.001)).toBe('0.00');
    expect(formatNumber(4.361531, 3)).toBe('4.362');
    expect(formatPercent(0.10563)).toBe('10.6%');
  });

  it("labels effect sizes with Cohen's conventions, whatever the sign", () => {
    expect([0.19, 0.2, 0.49, 0.5, 0.79, 0.8, -0.55].map(effectLabel)).toEqual([
      'negligible',
      'small',
      'small',
      'medium',
      'medium',
      'large',
      'medium',
    ]);
  });

  it('reads only filters the API accepts from the address', () => {
    expect(
      filtersFromQuery({
        trustId: '11111111-1111-4111-8111-111111111111',
        cohortId: 'not-a-uuid',
        band: '8b',
        ethnicGroup: 'martian',
      }),
    ).toEqual({ trustId: '11111111-1111-4111-8111-111111111111', band: '8b' });
  });

  it('rounds a chart axis out to round numbers', () => {
    expect(niceDomain(-0.05, 0.56, 7)).toEqual({
      domain: [-0.1, 0.6],
      ticks: [-0.1, 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
    });
  });
});

describe('findings in plain English', () => {
  const text = Object.fromEntries(findings(studyEvaluation()).map((p) => [p.key, p.text]));

  it('describes a capability with its change, CI, effect label, Holm-adjusted p and n', () => {
    expect(text.drive).toBe(
      'CQ drive: scores rose by 0.42 points on the 7-point scale (95% CI 0.31 to 0.53), a medium effect (d_z = 0.55, 95% CI 0.41 to 0.68; Holm-adjusted p < 0.001), among 209 managers with both scores.',
    );
  });

  it('says the change may be due to chance when the CI includes zero', () => {
    expect(text.knowledge).toBe(
      'CQ knowledge: scores rose by 0.15 points on the 7-point scale (95% CI −0.05 to 0.35), a negligible effect (d_z = 0.18, 95% CI −0.02 to 0.38; Holm-adjusted p = 0.310), among 209 managers with both scores. The 95% confidence interval includes zero, so the change may be due to chance.',
    );
    expect(text.drive).not.toContain('chance');
  });

  it('says when scores fell, and labels the size of a negative effect', () => {
    expect(text.strategy).toContain(
      'CQ strategy: scores fell by 0.30 points on the 7-point scale (95% CI −0.45 to −0.15)',
    );
    expect(text.strategy).toContain(
      'a small effect (d_z = −0.35, 95% CI −0.49 to −0.21; Holm-adjusted p = 0.037)',
    );
    expect(text.strategy).not.toContain('chance');
  });

  it('says why a withheld capability has no result', () => {
    expect(text.action).toBe('CQ action: no result is given because fewer than 10 people have both scores.');
    expect(withheldPhrase('No statistics: every difference is the same.')).toBe(
      'no result is given because the statistics could not be calculated (every difference is the same)',
    );
  });

  it('reports the overall score with its unadjusted p, which is not part of the Holm family', () => {
    expect(text.overall).toContain('Overall score (mean of the capabilities): scores rose by 0.25 points');
    expect(text.overall).toContain('a large effect (d_z = 0.90, 95% CI 0.74 to 1.06; p < 0.001)');
  });

  it('describes knowledge change on the situational judgement test in percentage points', () => {
    expect(text['knowledge-test']).toBe(
      'Knowledge (situational judgement test): the share of scenarios answered with the best response rose from 55% to 68%, by 13.0 percentage points (95% CI 10.0 to 16.0), a medium effect (d_z = 0.60, 95% CI 0.45 to 0.75; p < 0.001), among 209 managers with both scores.',
    );
  });

  it('summarises the reaction survey, saying what is not shown', () => {
    expect(text.reaction).toBe(
      'Reaction (end-of-programme feedback): 180 managers answered the feedback survey. Their mean ratings on the 5-point agreement scale (5 = strongly agree) were relevance 4.10 (SD 0.50). The quality rating is not shown because fewer than 10 answered. They left fewer than 10 free-text comments (the text is in the exports, not in this report).',
    );
  });

  it('withholds everything for a small group, saying why', () => {
    const small = findings(smallGroupEvaluation()).map((p) => p.text);
    expect(small).toContain('CQ drive: no result is given because fewer than 10 people have both scores.');
    expect(small).toContain(
      'Knowledge (situational judgement test): no result is given because fewer than 10 people have both scores.',
    );
    expect(small).toContain(
      'Reaction (end-of-programme feedback): fewer than 10 managers answered the feedback survey, so it is not summarised.',
    );
  });

  it('recognises synthetic data by the study name', () => {
    expect(isSynthetic(studyEvaluation().studyName)).toBe(true);
    expect(isSynthetic('CQ Pathway evaluation')).toBe(false);
  });
});

describe('methods and limitations', () => {
  it('gives the design, n at each stage, the exclusions, the statistics and the instruments', () => {
    const text = methods(studyEvaluation(), 'the study trusts').join('\n');
    expect(text).toContain('a single-group pre/post evaluation, with no control group');
    expect(text).toContain(
      'Participant flow: 300 were enrolled, 284 made a consent decision, 254 consented to take part, 243 completed the pre-assessment, 220 completed all the modules, 215 completed the post-assessment and 140 completed the follow-up.',
    );
    expect(text).toContain('complete-case');
    expect(text).toContain('(n = 209 from pre to post; n = 140 from pre to follow-up)');
    expect(text).toContain(
      'Of the 243 managers with a pre-assessment, 34 (14.0%) had no usable post-assessment score and were excluded',
    );
    expect(text).toContain('paired t-test');
    expect(text).toContain('Wilcoxon signed-rank test');
    expect(text).toContain("Hedges' g_z");
    expect(text).toContain('noncentral t distribution');
    expect(text).toContain(
      'adjusted across the four capabilities by the Holm and the Benjamini–Hochberg methods',
    );
    expect(text).toContain("Cronbach's alpha with the Feldt 95% confidence interval");
    expect(text).toContain('alpha was 0.80');
    expect(text).toContain(`cq-self-assessment (version 1), labelled “${SELF_ASSESSMENT_LABEL}”`);
  });

  it('counts a small exclusion as "fewer than" the threshold', () => {
    const e = trustEvaluation();
    e.flow = e.flow.map((s) => (s.stage === 'pre' ? { ...s, count: 65, display: '65' } : s));
    expect(methods(e, 'Northfield Trust').join(' ')).toContain(
      'Of the 65 managers with a pre-assessment, fewer than 10 had no usable post-assessment score',
    );
  });

  it('lists the limitations, with attrition, the threshold, the instrument and synthetic data', () => {
    const text = limitations(studyEvaluation());
    expect(text).toContain('With no control group');
    expect(text).toContain('self-reported');
    expect(text).toContain(
      'Attrition: of the 254 consenting participants, 215 (84.6%) completed the post-assessment and 140 (55.1%) the follow-up',
    );
    expect(text).toContain('counts from 1 to 9 are not shown');
    expect(text).toContain('is not the validated Cultural Intelligence Scale (CQS)');
    expect(text).toContain('These results come from synthetic data');
    expect(limitations(studyEvaluation({ studyName: 'CQ Pathway evaluation' }))).not.toContain('synthetic');
  });
});
