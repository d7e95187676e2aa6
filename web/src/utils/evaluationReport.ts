/**
 * The words of the pilot-evaluation report, generated from the evaluation the API returns: findings in
 * plain English, methods and limitations. Pure functions, so the wording can be tested on a fixture.
 */
import {
  capabilitiesOnly,
  capabilityInstrument,
  countPhrase,
  effectLabel,
  formatInterval,
  formatNumber,
  formatPercent,
  includesZero,
  pPhrase,
  scalePoints,
  surveyInstrument,
  type Comparison,
  type Evaluation,
} from './evaluation';

export interface ReportParagraph {
  /** The measure the paragraph is about ("drive", "knowledge-test", "reaction"). */
  key: string;
  text: string;
}

/** Study names of synthetic data say so ("… synthetic pilot data …", "(synthetic demo)"). */
export function isSynthetic(studyName: string): boolean {
  return /synthetic/i.test(studyName);
}

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

function numberWord(n: number): string {
  return NUMBER_WORDS[n] ?? String(n);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** "no result is given because fewer than 10 people have both scores" */
export function withheldPhrase(reason: string | null): string {
  const trimmed = (reason ?? '').trim().replace(/\.$/, '');
  if (!trimmed) return 'no result is given';
  const noStatistics = /^No statistics:\s*(.+)$/i.exec(trimmed);
  if (noStatistics)
    return `no result is given because the statistics could not be calculated (${noStatistics[1]})`;
  return `no result is given because ${lowerFirst(trimmed)}`;
}

function pairsPhrase(c: Comparison): string {
  const n = c.n ?? c.before?.n;
  return n === undefined || n === null
    ? 'among the managers with both scores'
    : `among ${n} managers with both scores`;
}

function effectPhrase(c: Comparison, adjusted: boolean): string {
  if (!c.dz) return '';
  const ci =
    c.dz.ciLow !== null && c.dz.ciHigh !== null ? `, 95% CI ${formatInterval(c.dz.ciLow, c.dz.ciHigh)}` : '';
  let p = '';
  if (adjusted && c.pHolm !== null) p = `; Holm-adjusted ${pPhrase(c.pHolm)}`;
  else if (c.p !== null) p = `; ${pPhrase(c.p)}`;
  return `, a ${effectLabel(c.dz.estimate)} effect (d_z = ${formatNumber(c.dz.estimate)}${ci}${p})`;
}

const CHANCE = ' The 95% confidence interval includes zero, so the change may be due to chance.';

function measureLabel(c: Comparison): string {
  return c.measure === 'overall' ? 'Overall score (mean of the capabilities)' : c.label;
}

/**
 * One capability in a sentence: "CQ drive: scores rose by 0.42 points on the 7-point scale (95% CI 0.31 to
 * 0.53), a medium effect (d_z = 0.55, 95% CI 0.41 to 0.68; Holm-adjusted p < 0.001), among 209 managers
 * with both scores."
 */
export function capabilityFinding(c: Comparison, points: number | null): string {
  const label = measureLabel(c);
  if (c.withheld || c.meanDiff === null) return `${label}: ${withheldPhrase(c.withheld)}.`;
  const scale = points ? ` on the ${points}-point scale` : '';
  const size = formatNumber(Math.abs(c.meanDiff));
  const ci = `95% CI ${formatInterval(c.ciLow, c.ciHigh)}`;
  const change =
    Number(size) === 0
      ? `scores did not change on average (${size} points${scale}; ${ci})`
      : `scores ${c.meanDiff > 0 ? 'rose' : 'fell'} by ${size} points${scale} (${ci})`;
  const chance = includesZero(c.ciLow, c.ciHigh) ? CHANCE : '';
  return `${label}: ${change}${effectPhrase(c, true)}, ${pairsPhrase(c)}.${chance}`;
}

/** The situational judgement test: the share of scenarios answered with the best response, pre → post. */
export function knowledgeFinding(c: Comparison | undefined): string {
  const label = 'Knowledge (situational judgement test)';
  if (!c) return `${label}: no situational judgement test results were recorded.`;
  if (c.withheld || c.meanDiff === null || !c.before || !c.after)
    return `${label}: ${withheldPhrase(c.withheld)}.`;
  const points = formatNumber(Math.abs(c.meanDiff) * 100, 1);
  const from = `from ${formatPercent(c.before.mean, 0)} to ${formatPercent(c.after.mean, 0)}`;
  const ci = `95% CI ${formatInterval(
    c.ciLow === null ? null : c.ciLow * 100,
    c.ciHigh === null ? null : c.ciHigh * 100,
    1,
  )}`;
  const change =
    Number(points) === 0
      ? `did not change on average (${from}; ${ci})`
      : `${c.meanDiff > 0 ? 'rose' : 'fell'} ${from}, by ${points} percentage points (${ci})`;
  const chance = includesZero(c.ciLow, c.ciHigh) ? CHANCE : '';
  return `${label}: the share of scenarios answered with the best response ${change}${effectPhrase(c, false)}, ${pairsPhrase(c)}.${chance}`;
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The end-of-programme feedback: who answered, the mean rating of each factor, how many comments. */
export function reactionFinding(e: Evaluation): string {
  const label = 'Reaction (end-of-programme feedback)';
  const { respondents, factors, comments } = e.reaction;
  if (respondents.count === null)
    return `${label}: ${countPhrase(respondents, e.threshold)} managers answered the feedback survey, so it is not summarised.`;
  if (respondents.count === 0) return `${label}: nobody has answered the feedback survey yet.`;
  const points = scalePoints(surveyInstrument(e)?.key);
  const scale = points ? ` on the ${points}-point agreement scale (${points} = strongly agree)` : '';
  const shown = factors.filter((f) => f.summary);
  const hidden = factors.filter((f) => !f.summary);
  const ratings = shown.map(
    (f) => `${lowerFirst(f.title)} ${formatNumber(f.summary!.mean)} (SD ${formatNumber(f.summary!.sd)})`,
  );
  let text = `${label}: ${respondents.count} managers answered the feedback survey.`;
  if (ratings.length) text += ` Their mean ratings${scale} were ${list(ratings)}.`;
  if (hidden.length)
    text += ` The ${list(hidden.map((f) => lowerFirst(f.title)))} rating${hidden.length > 1 ? 's are' : ' is'} not shown because fewer than ${e.threshold} answered.`;
  const commentCount = countPhrase(comments, e.threshold);
  text += ` They left ${commentCount} free-text comment${comments.count === 1 ? '' : 's'} (the text is in the exports, not in this report).`;
  return text;
}

/** One paragraph per capability (and the overall score), then knowledge change and reaction. */
export function findings(e: Evaluation): ReportParagraph[] {
  const points = scalePoints(capabilityInstrument(e)?.key);
  const paragraphs: ReportParagraph[] = e.capabilities.map((c) => ({
    key: c.measure,
    text: capabilityFinding(c, points),
  }));
  if (!e.capabilities.length)
    paragraphs.push({ key: 'capabilities', text: 'No self-assessment results were recorded.' });
  paragraphs.push({ key: 'knowledge-test', text: knowledgeFinding(e.knowledge[0]) });
  paragraphs.push({ key: 'reaction', text: reactionFinding(e) });
  return paragraphs;
}

// Methods and limitations ------------------------------------------------------------------------------

const STAGE_PHRASE: Readonly<Record<string, string>> = {
  enrolled: 'were enrolled',
  decided: 'made a consent decision',
  consented: 'consented to take part',
  pre: 'completed the pre-assessment',
  modules: 'completed all the modules',
  post: 'completed the post-assessment',
  follow_up: 'completed the follow-up',
};

function stage(e: Evaluation, name: string) {
  return e.flow.find((s) => s.stage === name);
}

/** The largest number of complete pairs among the comparisons, or null when none is shown. */
function pairs(comparisons: readonly Comparison[]): number | null {
  const ns = comparisons.map((c) => c.n).filter((n): n is number => n !== null && n > 0);
  return ns.length ? Math.max(...ns) : null;
}

function flowSentence(e: Evaluation): string {
  const parts = e.flow
    .filter((s) => s.count !== null || s.display.startsWith('<') || s.display === 'withheld')
    .map((s) => `${countPhrase(s, e.threshold)} ${STAGE_PHRASE[s.stage] ?? `reached “${s.label}”`}`);
  return parts.length ? `Participant flow: ${list(parts)}.` : '';
}

function excludedSentence(e: Evaluation): string {
  const pre = stage(e, 'pre')?.count ?? null;
  const n = pairs(e.capabilities);
  if (pre === null || n === null)
    return 'The number of managers excluded is not given because the counts are too small to show.';
  const excluded = Math.max(0, pre - n);
  const count = excluded > 0 && excluded < e.threshold ? `fewer than ${e.threshold}` : String(excluded);
  const share = excluded >= e.threshold ? ` (${formatPercent(excluded / pre)})` : '';
  return `Of the ${pre} managers with a pre-assessment, ${count}${share} had no usable post-assessment score and were excluded from the pre/post comparison.`;
}

function reliabilitySentence(e: Evaluation): string {
  const key = capabilityInstrument(e)?.key;
  const alphas = e.reliability
    .filter((r) => r.instrumentKey === key && r.alpha !== null)
    .map((r) => r.alpha as number);
  if (!alphas.length) return '';
  const low = Math.min(...alphas);
  const high = Math.max(...alphas);
  return low === high
    ? ` For the self-assessment capabilities, alpha was ${formatNumber(low)}.`
    : ` For the self-assessment capabilities, alpha ranged from ${formatNumber(low)} to ${formatNumber(high)} across capabilities and timepoints.`;
}

function instrumentsSentence(e: Evaluation): string {
  if (!e.instruments.length) return 'No questionnaire responses were recorded.';
  const items = e.instruments.map(
    (i) =>
      `${i.key} (version${i.versions.length > 1 ? 's' : ''} ${list(i.versions.map(String))}), labelled “${i.label}”`,
  );
  return `Instruments: ${items.join('; ')}.`;
}

/** The methods section, generated from the data: design, flow and missingness, statistics, instruments. */
export function methods(e: Evaluation, scope: string): string[] {
  const family = capabilitiesOnly(e.capabilities).length;
  const post = pairs(e.capabilities);
  const followUp = pairs(e.followUp);
  const ns = [
    post !== null ? `n = ${post} from pre to post` : null,
    followUp !== null ? `n = ${followUp} from pre to follow-up` : null,
  ].filter(Boolean);
  return [
    [
      `Design: a single-group pre/post evaluation, with no control group, of the managers in ${scope} who consented to take part.`,
      flowSentence(e),
      `The analysis is complete-case: each comparison uses only the managers with a score at both timepoints${ns.length ? ` (${ns.join('; ')})` : ''}.`,
      excludedSentence(e),
    ]
      .filter(Boolean)
      .join(' '),
    [
      'Statistics: the change in each capability was tested with a paired t-test, with the Wilcoxon signed-rank test as a check that does not assume normally distributed differences.',
      "Effect sizes are Cohen's d_z (mean change divided by the standard deviation of the changes), Cohen's d_av (mean change divided by the average of the two standard deviations) and Hedges' g_z (d_z corrected for small-sample bias), each with a 95% confidence interval from the noncentral t distribution.",
      `p-values were adjusted across the ${numberWord(family)} capabilities by the Holm and the Benjamini–Hochberg methods; the overall score and the situational judgement test are reported unadjusted.`,
      `Internal consistency is Cronbach's alpha with the Feldt 95% confidence interval.${reliabilitySentence(e)}`,
    ].join(' '),
    instrumentsSentence(e),
  ];
}

/** The limitations section: design, self-report, attrition, suppression, instruments, synthetic data. */
export function limitations(e: Evaluation): string {
  const consented = stage(e, 'consented');
  const post = stage(e, 'post');
  const followUp = stage(e, 'follow_up');
  const sentences = [
    'With no control group, the changes cannot be attributed to the programme alone: they may also reflect other events at work, familiarity with the questionnaires or regression to the mean.',
    'The capability scores are self-reported and may be affected by social desirability; the situational judgement test measures judgement about written scenarios, not behaviour at work.',
  ];
  if (consented?.count && post) {
    const share = (s: typeof post) =>
      s.count !== null && consented.count ? ` (${formatPercent(s.count / consented.count)})` : '';
    let attrition = `Attrition: of the ${consented.count} consenting participants, ${countPhrase(post, e.threshold)}${share(post)} completed the post-assessment`;
    if (followUp) attrition += ` and ${countPhrase(followUp, e.threshold)}${share(followUp)} the follow-up`;
    sentences.push(`${attrition}; those who stayed may differ from those who left.`);
  } else if (consented) {
    sentences.push('Attrition cannot be described here because the counts are too small to show.');
  }
  sentences.push(
    `To protect privacy, counts from 1 to ${e.threshold - 1} are not shown and comparisons with fewer than ${e.threshold} complete pairs are withheld, so small groups are not reported.`,
  );
  const selfAssessment = capabilityInstrument(e);
  const notCqs = selfAssessment && /not the validated/i.test(selfAssessment.label) ? selfAssessment : null;
  if (notCqs)
    sentences.push(
      `The self-assessment is project-authored and is not the validated Cultural Intelligence Scale (CQS): it is labelled “${notCqs.label}”. Its validity has not been established and its scores cannot be compared with CQS norms.`,
    );
  const others = e.instruments.filter((i) => i !== notCqs && /not (the |a )?validated/i.test(i.label));
  if (others.length) sentences.push(`Also not validated: ${others.map((i) => `“${i.label}”`).join('; ')}.`);
  if (isSynthetic(e.studyName))
    sentences.push(
      'These results come from synthetic data: they describe invented people and must not be read as evidence about the programme.',
    );
  return sentences.join(' ');
}
