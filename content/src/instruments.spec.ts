import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ANCHOR_KEYS,
  CQ_CAPABILITIES,
  CQS_DISCLAIMER,
  FACTOR_KEYS,
  FORM_NAMES,
  INSTRUMENT_KEYS,
  INSTRUMENT_KINDS,
  ITEM_KEYS,
  ITEM_SCORES,
  KEBAB_ID,
  LICENCE_KEYS,
  OPTION_KEYS,
  OVERALL_SCORES,
  REQUIRED_INSTRUMENT_KEYS,
  REVERSE_KEYING,
  SCALE_KEYS,
  SCALE_POINTS,
  SCHEMA_FILE,
  SCORING_KEYS,
  SJT_OPTIONS,
  SURVEY_ITEM_TYPES,
  instrumentsDir,
  loadInstruments,
  scoreResponse,
  scoreVector,
  validateInstrument,
  type Answer,
  type Instrument,
} from './instruments.js';

const shipped = loadInstruments();
const byId = (id: string) => {
  const found = shipped.find((i) => i.id === id);
  if (!found) throw new Error(`no shipped instrument ${id}`);
  return found;
};
const selfAssessment = byId('cq-self-assessment');
const sjt = byId('cq-sjt');
const survey = byId('reaction-survey');
/** A deep copy to break on purpose. */
const copy = (i: Instrument) => structuredClone(i) as Instrument & Record<string, unknown>;
/** The same object, typed loosely so that a test can break it. */
const loose = (o: unknown) => o as Record<string, unknown>;
const sorted = (xs: readonly string[]) => [...xs].sort();

describe('shipped instruments', () => {
  it('loads the three instruments, each named <id>.v<version>.json', () => {
    expect(shipped.map((i) => `${i.id}.v${i.version}`)).toEqual([
      'cq-self-assessment.v1',
      'cq-sjt.v1',
      'reaction-survey.v1',
    ]);
  });

  it.each(shipped.map((i) => [i.id, i] as const))('%s validates with no problems', (_id, instrument) => {
    expect(validateInstrument(instrument)).toEqual([]);
  });

  it('ships only redistributable, project-authored instruments', () => {
    for (const i of shipped) {
      expect(i.licence.redistributable).toBe(true);
      expect(i.licence.holder).toBe('CQ Pathway contributors');
    }
  });

  it('uses each item text once across all instruments', () => {
    const texts = shipped.flatMap((i) =>
      i.items.map((item) => `${i.id}: ${item.scenario ?? ''} ${item.text}`),
    );
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('CQ self-assessment: 5 items per capability, a reverse-keyed item in each, a labelled 7-point scale', () => {
    expect(selfAssessment.kind).toBe('likert');
    expect(selfAssessment.factors.map((f) => f.id)).toEqual([...CQ_CAPABILITIES]);
    expect(selfAssessment.items).toHaveLength(20);
    for (const f of CQ_CAPABILITIES) {
      const items = selfAssessment.items.filter((i) => i.factor === f);
      expect(items).toHaveLength(5);
      expect(items.filter((i) => i.reverseKeyed).length).toBeGreaterThanOrEqual(1);
    }
    expect(selfAssessment.scale?.points).toBe(7);
    expect(selfAssessment.scale?.anchors.map((a) => a.value)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(selfAssessment.scale?.anchors[0].label).toBe('Strongly disagree');
    expect(selfAssessment.scale?.anchors[6].label).toBe('Strongly agree');
    expect(selfAssessment.scoring).toMatchObject({
      itemScore: 'scale-value',
      factor: 'mean-of-items',
      overall: 'mean-of-factor-means',
      minItemsPerFactor: 3,
    });
  });

  it('CQ SJT: two parallel forms of at least 12 four-option items, matched by capability and skill', () => {
    const forms = sjt.forms as Record<'pre' | 'post', string[]>;
    expect(forms.pre.length).toBeGreaterThanOrEqual(12);
    expect(forms.post).toHaveLength(forms.pre.length);
    expect(sjt.items.length).toBe(forms.pre.length + forms.post.length);
    const item = (id: string) => sjt.items.find((i) => i.id === id);
    forms.pre.forEach((preId, n) => {
      const number = String(n + 1).padStart(2, '0');
      expect(preId).toBe(`pre-${number}`);
      expect(forms.post[n]).toBe(`post-${number}`);
      const [a, b] = [item(preId), item(forms.post[n])];
      expect(a?.factor).toBe(b?.factor);
      expect(a?.skill).toBeDefined();
      expect(a?.skill).toBe(b?.skill);
      expect(a?.scenario).not.toBe(b?.scenario);
    });
    for (const i of sjt.items) {
      expect(i.options).toHaveLength(4);
      expect(i.options?.map((o) => o.id)).toContain(i.best);
    }
    // The best answer is not always in the same position.
    expect(new Set(sjt.items.map((i) => i.best)).size).toBe(4);
    expect(sjt.scoring).toMatchObject({
      itemScore: 'best-option',
      overall: 'mean-of-items',
      minItemsPerFactor: 2,
    });
  });

  it('reaction survey: 6–8 five-point agreement items and 2–3 free-text comments', () => {
    const scale = survey.items.filter((i) => i.type === 'scale');
    const text = survey.items.filter((i) => i.type === 'text');
    expect(scale.length).toBeGreaterThanOrEqual(6);
    expect(scale.length).toBeLessThanOrEqual(8);
    expect(text.length).toBeGreaterThanOrEqual(2);
    expect(text.length).toBeLessThanOrEqual(3);
    expect(survey.scale?.points).toBe(5);
    expect(survey.scale?.anchors.map((a) => a.value)).toEqual([1, 2, 3, 4, 5]);
    expect(survey.scoring.description).toMatch(/scale items/);
  });
});

describe('instrument.schema.json', () => {
  const schema = JSON.parse(readFileSync(path.join(instrumentsDir, SCHEMA_FILE), 'utf8'));
  const keysOf = (o: { properties: object }) => sorted(Object.keys(o.properties));

  it('is a draft 2020-12 schema that names every top-level property the validator checks', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(keysOf(schema)).toEqual(sorted(INSTRUMENT_KEYS));
    expect(sorted(schema.required)).toEqual(sorted(REQUIRED_INSTRUMENT_KEYS));
  });

  it('names the same nested properties, enumerations and limits as the validator', () => {
    const p = schema.properties;
    expect(keysOf(p.licence)).toEqual(sorted(LICENCE_KEYS));
    expect(keysOf(p.scale)).toEqual(sorted(SCALE_KEYS));
    expect(keysOf(p.scale.properties.anchors.items)).toEqual(sorted(ANCHOR_KEYS));
    expect(keysOf(p.factors.items)).toEqual(sorted(FACTOR_KEYS));
    expect(keysOf(schema.$defs.item)).toEqual(sorted(ITEM_KEYS));
    expect(keysOf(schema.$defs.item.properties.options.items)).toEqual(sorted(OPTION_KEYS));
    expect(keysOf(p.scoring)).toEqual(sorted(SCORING_KEYS));
    expect(keysOf(p.forms)).toEqual(sorted(FORM_NAMES));
    for (const o of [p.licence, p.scale, p.factors.items, schema.$defs.item, p.scoring, p.forms])
      expect(o.additionalProperties).toBe(false);

    expect(p.kind.enum).toEqual([...INSTRUMENT_KINDS]);
    expect(p.scoring.properties.itemScore.enum).toEqual([...ITEM_SCORES]);
    expect(p.scoring.properties.overall.enum).toEqual([...OVERALL_SCORES]);
    expect(p.scoring.properties.reverseKeying.const).toBe(REVERSE_KEYING);
    expect(schema.$defs.item.properties.type.enum).toEqual([...SURVEY_ITEM_TYPES]);
    expect(schema.$defs.kebabId.pattern).toBe(KEBAB_ID.source);
    expect(p.scale.properties.points).toMatchObject({ minimum: SCALE_POINTS.min, maximum: SCALE_POINTS.max });
    expect(schema.$defs.item.properties.options).toMatchObject({
      minItems: SJT_OPTIONS.min,
      maxItems: SJT_OPTIONS.max,
    });
  });

  it('has a conditional per kind and one requiring the CQS disclaimer', () => {
    const conditions = schema.allOf.map((c: { if: { properties: { kind: { const: string } } } }) => c.if);
    for (const kind of INSTRUMENT_KINDS)
      expect(
        conditions.some((c: { properties: { kind: { const: string } } }) => c.properties.kind.const === kind),
      ).toBe(true);
    expect(JSON.stringify(schema.allOf)).toContain(CQS_DISCLAIMER);
  });
});

describe('validateInstrument catches', () => {
  /** Asserts that breaking `base` with `mutate` yields a problem matching `expected`. */
  function expectProblem(
    base: Instrument,
    mutate: (i: Instrument & Record<string, unknown>) => void,
    expected: RegExp,
  ) {
    const broken = copy(base);
    mutate(broken);
    const problems = validateInstrument(broken);
    expect(problems.join('\n')).toMatch(expected);
  }

  it('something that is not an object', () => {
    expect(validateInstrument([])).toEqual(['instrument: must be a JSON object']);
  });

  it('an item whose factor does not exist', () => {
    expectProblem(
      selfAssessment,
      (i) => (i.items[0].factor = 'empathy'),
      /items\[0\] \(drive-01\)\.factor: unknown factor "empathy"/,
    );
  });

  it('duplicate item and factor ids', () => {
    expectProblem(selfAssessment, (i) => (i.items[1].id = 'drive-01'), /duplicate item id "drive-01"/);
    expectProblem(selfAssessment, (i) => i.factors.push({ ...i.factors[0] }), /duplicate factor id "drive"/);
    expectProblem(sjt, (i) => (i.items[0].options![1].id = 'a'), /duplicate option id "a"/);
  });

  it('a reverse-keyed SJT or survey item', () => {
    expectProblem(
      sjt,
      (i) => (i.items[0].reverseKeyed = true),
      /only likert items can be reverse-keyed, not sjt items/,
    );
    expectProblem(survey, (i) => (i.items[0].reverseKeyed = true), /only likert items can be reverse-keyed/);
  });

  it('overlapping, unequal, incomplete or non-parallel forms', () => {
    expectProblem(sjt, (i) => (i.forms!.post[0] = 'pre-01'), /"pre-01" is in both forms/);
    expectProblem(sjt, (i) => i.forms!.post.pop(), /same length \(pre has 12, post 11\)/);
    expectProblem(sjt, (i) => (i.forms!.pre[0] = 'pre-99'), /unknown item "pre-99"/);
    expectProblem(
      sjt,
      (i) => (i.forms!.pre = i.forms!.pre.filter((id) => !['pre-10', 'pre-11', 'pre-12'].includes(id))),
      /forms\.pre: no item for factor "action"/,
    );
    expectProblem(
      sjt,
      (i) => i.forms!.pre.reverse(),
      /parallel items "pre-12" and "post-01" test different factors/,
    );
    expectProblem(sjt, (i) => (i.items[0].skill = 'something-else'), /test different skills/);
    expectProblem(sjt, (i) => delete i.forms, /an SJT needs "forms"/);
    expectProblem(
      selfAssessment,
      (i) => (i.forms = { pre: ['drive-01'], post: ['drive-02'] }),
      /only an SJT has forms/,
    );
  });

  it('an SJT best answer that is not one of the options', () => {
    expectProblem(
      sjt,
      (i) => (i.items[2].best = 'e'),
      /items\[2\] \(pre-03\)\.best: "e" is not one of the item's options/,
    );
  });

  it('a CQ self-assessment without the "not the validated CQS" label', () => {
    expectProblem(
      selfAssessment,
      (i) => (i.label = 'Cultural Intelligence Scale'),
      /must be labelled "CQ Pathway self-assessment — not the validated Cultural Intelligence Scale"/,
    );
    expectProblem(selfAssessment, (i) => delete loose(i).label, /"label" is required/);
  });

  it('unknown properties and wrong kinds of value', () => {
    expectProblem(selfAssessment, (i) => (i.author = 'x'), /instrument: unknown property "author"/);
    expectProblem(selfAssessment, (i) => (loose(i.items[0]).weight = 2), /unknown property "weight"/);
    expectProblem(selfAssessment, (i) => (i.id = 'CQ Self'), /instrument\.id: must be a kebab-case id/);
    expectProblem(selfAssessment, (i) => (i.version = 0), /version: must be an integer of at least 1/);
    expectProblem(selfAssessment, (i) => (loose(i).kind = 'quiz'), /kind: must be one of/);
    expectProblem(
      selfAssessment,
      (i) => (loose(i.licence).redistributable = 'yes'),
      /redistributable: must be true or false/,
    );
    expectProblem(selfAssessment, (i) => (i.items[3].text = '  '), /text: must be non-blank text/);
  });

  it('kind-specific rules', () => {
    expectProblem(survey, (i) => delete i.items[0].type, /a survey item needs "type"/);
    expectProblem(selfAssessment, (i) => (i.items[0].best = 'a'), /"best" is only for SJT items/);
    expectProblem(sjt, (i) => delete i.items[0].scenario, /an SJT item needs "scenario"/);
    expectProblem(sjt, (i) => (i.scale = { points: 5, anchors: [] }), /an SJT has no response scale/);
    expectProblem(survey, (i) => delete i.scale, /a survey needs a "scale"/);
    expectProblem(sjt, (i) => (loose(i.scoring).itemScore = 'scale-value'), /a sjt is scored "best-option"/);
  });

  it('scale and scoring limits', () => {
    expectProblem(selfAssessment, (i) => (i.scale!.points = 12), /points: must be an integer from 2 to 11/);
    expectProblem(
      selfAssessment,
      (i) => (i.scale!.anchors[6].value = 8),
      /must be between 1 and scale.points \(7\)/,
    );
    expectProblem(selfAssessment, (i) => (i.scale!.anchors[1].value = 1), /duplicate anchor value 1/);
    expectProblem(
      selfAssessment,
      (i) => (loose(i.scoring).reverseKeying = 'points - value'),
      /reverseKeying: must be "points \+ 1 − value"/,
    );
    expectProblem(
      selfAssessment,
      (i) => (i.scoring.minItemsPerFactor = 6),
      /only 5 scored item\(s\) for factor "drive", fewer than 6/,
    );
    expectProblem(sjt, (i) => (i.scoring.minItemsPerFactor = 4), /form "pre" has only 3 scored item\(s\)/);
  });
});

describe('loadInstruments', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reports every broken file by name and skips the schema', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'instruments-'));
    writeFileSync(path.join(dir, SCHEMA_FILE), '{ not json');
    writeFileSync(path.join(dir, 'broken.json'), '{ not json');
    writeFileSync(path.join(dir, 'misnamed.json'), JSON.stringify(survey));
    const bad = copy(survey);
    bad.items[0].factor = 'nope';
    writeFileSync(path.join(dir, 'reaction-survey.v1.json'), JSON.stringify(bad));
    const error = (() => {
      try {
        loadInstruments(dir);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(error).toMatch(/broken\.json: not valid JSON/);
    expect(error).toMatch(/misnamed\.json: the file should be named reaction-survey\.v1\.json/);
    expect(error).toMatch(
      /reaction-survey\.v1\.json: items\[0\] \(relevance-01\)\.factor: unknown factor "nope"/,
    );
    expect(error).not.toMatch(new RegExp(SCHEMA_FILE.replace('.', '\\.')));
  });

  it('loads a valid directory', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'instruments-'));
    writeFileSync(path.join(dir, 'reaction-survey.v1.json'), JSON.stringify(survey));
    expect(loadInstruments(dir).map((i) => i.id)).toEqual(['reaction-survey']);
  });
});

describe('scoreResponse', () => {
  /** Answers for one factor of the self-assessment, in item order (drive-01 … drive-05). */
  const factorAnswers = (factor: string, values: Answer[]) =>
    Object.fromEntries(values.map((v, n) => [`${factor}-0${n + 1}`, v]));

  it('reverse-keys items as points + 1 − value', () => {
    // drive-04 is reverse-keyed: an answer of 1 scores 7 + 1 − 1 = 7.
    // drive = (7 + 6 + 5 + 7 + 4) / 5 = 29 / 5 = 5.8
    // knowledge-04 is reverse-keyed: 6 scores 8 − 6 = 2; knowledge = (4 + 4 + 4 + 2 + 4) / 5 = 18 / 5 = 3.6
    // strategy and action: all 4 (reverse 4 scores 8 − 4 = 4) → 4 and 4
    // overall (mean of factor means) = (5.8 + 3.6 + 4 + 4) / 4 = 17.4 / 4 = 4.35
    const score = scoreResponse(selfAssessment, {
      ...factorAnswers('drive', [7, 6, 5, 1, 4]),
      ...factorAnswers('knowledge', [4, 4, 4, 6, 4]),
      ...factorAnswers('strategy', [4, 4, 4, 4, 4]),
      ...factorAnswers('action', [4, 4, 4, 4, 4]),
    });
    expect(score.factors.drive).toBeCloseTo(5.8, 10);
    expect(score.factors.knowledge).toBeCloseTo(3.6, 10);
    expect(score.factors.strategy).toBe(4);
    expect(score.overall).toBeCloseTo(4.35, 10);
    expect(score.answered).toBe(20);
  });

  it('scores a factor only with at least minItemsPerFactor (3) answers, and the overall only when all are scored', () => {
    const full = {
      ...factorAnswers('drive', [5, 5, 5, 3, 5]),
      ...factorAnswers('strategy', [5, 5, 5, 3, 5]),
      ...factorAnswers('action', [5, 5, 5, 3, 5]),
    };
    // knowledge: two answered (6, 6) < 3 → null, so the overall is null too.
    const two = scoreResponse(selfAssessment, {
      ...full,
      ...factorAnswers('knowledge', [6, 6, null, null, null]),
    });
    expect(two.factors).toEqual({ drive: 5, knowledge: null, strategy: 5, action: 5 });
    expect(two.overall).toBeNull();
    expect(two.answered).toBe(17);
    // knowledge: three answered (6, 6, and knowledge-04 = 2 scoring 8 − 2 = 6) → 18 / 3 = 6
    // overall = (5 + 6 + 5 + 5) / 4 = 21 / 4 = 5.25
    const three = scoreResponse(selfAssessment, {
      ...full,
      ...factorAnswers('knowledge', [6, 6, null, 2, null]),
    });
    expect(three.factors.knowledge).toBe(6);
    expect(three.overall).toBe(5.25);
    expect(scoreResponse(selfAssessment, {})).toEqual({
      factors: { drive: null, knowledge: null, strategy: null, action: null },
      overall: null,
      answered: 0,
    });
  });

  it('gives different overall scores for mean-of-factor-means and mean-of-items when answers are unbalanced', () => {
    // drive: 5 answers scoring 7 (drive-04 answered 1 → 8 − 1 = 7) → 35 / 5 = 7
    // knowledge: 3 answers of 1 → 3 / 3 = 1
    // strategy, action: 5 answers scoring 4 → 20 / 5 = 4 each
    // mean of factor means = (7 + 1 + 4 + 4) / 4 = 16 / 4 = 4
    // mean of items = (35 + 3 + 20 + 20) / 18 = 78 / 18 = 4.333…
    const answers = {
      ...factorAnswers('drive', [7, 7, 7, 1, 7]),
      ...factorAnswers('knowledge', [1, 1, 1, null, null]),
      ...factorAnswers('strategy', [4, 4, 4, 4, 4]),
      ...factorAnswers('action', [4, 4, 4, 4, 4]),
    };
    const byFactor = scoreResponse(selfAssessment, answers);
    expect(byFactor.factors).toEqual({ drive: 7, knowledge: 1, strategy: 4, action: 4 });
    expect(byFactor.overall).toBe(4);
    const byItem = scoreResponse(
      { ...selfAssessment, scoring: { ...selfAssessment.scoring, overall: 'mean-of-items' } },
      answers,
    );
    expect(byItem.factors).toEqual(byFactor.factors);
    expect(byItem.overall).toBeCloseTo(78 / 18, 10);
    expect(byItem.answered).toBe(18);
    const none = scoreResponse(
      { ...selfAssessment, scoring: { ...selfAssessment.scoring, overall: 'none' } },
      answers,
    );
    expect(none.overall).toBeNull();
  });

  describe('SJT best-option scoring, one form at a time', () => {
    const item = (id: string) => sjt.items.find((i) => i.id === id)!;
    const best = (id: string) => item(id).best as string;
    const wrong = (id: string) => item(id).options!.find((o) => o.id !== item(id).best)!.id;
    /** The same pattern of answers for either form: item number → best, wrong or unanswered. */
    const pattern: Record<string, 'best' | 'wrong' | null> = {
      '01': 'best', // drive
      '02': 'best',
      '03': 'best',
      '04': 'best', // knowledge
      '05': 'wrong',
      '06': null,
      '07': 'best', // strategy
      '08': 'wrong',
      '09': 'wrong',
      '10': 'best', // action
      '11': 'best',
      '12': null,
    };
    const answersFor = (form: 'pre' | 'post') =>
      Object.fromEntries(
        Object.entries(pattern).map(([n, what]) => {
          const id = `${form}-${n}`;
          return [id, what === 'best' ? best(id) : what === 'wrong' ? wrong(id) : null];
        }),
      );

    it.each(['pre', 'post'] as const)('scores the %s form', (form) => {
      // drive 3/3 = 1; knowledge 1/2 = 0.5; strategy 1/3; action 2/2 = 1
      // overall (mean of items) = (3 + 1 + 1 + 2) / (3 + 2 + 3 + 2) = 7 / 10 = 0.7
      // (the mean of factor means would be (1 + 0.5 + 0.333… + 1) / 4 = 0.708…)
      const score = scoreResponse(sjt, answersFor(form), form);
      expect(score.factors.drive).toBe(1);
      expect(score.factors.knowledge).toBe(0.5);
      expect(score.factors.strategy).toBeCloseTo(1 / 3, 10);
      expect(score.factors.action).toBe(1);
      expect(score.overall).toBeCloseTo(0.7, 10);
      expect(score.answered).toBe(10);
    });

    it('ignores the other form and needs minItemsPerFactor (2) answers per capability', () => {
      // Only the pre answers are given, so the post form has nothing answered.
      expect(scoreResponse(sjt, answersFor('pre'), 'post')).toEqual({
        factors: { drive: null, knowledge: null, strategy: null, action: null },
        overall: null,
        answered: 0,
      });
      // With pre-04 unanswered as well, knowledge has 1 answer (< 2) → null, so the overall is null.
      const score = scoreResponse(sjt, { ...answersFor('pre'), 'pre-04': null }, 'pre');
      expect(score.factors.knowledge).toBeNull();
      expect(score.factors.drive).toBe(1);
      expect(score.overall).toBeNull();
    });

    it('needs a form', () => {
      expect(() => scoreResponse(sjt, answersFor('pre'))).toThrow(/one form at a time/);
      expect(() => scoreResponse(selfAssessment, {}, 'pre')).toThrow(/only an SJT has forms/);
    });
  });

  it('scores survey scale items only, ignoring comments', () => {
    // relevance (5 + 4) / 2 = 4.5; quality (3 + 4 + 5) / 3 = 4; application: one answer, 2 (minimum 1)
    // overall (mean of scale items) = (5 + 4 + 3 + 4 + 5 + 2) / 6 = 23 / 6 = 3.833…
    const score = scoreResponse(survey, {
      'relevance-01': 5,
      'relevance-02': 4,
      'quality-01': 3,
      'quality-02': 4,
      'quality-03': 5,
      'application-01': 2,
      'application-02': null,
      'comments-01': 'The scenarios felt real.',
    });
    expect(score.factors).toEqual({ relevance: 4.5, quality: 4, application: 2, comments: null });
    expect(score.overall).toBeCloseTo(23 / 6, 10);
    expect(score.answered).toBe(6);
  });

  it('rejects answers that do not fit the instrument', () => {
    expect(() => scoreResponse(selfAssessment, { 'drive-01': 8 })).toThrow(/whole number from 1 to 7/);
    expect(() => scoreResponse(selfAssessment, { 'drive-01': 'a' })).toThrow(RangeError);
    expect(() => scoreResponse(selfAssessment, { 'drive-99': 3 })).toThrow(/unknown item "drive-99"/);
    expect(() => scoreResponse(sjt, { 'pre-01': 'z' }, 'pre')).toThrow(
      /"z" is not an option of item "pre-01"/,
    );
  });
});

describe('scoreVector', () => {
  it('lays out a self-assessment: factor scores then overall, reverse-keyed item scores, totals and squares', () => {
    // drive-04 and action-04 are reverse-keyed (8 − value). drive answers 7,6,5,1,4 → scores 7,6,5,7,4:
    // total 29, squares 49 + 36 + 25 + 49 + 16 = 175, score 29 / 5 = 5.8. knowledge all 3 → 15, 45, 3.
    // strategy misses strategy-05 → score (2 + 2 + 2 + 6) / 4 = 3 (strategy-04 = 2 reverse-keyed → 6) but
    // no total or squares, as it is not complete. action 1,1,1,7,1 → 1,1,1,1,1: total 5, squares 5.
    // overall = (5.8 + 3 + 3 + 1) / 4 = 3.2
    const v = scoreVector(selfAssessment, {
      'drive-01': 7,
      'drive-02': 6,
      'drive-03': 5,
      'drive-04': 1,
      'drive-05': 4,
      'knowledge-01': 3,
      'knowledge-02': 3,
      'knowledge-03': 3,
      'knowledge-04': 5,
      'knowledge-05': 3,
      'strategy-01': 2,
      'strategy-02': 2,
      'strategy-03': 2,
      'strategy-04': 2,
      'action-01': 1,
      'action-02': 1,
      'action-03': 1,
      'action-04': 7,
      'action-05': 1,
    });
    expect(selfAssessment.factors.map((f) => f.id)).toEqual(['drive', 'knowledge', 'strategy', 'action']);
    expect(v.scores.slice(0, 4)).toEqual([5.8, 3, 3, 1]);
    expect(v.scores[4]).toBeCloseTo(3.2, 12);
    expect(v.items).toEqual([7, 6, 5, 7, 4, 3, 3, 3, 3, 3, 2, 2, 2, 6, null, 1, 1, 1, 1, 1]);
    expect(v.totals).toEqual([29, 15, null, 5]);
    expect(v.squares).toEqual([175, 45, null, 5]);
  });

  it("takes an SJT's items from the form, and skips a survey's comment items", () => {
    const pre = sjt.forms!.pre;
    const answers = Object.fromEntries(pre.map((id) => [id, sjt.items.find((i) => i.id === id)!.best!]));
    const v = scoreVector(sjt, answers, 'pre');
    expect(v.items).toEqual(pre.map(() => 1));
    expect(v.scores).toEqual([1, 1, 1, 1, 1]);
    // 12 items in 4 capabilities, three each: all best → totals 3, squares 3.
    expect(v.totals).toEqual([3, 3, 3, 3]);

    const s = scoreVector(survey, { 'relevance-01': 5, 'relevance-02': 4, 'comments-01': 'Useful.' });
    // relevance-01, relevance-02, quality-01..03, application-01..02: seven scale items.
    expect(s.items).toEqual([5, 4, null, null, null, null, null]);
    expect(s.totals).toEqual([9, null, null, null]);
    expect(s.squares).toEqual([41, null, null, null]);
    expect(s.scores).toEqual([4.5, null, null, null, null]);
  });
});

describe('CQS guard', () => {
  // The published CQS item text may not be written into this repository, not even in a test, so
  // the guard checks what the repository can promise instead: the self-assessment says it is not
  // the CQS wherever it is shown, and it belongs to the project, not the Cultural Intelligence Center.
  it('labels the CQ self-assessment as not the validated Cultural Intelligence Scale', () => {
    expect(selfAssessment.label).toContain('not the validated Cultural Intelligence Scale');
    expect(selfAssessment.label).toContain(CQS_DISCLAIMER);
  });

  it('holds the CQ self-assessment under the project licence', () => {
    expect(selfAssessment.licence).toMatchObject({
      holder: 'CQ Pathway contributors',
      permittedUse: "Free to use, adapt and redistribute under the project's MIT licence",
      redistributable: true,
    });
    expect(selfAssessment.licence.citation).toMatch(/CQ Pathway/);
    expect(selfAssessment.licence.holder).not.toMatch(/Cultural Intelligence Center/i);
  });
});
