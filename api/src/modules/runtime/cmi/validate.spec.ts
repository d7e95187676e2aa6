import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ELEMENTS } from './data-model.js';
import { CmiError, CmiModel, CmiState, CommitResult, mergeState, validateCommit } from './validate.js';

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/** The SCORM 1.2 full commit from the integration brief. */
const BRIEF_12 = {
  'cmi.suspend_data': 'old',
  'cmi.launch_data': '',
  'cmi.core.student_id': 'abc',
  'cmi.core.lesson_location': 'p3',
  'cmi.core.credit': '',
  'cmi.core.lesson_status': 'not attempted',
  'cmi.core.entry': '',
  'cmi.core.lesson_mode': 'normal',
  'cmi.core.exit': 'suspend',
  'cmi.core.session_time': '00:01:30',
  'cmi.core.score.raw': '',
  'cmi.core.score.min': '',
  'cmi.core.score.max': '100',
  'cmi.core.total_time': '00:01:30',
  'cmi.objectives': {},
  'cmi.student_data.mastery_score': '',
  'cmi.student_preference.audio': '',
  'cmi.interactions.0.id': 'q1',
  'cmi.interactions.0.time': '',
  'cmi.interactions.0.type': 'choice',
  'cmi.interactions.0.weighting': '',
  'cmi.interactions.0.student_response': 'a',
  'cmi.interactions.0.result': '',
  'cmi.interactions.0.latency': '',
  'cmi.interactions.0.objectives': {},
  'cmi.interactions.0.correct_responses': {},
  'cmi.comments': '',
};

/** The SCORM 2004 full commit from the integration brief. */
const BRIEF_2004 = {
  'cmi.comments_from_learner': {},
  'cmi.completion_status': 'unknown',
  'cmi.completion_threshold': '',
  'cmi.credit': 'credit',
  'cmi.entry': '',
  'cmi.exit': 'suspend',
  'cmi.interactions.0.id': 'q1',
  'cmi.interactions.0.type': 'choice',
  'cmi.interactions.0.objectives': {},
  'cmi.interactions.0.timestamp': '',
  'cmi.interactions.0.weighting': '',
  'cmi.interactions.0.learner_response': 'a',
  'cmi.interactions.0.result': '',
  'cmi.interactions.0.latency': '',
  'cmi.interactions.0.description': '',
  'cmi.interactions.0.correct_responses': {},
  'cmi.launch_data': '',
  'cmi.learner_id': '',
  'cmi.learner_name': '',
  'cmi.learner_preference.audio_level': '1',
  'cmi.learner_preference.language': '',
  'cmi.learner_preference.delivery_speed': '1',
  'cmi.learner_preference.audio_captioning': '0',
  'cmi.location': 'p3',
  'cmi.max_time_allowed': '',
  'cmi.mode': 'normal',
  'cmi.objectives': {},
  'cmi.progress_measure': '',
  'cmi.scaled_passing_score': '',
  'cmi.score.scaled': '',
  'cmi.score.raw': '',
  'cmi.score.min': '',
  'cmi.score.max': '',
  'cmi.session_time': 'PT1M30S',
  'cmi.success_status': 'unknown',
  'cmi.suspend_data': 'old',
  'cmi.time_limit_action': 'continue,no message',
  'cmi.total_time': 'PT1M30S',
};

/**
 * Captured from scorm-again 3.4.3 `renderCommitCMI(true)` with `dataCommitFormat: 'flattened'`
 * after a SCO set a location, one interaction (with a correct response and an objective id), one
 * objective and the session time.
 */
const SCORM_AGAIN_12 = {
  'cmi.suspend_data': '',
  'cmi.launch_data': '',
  'cmi.comments': '',
  'cmi.comments_from_lms': '',
  'cmi.core.student_id': '',
  'cmi.core.student_name': '',
  'cmi.core.lesson_location': 'p3',
  'cmi.core.credit': '',
  'cmi.core.lesson_status': 'not attempted',
  'cmi.core.entry': '',
  'cmi.core.lesson_mode': 'normal',
  'cmi.core.exit': '',
  'cmi.core.session_time': '00:01:30',
  'cmi.core.score.raw': '',
  'cmi.core.score.min': '',
  'cmi.core.score.max': '100',
  'cmi.core.total_time': '00:01:30',
  'cmi.objectives.0.id': 'o1',
  'cmi.objectives.0.status': '',
  'cmi.objectives.0.score.raw': '50',
  'cmi.objectives.0.score.min': '',
  'cmi.objectives.0.score.max': '100',
  'cmi.student_data.mastery_score': '',
  'cmi.student_data.max_time_allowed': '',
  'cmi.student_data.time_limit_action': '',
  'cmi.student_preference.audio': '',
  'cmi.student_preference.language': '',
  'cmi.student_preference.speed': '',
  'cmi.student_preference.text': '',
  'cmi.interactions.0.id': 'q1',
  'cmi.interactions.0.time': '',
  'cmi.interactions.0.type': 'choice',
  'cmi.interactions.0.weighting': '',
  'cmi.interactions.0.student_response': 'a',
  'cmi.interactions.0.result': '',
  'cmi.interactions.0.latency': '',
  'cmi.interactions.0.objectives.0.id': 'o1',
  'cmi.interactions.0.correct_responses.0.pattern': 'a',
};

/** As SCORM_AGAIN_12, for SCORM 2004 (with a learner comment too). */
const SCORM_AGAIN_2004 = {
  'cmi.comments_from_learner.0.comment': 'hi',
  'cmi.comments_from_learner.0.location': '',
  'cmi.comments_from_learner.0.timestamp': '',
  'cmi.comments_from_lms': {},
  'cmi.completion_status': 'unknown',
  'cmi.completion_threshold': '',
  'cmi.credit': 'credit',
  'cmi.entry': '',
  'cmi.exit': '',
  'cmi.interactions.0.id': 'q1',
  'cmi.interactions.0.type': 'choice',
  'cmi.interactions.0.objectives.0.id': 'o1',
  'cmi.interactions.0.timestamp': '',
  'cmi.interactions.0.weighting': '',
  'cmi.interactions.0.learner_response': 'a',
  'cmi.interactions.0.result': '',
  'cmi.interactions.0.latency': '',
  'cmi.interactions.0.description': '',
  'cmi.interactions.0.correct_responses.0.pattern': 'a',
  'cmi.launch_data': '',
  'cmi.learner_id': '',
  'cmi.learner_name': '',
  'cmi.learner_preference.audio_level': '1',
  'cmi.learner_preference.language': '',
  'cmi.learner_preference.delivery_speed': '1',
  'cmi.learner_preference.audio_captioning': '0',
  'cmi.location': 'p3',
  'cmi.max_time_allowed': '',
  'cmi.mode': 'normal',
  'cmi.objectives.0.id': 'o1',
  'cmi.objectives.0.success_status': 'unknown',
  'cmi.objectives.0.completion_status': 'unknown',
  'cmi.objectives.0.progress_measure': '',
  'cmi.objectives.0.description': '',
  'cmi.objectives.0.score.scaled': '0.5',
  'cmi.objectives.0.score.raw': '',
  'cmi.objectives.0.score.min': '',
  'cmi.objectives.0.score.max': '',
  'cmi.progress_measure': '',
  'cmi.scaled_passing_score': '',
  'cmi.score.scaled': '',
  'cmi.score.raw': '',
  'cmi.score.min': '',
  'cmi.score.max': '',
  'cmi.session_time': 'PT1M30S',
  'cmi.success_status': 'unknown',
  'cmi.suspend_data': '',
  'cmi.time_limit_action': 'continue,no message',
  'cmi.total_time': 'PT1M30S',
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function expectOk(model: CmiModel, input: unknown): Extract<CommitResult, { ok: true }> {
  const result = validateCommit(model, input);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result;
}

function expectErrors(model: CmiModel, input: unknown): CmiError[] {
  const result = validateCommit(model, input);
  if (result.ok) throw new Error(`expected errors, got ok ${JSON.stringify(result.state)}`);
  return result.errors;
}

const ITEM = /^(cmi\.(?:interactions|objectives)\.\d+)\./;

/** A commit with one element, plus the id of its interaction/objective when it belongs to one. */
function single(element: string, value: unknown): Record<string, unknown> {
  const input: Record<string, unknown> = { [element]: value };
  const item = ITEM.exec(element)?.[1];
  if (item !== undefined && element !== `${item}.id`) input[`${item}.id`] = 'item-id';
  return input;
}

type Outcome = 'store' | 'drop' | number;

/** Asserts what one element/value does: stored as is, dropped silently, or refused with a code. */
function expectOutcome(model: CmiModel, element: string, value: unknown, outcome: Outcome): void {
  const result = validateCommit(model, single(element, value));
  if (outcome === 'store') {
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.state[element]).toBe(typeof value === 'number' ? String(value) : value);
  } else if (outcome === 'drop') {
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(Object.keys(result.state)).not.toContain(element);
  } else {
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatchObject({ element, code: outcome });
      expect(result.errors[0].message.length).toBeGreaterThan(0);
    }
  }
}

const x = (n: number): string => 'x'.repeat(n);

// ---------------------------------------------------------------------------------------------
// Concrete examples
// ---------------------------------------------------------------------------------------------

describe('validateCommit: full commits', () => {
  it('accepts the SCORM 1.2 example commit and keeps only learner-writable, set elements', () => {
    const result = expectOk('1.2', BRIEF_12);
    expect(result.state).toEqual({
      'cmi.comments': '',
      'cmi.core.exit': 'suspend',
      'cmi.core.lesson_location': 'p3',
      'cmi.core.lesson_status': 'not attempted',
      'cmi.core.score.max': '100',
      'cmi.interactions.0.id': 'q1',
      'cmi.interactions.0.student_response': 'a',
      'cmi.interactions.0.type': 'choice',
      'cmi.suspend_data': 'old',
    });
    expect(result.sessionTime).toBe('00:01:30');
    expect(result.sessionSeconds).toBe(90);
  });

  it('accepts the SCORM 2004 example commit and keeps only learner-writable, set elements', () => {
    const result = expectOk('2004', BRIEF_2004);
    expect(result.state).toEqual({
      'cmi.completion_status': 'unknown',
      'cmi.exit': 'suspend',
      'cmi.interactions.0.id': 'q1',
      'cmi.interactions.0.learner_response': 'a',
      'cmi.interactions.0.type': 'choice',
      'cmi.learner_preference.audio_captioning': '0',
      'cmi.learner_preference.audio_level': '1',
      'cmi.learner_preference.delivery_speed': '1',
      'cmi.location': 'p3',
      'cmi.success_status': 'unknown',
      'cmi.suspend_data': 'old',
    });
    expect(result.sessionTime).toBe('PT1M30S');
    expect(result.sessionSeconds).toBe(90);
  });

  it('accepts a real scorm-again 1.2 commit with sub-collections', () => {
    const result = expectOk('1.2', SCORM_AGAIN_12);
    expect(result.state).toEqual({
      'cmi.comments': '',
      'cmi.core.exit': '',
      'cmi.core.lesson_location': 'p3',
      'cmi.core.lesson_status': 'not attempted',
      'cmi.core.score.max': '100',
      'cmi.interactions.0.correct_responses.0.pattern': 'a',
      'cmi.interactions.0.id': 'q1',
      'cmi.interactions.0.objectives.0.id': 'o1',
      'cmi.interactions.0.student_response': 'a',
      'cmi.interactions.0.type': 'choice',
      'cmi.objectives.0.id': 'o1',
      'cmi.objectives.0.score.max': '100',
      'cmi.objectives.0.score.raw': '50',
      'cmi.suspend_data': '',
    });
    expect(result.sessionSeconds).toBe(90);
  });

  it('accepts a real scorm-again 2004 commit with sub-collections and comments', () => {
    const result = expectOk('2004', SCORM_AGAIN_2004);
    expect(result.state).toEqual({
      'cmi.comments_from_learner.0.comment': 'hi',
      'cmi.completion_status': 'unknown',
      'cmi.exit': '',
      'cmi.interactions.0.correct_responses.0.pattern': 'a',
      'cmi.interactions.0.id': 'q1',
      'cmi.interactions.0.learner_response': 'a',
      'cmi.interactions.0.objectives.0.id': 'o1',
      'cmi.interactions.0.type': 'choice',
      'cmi.learner_preference.audio_captioning': '0',
      'cmi.learner_preference.audio_level': '1',
      'cmi.learner_preference.delivery_speed': '1',
      'cmi.location': 'p3',
      'cmi.objectives.0.completion_status': 'unknown',
      'cmi.objectives.0.id': 'o1',
      'cmi.objectives.0.score.scaled': '0.5',
      'cmi.objectives.0.success_status': 'unknown',
      'cmi.success_status': 'unknown',
      'cmi.suspend_data': '',
    });
    expect(result.sessionTime).toBe('PT1M30S');
  });

  it('returns the state with its keys sorted', () => {
    const keys = Object.keys(expectOk('2004', BRIEF_2004).state);
    expect(keys).toEqual([...keys].sort());
  });

  it('does not accept one model’s commit as the other’s', () => {
    const codes12 = expectErrors('2004', BRIEF_12).map((e) => e.code);
    expect(new Set(codes12)).toEqual(new Set([401]));
    const codes2004 = expectErrors('1.2', BRIEF_2004).map((e) => e.code);
    expect(new Set(codes2004)).toEqual(new Set([401]));
  });

  it('accepts an empty commit', () => {
    expect(validateCommit('1.2', {})).toEqual({
      ok: true,
      state: {},
      sessionTime: null,
      sessionSeconds: null,
    });
    expect(validateCommit('2004', {})).toEqual({
      ok: true,
      state: {},
      sessionTime: null,
      sessionSeconds: null,
    });
  });
});

describe('validateCommit: the shape of the input', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['an array', [['cmi.core.exit', 'suspend']]],
    ['a string', '{"cmi.core.exit":"suspend"}'],
    ['a number', 42],
    ['a boolean', true],
    ['a Date', new Date(0)],
    ['a Map', new Map([['cmi.core.exit', 'suspend']])],
    ['a class instance', new (class Commit {})()],
  ])('refuses %s as a whole (1.2: 201, 2004: 351)', (_label, input) => {
    expect(expectErrors('1.2', input)).toEqual([{ element: '', code: 201, message: expect.any(String) }]);
    expect(expectErrors('2004', input)).toEqual([{ element: '', code: 351, message: expect.any(String) }]);
  });

  it('accepts an object without a prototype', () => {
    const input = Object.assign(Object.create(null) as Record<string, unknown>, { 'cmi.location': 'p1' });
    expect(expectOk('2004', input).state).toEqual({ 'cmi.location': 'p1' });
  });

  it('accepts 10 000 keys and refuses 10 001', () => {
    const input: Record<string, string> = {};
    for (let i = 0; i < 10; i++) {
      input[`cmi.interactions.${i}.id`] = `q${i}`;
      for (let j = 0; j < 999; j++) input[`cmi.interactions.${i}.objectives.${j}.id`] = `o${j}`;
    }
    expect(Object.keys(input)).toHaveLength(10000);
    expect(Object.keys(expectOk('2004', input).state)).toHaveLength(10000);
    input['cmi.location'] = 'one too many';
    expect(expectErrors('2004', input)).toEqual([{ element: '', code: 351, message: expect.any(String) }]);
    expect(expectErrors('1.2', input)).toEqual([{ element: '', code: 201, message: expect.any(String) }]);
  });
});

describe('validateCommit: kinds of value', () => {
  it.each([
    ['a boolean', true],
    ['false', false],
    ['null', null],
    ['an array', ['a']],
    ['an empty array', []],
    ['a non-empty object', { 0: 'a' }],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('refuses %s (1.2: 405, 2004: 406)', (_label, value) => {
    expectOutcome('1.2', 'cmi.core.lesson_location', value, 405);
    expectOutcome('2004', 'cmi.location', value, 406);
  });

  it('coerces finite numbers to their string form', () => {
    expectOutcome('1.2', 'cmi.core.score.raw', 85, 'store');
    expectOutcome('1.2', 'cmi.core.score.raw', 99.5, 'store');
    expect(expectOk('1.2', { 'cmi.core.score.raw': -0 }).state).toEqual({ 'cmi.core.score.raw': '0' });
    expectOutcome('2004', 'cmi.suspend_data', 12.5, 'store');
    expectOutcome('2004', 'cmi.learner_preference.audio_captioning', 1, 'store');
  });

  it('refuses numbers whose string form uses an exponent', () => {
    expectOutcome('2004', 'cmi.score.raw', 1e21, 406);
    expectOutcome('2004', 'cmi.score.raw', 1e-7, 406);
  });

  it('ignores {} (the empty-collection marker) on collections, groups and elements', () => {
    const input = {
      'cmi.objectives': {},
      'cmi.interactions': {},
      'cmi.interactions.0.objectives': {},
      'cmi.interactions.0.correct_responses': {},
      'cmi.comments_from_learner': {},
      'cmi.comments_from_lms': {},
      'cmi.score': {},
      'cmi.location': {},
    };
    expect(expectOk('2004', input).state).toEqual({});
    expect(
      expectOk('1.2', { 'cmi.objectives': {}, 'cmi.core': {}, 'cmi.objectives.0.score': {} }).state,
    ).toEqual({});
  });

  it('refuses values other than {} on a collection or group path as unknown elements', () => {
    expect(expectErrors('1.2', { 'cmi.objectives': 'x' })).toEqual([
      { element: 'cmi.objectives', code: 401, message: expect.any(String) },
    ]);
    expect(expectErrors('2004', { 'cmi.interactions.0': { id: 'q1' } })).toEqual([
      { element: 'cmi.interactions.0', code: 401, message: expect.any(String) },
    ]);
  });

  it('refuses a value of more than 64 000 characters on any element', () => {
    expectOutcome('2004', 'cmi.suspend_data', x(64000), 'store');
    expectOutcome('2004', 'cmi.suspend_data', x(64001), 406);
    expectOutcome('1.2', 'cmi.suspend_data', x(64001), 405);
  });

  it('counts characters, not UTF-16 units', () => {
    expectOutcome('2004', 'cmi.suspend_data', '😀'.repeat(64000), 'store');
    expectOutcome('2004', 'cmi.suspend_data', '😀'.repeat(64001), 406);
    expectOutcome('1.2', 'cmi.core.lesson_location', '😀'.repeat(255), 'store');
    expectOutcome('1.2', 'cmi.core.lesson_location', '😀'.repeat(256), 405);
  });
});

describe('validateCommit: element names', () => {
  it.each([
    ['1.2', 'cmi.core.bogus'],
    ['1.2', 'cmi.learner_id'],
    ['1.2', 'cmi.location'],
    ['1.2', 'cmi.interactions.0.learner_response'],
    ['1.2', 'cmi.interactions.0.description'],
    ['1.2', 'cmi.objectives.0.score.scaled'],
    ['1.2', 'cmi.core.score'],
    ['2004', 'cmi.core.lesson_status'],
    ['2004', 'cmi.interactions.0.student_response'],
    ['2004', 'cmi.student_preference.audio'],
    ['2004', 'adl.nav.request'],
    ['2004', 'adl.data.0.store'],
    ['2004', 'cmi.Location'],
    ['2004', 'CMI.location'],
    ['2004', 'cmi.location '],
    ['2004', ' cmi.location'],
    ['2004', 'cmi..location'],
    ['2004', 'cmi.location.'],
    ['2004', ''],
    ['2004', 'cmi'],
    ['2004', '__proto__'],
    ['2004', 'constructor'],
    ['2004', 'cmi.interactions.n.id'], // the template placeholder is not an index
    ['2004', 'cmi.interactions.-1.id'],
    ['2004', 'cmi.interactions.1e2.id'],
    ['2004', 'cmi.interactions.0x1.id'],
    ['2004', 'cmi.interactions.id'],
    ['2004', 'cmi.interactions.0.0.id'],
    ['2004', 'cmi.score.0'],
    ['2004', 'cmi.bogus._count'],
    ['2004', `cmi.${'a'.repeat(300)}`],
  ] as const)('%s refuses %j as an unknown element (401)', (model, element) => {
    expect(expectErrors(model, { [element]: 'x' })).toEqual([
      { element, code: 401, message: expect.any(String) },
    ]);
  });

  it('refuses an own __proto__ key from JSON.parse without polluting anything', () => {
    const input: unknown = JSON.parse('{"__proto__":{"polluted":"yes"},"cmi.location":"p"}');
    expect(expectErrors('2004', input)).toEqual([
      { element: '__proto__', code: 401, message: expect.any(String) },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['cmi.interactions.01.id', false],
    ['cmi.interactions.00.id', false],
    ['cmi.interactions.1000.id', false],
    ['cmi.interactions.999.id', true],
    ['cmi.objectives.1000.id', false],
    ['cmi.objectives.999.id', true],
    ['cmi.interactions.0.correct_responses.1000.pattern', false],
    ['cmi.interactions.0.correct_responses.999.pattern', true],
    ['cmi.interactions.0.objectives.1000.id', false],
    ['cmi.interactions.0.objectives.007.id', false],
    ['cmi.interactions.99999999999999999999.id', false],
  ])('checks the index of %s (valid: %s; 1.2: 201, 2004: 351)', (element, valid) => {
    for (const [model, code] of [
      ['1.2', 201],
      ['2004', 351],
    ] as const) {
      const result = validateCommit(model, single(element, 'v1'));
      if (valid) expect(result).toMatchObject({ ok: true, state: { [element]: 'v1' } });
      else expect(result).toMatchObject({ ok: false, errors: [{ element, code }] });
    }
  });

  it('accepts the 2004 comments_from_learner index up to 999', () => {
    expectOutcome('2004', 'cmi.comments_from_learner.999.comment', 'c', 'store');
    expectOutcome('2004', 'cmi.comments_from_learner.1000.comment', 'c', 351);
  });

  it.each([
    ['1.2', 'cmi._children'],
    ['1.2', 'cmi._version'],
    ['1.2', 'cmi.core._children'],
    ['1.2', 'cmi.core.score._children'],
    ['1.2', 'cmi.objectives._count'],
    ['1.2', 'cmi.objectives._children'],
    ['1.2', 'cmi.objectives.3.score._children'],
    ['1.2', 'cmi.student_data._children'],
    ['1.2', 'cmi.student_preference._children'],
    ['1.2', 'cmi.interactions._count'],
    ['1.2', 'cmi.interactions._children'],
    ['1.2', 'cmi.interactions.0.objectives._count'],
    ['1.2', 'cmi.interactions.0.correct_responses._count'],
    ['2004', 'cmi._version'],
    ['2004', 'cmi.comments_from_learner._count'],
    ['2004', 'cmi.comments_from_learner._children'],
    ['2004', 'cmi.comments_from_lms._count'],
    ['2004', 'cmi.interactions._count'],
    ['2004', 'cmi.interactions.5.objectives._count'],
    ['2004', 'cmi.interactions.5.correct_responses._count'],
    ['2004', 'cmi.learner_preference._children'],
    ['2004', 'cmi.objectives._count'],
    ['2004', 'cmi.objectives.0.score._children'],
    ['2004', 'cmi.score._children'],
  ] as const)('%s silently drops the keyword %s', (model, element) => {
    for (const value of ['3', 3, true, null, { a: 1 }]) {
      expect(validateCommit(model, { [element]: value })).toEqual({
        ok: true,
        state: {},
        sessionTime: null,
        sessionSeconds: null,
      });
    }
  });
});

describe('validateCommit: LMS-owned elements', () => {
  const RO_12 = [
    'cmi.core.student_id',
    'cmi.core.student_name',
    'cmi.core.credit',
    'cmi.core.entry',
    'cmi.core.total_time',
    'cmi.core.lesson_mode',
    'cmi.launch_data',
    'cmi.comments_from_lms',
    'cmi.student_data.mastery_score',
    'cmi.student_data.max_time_allowed',
    'cmi.student_data.time_limit_action',
  ];
  const RO_2004 = [
    'cmi.learner_id',
    'cmi.learner_name',
    'cmi.credit',
    'cmi.entry',
    'cmi.launch_data',
    'cmi.mode',
    'cmi.max_time_allowed',
    'cmi.scaled_passing_score',
    'cmi.time_limit_action',
    'cmi.total_time',
    'cmi.completion_threshold',
    'cmi.comments_from_lms.0.comment',
    'cmi.comments_from_lms.0.location',
    'cmi.comments_from_lms.0.timestamp',
    'cmi.comments_from_lms.12345.comment',
  ];
  const GARBAGE: unknown[] = ['', 'anything at all', 42, true, null, [1], { nested: { deep: 1 } }, x(70000)];

  it.each(RO_12)('1.2 drops %s whatever its value, without error', (element) => {
    for (const value of GARBAGE) {
      expect(validateCommit('1.2', { [element]: value, 'cmi.core.lesson_location': 'p' })).toEqual({
        ok: true,
        state: { 'cmi.core.lesson_location': 'p' },
        sessionTime: null,
        sessionSeconds: null,
      });
    }
  });

  it.each(RO_2004)('2004 drops %s whatever its value, without error', (element) => {
    for (const value of GARBAGE) {
      expect(validateCommit('2004', { [element]: value, 'cmi.location': 'p' })).toEqual({
        ok: true,
        state: { 'cmi.location': 'p' },
        sessionTime: null,
        sessionSeconds: null,
      });
    }
  });
});

describe('validateCommit: session time', () => {
  it('returns a valid session time beside the state, not in it', () => {
    const r12 = expectOk('1.2', { 'cmi.core.session_time': '0001:02:03.5' });
    expect(r12).toEqual({ ok: true, state: {}, sessionTime: '0001:02:03.5', sessionSeconds: 3723.5 });
    const r2004 = expectOk('2004', { 'cmi.session_time': 'P1DT1H', 'cmi.location': 'a' });
    expect(r2004).toEqual({
      ok: true,
      state: { 'cmi.location': 'a' },
      sessionTime: 'P1DT1H',
      sessionSeconds: 90000,
    });
  });

  it('treats an empty or absent session time as none', () => {
    expect(expectOk('1.2', { 'cmi.core.session_time': '' })).toMatchObject({
      sessionTime: null,
      sessionSeconds: null,
    });
    expect(expectOk('2004', { 'cmi.session_time': '' })).toMatchObject({
      sessionTime: null,
      sessionSeconds: null,
    });
    expect(expectOk('2004', { 'cmi.location': 'a' })).toMatchObject({
      sessionTime: null,
      sessionSeconds: null,
    });
  });

  it('accepts a zero session time', () => {
    expect(expectOk('2004', { 'cmi.session_time': 'PT0S' })).toMatchObject({
      sessionTime: 'PT0S',
      sessionSeconds: 0,
    });
  });

  it.each([
    ['1.2', 'cmi.core.session_time', 'PT1M30S', 405],
    ['1.2', 'cmi.core.session_time', '1:30', 405],
    ['1.2', 'cmi.core.session_time', '00:01:60', 405],
    ['2004', 'cmi.session_time', '00:01:30', 406],
    ['2004', 'cmi.session_time', 'PT', 406],
    ['2004', 'cmi.session_time', 'P', 406],
    ['2004', 'cmi.session_time', '-PT1S', 406],
    ['2004', 'cmi.session_time', true, 406],
  ] as const)('%s refuses %s = %j', (model, element, value, code) => {
    expect(expectErrors(model, { [element]: value })).toEqual([
      { element, code, message: expect.any(String) },
    ]);
  });
});

describe('validateCommit: empty strings', () => {
  it.each([
    ['1.2', 'cmi.core.exit'],
    ['1.2', 'cmi.core.lesson_location'],
    ['1.2', 'cmi.suspend_data'],
    ['1.2', 'cmi.comments'],
    ['2004', 'cmi.exit'],
    ['2004', 'cmi.location'],
    ['2004', 'cmi.suspend_data'],
  ] as const)('%s stores "" for %s, where it means something', (model, element) => {
    expect(expectOk(model, { [element]: '' }).state).toEqual({ [element]: '' });
  });

  it.each([
    ['1.2', 'cmi.core.score.raw'],
    ['1.2', 'cmi.core.score.min'],
    ['1.2', 'cmi.core.score.max'],
    ['1.2', 'cmi.objectives.0.id'],
    ['1.2', 'cmi.objectives.0.status'],
    ['1.2', 'cmi.objectives.0.score.raw'],
    ['1.2', 'cmi.student_preference.audio'],
    ['1.2', 'cmi.student_preference.language'],
    ['1.2', 'cmi.student_preference.speed'],
    ['1.2', 'cmi.student_preference.text'],
    ['1.2', 'cmi.interactions.0.id'],
    ['1.2', 'cmi.interactions.0.time'],
    ['1.2', 'cmi.interactions.0.type'],
    ['1.2', 'cmi.interactions.0.weighting'],
    ['1.2', 'cmi.interactions.0.student_response'],
    ['1.2', 'cmi.interactions.0.result'],
    ['1.2', 'cmi.interactions.0.latency'],
    ['1.2', 'cmi.interactions.0.objectives.0.id'],
    ['1.2', 'cmi.interactions.0.correct_responses.0.pattern'],
    ['2004', 'cmi.score.scaled'],
    ['2004', 'cmi.score.raw'],
    ['2004', 'cmi.progress_measure'],
    ['2004', 'cmi.learner_preference.language'],
    ['2004', 'cmi.comments_from_learner.0.comment'],
    ['2004', 'cmi.comments_from_learner.0.location'],
    ['2004', 'cmi.comments_from_learner.0.timestamp'],
    ['2004', 'cmi.interactions.0.id'],
    ['2004', 'cmi.interactions.0.type'],
    ['2004', 'cmi.interactions.0.timestamp'],
    ['2004', 'cmi.interactions.0.weighting'],
    ['2004', 'cmi.interactions.0.learner_response'],
    ['2004', 'cmi.interactions.0.result'],
    ['2004', 'cmi.interactions.0.latency'],
    ['2004', 'cmi.interactions.0.description'],
    ['2004', 'cmi.objectives.0.id'],
    ['2004', 'cmi.objectives.0.score.scaled'],
    ['2004', 'cmi.objectives.0.progress_measure'],
    ['2004', 'cmi.objectives.0.description'],
  ] as const)('%s accepts "" for %s as unset and does not store it', (model, element) => {
    expect(expectOk(model, { [element]: '' }).state).toEqual({});
  });

  it.each([
    ['1.2', 'cmi.core.lesson_status', 405],
    ['2004', 'cmi.completion_status', 406],
    ['2004', 'cmi.success_status', 406],
    ['2004', 'cmi.objectives.0.success_status', 406],
    ['2004', 'cmi.objectives.0.completion_status', 406],
    ['2004', 'cmi.learner_preference.audio_level', 406],
    ['2004', 'cmi.learner_preference.delivery_speed', 406],
    ['2004', 'cmi.learner_preference.audio_captioning', 406],
  ] as const)('%s refuses "" for %s (never empty)', (model, element, code) => {
    expectOutcome(model, element, '', code);
  });
});

describe('validateCommit: SCORM 1.2 values', () => {
  const cases: Array<[string, unknown, Outcome]> = [
    // lesson_status
    ...['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted'].map(
      (v): [string, unknown, Outcome] => ['cmi.core.lesson_status', v, 'store'],
    ),
    ['cmi.core.lesson_status', 'Passed', 405],
    ['cmi.core.lesson_status', 'not_attempted', 405],
    ['cmi.core.lesson_status', 'unknown', 405],
    ['cmi.core.lesson_status', ' passed', 405],
    // exit
    ['cmi.core.exit', 'time-out', 'store'],
    ['cmi.core.exit', 'suspend', 'store'],
    ['cmi.core.exit', 'logout', 'store'],
    ['cmi.core.exit', 'normal', 405],
    ['cmi.core.exit', 'timeout', 405],
    // scores 0..100
    ['cmi.core.score.raw', '0', 'store'],
    ['cmi.core.score.raw', '100', 'store'],
    ['cmi.core.score.raw', '85.25', 'store'],
    ['cmi.core.score.min', '0.0', 'store'],
    ['cmi.core.score.max', '100', 'store'],
    ['cmi.core.score.raw', '100.01', 405],
    ['cmi.core.score.raw', '-1', 405],
    ['cmi.core.score.raw', '.5', 405],
    ['cmi.core.score.raw', '5.', 405],
    ['cmi.core.score.raw', '+5', 405],
    ['cmi.core.score.raw', '1e1', 405],
    ['cmi.core.score.raw', ' 5', 405],
    ['cmi.core.score.raw', '5 ', 405],
    ['cmi.core.score.raw', 'NaN', 405],
    ['cmi.core.score.raw', 'Infinity', 405],
    ['cmi.core.score.raw', '0x10', 405],
    ['cmi.core.score.raw', 'ten', 405],
    ['cmi.objectives.0.score.raw', '50', 'store'],
    ['cmi.objectives.0.score.max', '101', 405],
    ['cmi.objectives.0.score.min', '-0.5', 405],
    // objective status
    ['cmi.objectives.0.status', 'not attempted', 'store'],
    ['cmi.objectives.0.status', 'browsed', 'store'],
    ['cmi.objectives.0.status', 'unknown', 405],
    // lengths
    ['cmi.core.lesson_location', x(255), 'store'],
    ['cmi.core.lesson_location', x(256), 405],
    ['cmi.suspend_data', x(64000), 'store'],
    ['cmi.comments', x(4096), 'store'],
    ['cmi.comments', x(4097), 405],
    // Longer than the spec's 255, as authoring tools send and scorm-again accepts; capped at 4096.
    ['cmi.interactions.0.student_response', x(4096), 'store'],
    ['cmi.interactions.0.student_response', x(4097), 405],
    ['cmi.interactions.0.correct_responses.0.pattern', x(4096), 'store'],
    ['cmi.interactions.0.correct_responses.0.pattern', x(4097), 405],
    ['cmi.interactions.0.student_response', 'a,b c\n', 'store'],
    // identifiers
    ['cmi.interactions.0.id', 'Q_1-a.b:c', 'store'],
    ['cmi.interactions.0.id', x(255), 'store'],
    ['cmi.interactions.0.id', x(256), 405],
    ['cmi.interactions.0.id', 'has space', 'store'],
    ['cmi.interactions.0.id', '   ', 405],
    ['cmi.interactions.0.id', 'tab\there', 405],
    ['cmi.interactions.0.id', 'newline\n', 405],
    ['cmi.objectives.0.id', 'obj 1', 'store'],
    ['cmi.interactions.0.objectives.0.id', 'o1', 'store'],
    ['cmi.interactions.0.objectives.0.id', 'o 1', 'store'],
    // interaction type
    ...['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric'].map(
      (v): [string, unknown, Outcome] => ['cmi.interactions.0.type', v, 'store'],
    ),
    ['cmi.interactions.0.type', 'long-fill-in', 405],
    ['cmi.interactions.0.type', 'other', 405],
    // result
    ...['correct', 'wrong', 'unanticipated', 'neutral', '0', '0.5', '-3', '100.25'].map(
      (v): [string, unknown, Outcome] => ['cmi.interactions.0.result', v, 'store'],
    ),
    ['cmi.interactions.0.result', 'incorrect', 405],
    ['cmi.interactions.0.result', '.5', 405],
    ['cmi.interactions.0.result', 'Correct', 405],
    // weighting
    ['cmi.interactions.0.weighting', '1', 'store'],
    ['cmi.interactions.0.weighting', '-2.5', 'store'],
    ['cmi.interactions.0.weighting', '1000000', 'store'],
    ['cmi.interactions.0.weighting', 'heavy', 405],
    // latency and time
    ['cmi.interactions.0.latency', '00:00:05.5', 'store'],
    ['cmi.interactions.0.latency', 'PT5S', 405],
    ['cmi.interactions.0.time', '09:30:00', 'store'],
    ['cmi.interactions.0.time', '23:59:59.99', 'store'],
    ['cmi.interactions.0.time', '24:00:00', 405],
    ['cmi.interactions.0.time', '2024-05-01T09:30:00', 405],
    // student preferences
    ['cmi.student_preference.audio', '-1', 'store'],
    ['cmi.student_preference.audio', '0', 'store'],
    ['cmi.student_preference.audio', '100', 'store'],
    ['cmi.student_preference.audio', '101', 405],
    ['cmi.student_preference.audio', '-2', 405],
    ['cmi.student_preference.audio', '50.5', 405],
    ['cmi.student_preference.speed', '-100', 'store'],
    ['cmi.student_preference.speed', '100', 'store'],
    ['cmi.student_preference.speed', '101', 405],
    ['cmi.student_preference.speed', '-101', 405],
    ['cmi.student_preference.text', '-1', 'store'],
    ['cmi.student_preference.text', '0', 'store'],
    ['cmi.student_preference.text', '1', 'store'],
    ['cmi.student_preference.text', '2', 405],
    ['cmi.student_preference.language', 'English (UK)', 'store'],
    ['cmi.student_preference.language', x(255), 'store'],
    ['cmi.student_preference.language', x(256), 405],
  ];

  it.each(cases)('%s = %j → %s', (element, value, outcome) => {
    expectOutcome('1.2', element, value, outcome);
  });
});

describe('validateCommit: SCORM 2004 values', () => {
  const cases: Array<[string, unknown, Outcome]> = [
    // statuses
    ...['completed', 'incomplete', 'not attempted', 'unknown'].map((v): [string, unknown, Outcome] => [
      'cmi.completion_status',
      v,
      'store',
    ]),
    ['cmi.completion_status', 'passed', 406],
    ['cmi.completion_status', 'browsed', 406],
    ...['passed', 'failed', 'unknown'].map((v): [string, unknown, Outcome] => [
      'cmi.success_status',
      v,
      'store',
    ]),
    ['cmi.success_status', 'completed', 406],
    ['cmi.objectives.0.success_status', 'passed', 'store'],
    ['cmi.objectives.0.success_status', 'incomplete', 406],
    ['cmi.objectives.0.completion_status', 'incomplete', 'store'],
    ['cmi.objectives.0.completion_status', 'failed', 406],
    // exit
    ...['time-out', 'suspend', 'logout', 'normal'].map((v): [string, unknown, Outcome] => [
      'cmi.exit',
      v,
      'store',
    ]),
    ['cmi.exit', 'timeout', 406],
    ['cmi.exit', 'Suspend', 406],
    // scores
    ['cmi.score.scaled', '-1', 'store'],
    ['cmi.score.scaled', '1', 'store'],
    ['cmi.score.scaled', '0.875', 'store'],
    ['cmi.score.scaled', '1.0001', 407],
    ['cmi.score.scaled', '-1.5', 407],
    ['cmi.score.scaled', '1e-1', 406],
    ['cmi.score.scaled', 'high', 406],
    ['cmi.score.raw', '-1000.5', 'store'],
    ['cmi.score.raw', '123456789', 'store'],
    ['cmi.score.min', '0', 'store'],
    ['cmi.score.max', '250', 'store'],
    ['cmi.score.raw', '.5', 406],
    ['cmi.score.raw', '5.', 406],
    ['cmi.score.raw', '--5', 406],
    ['cmi.objectives.0.score.scaled', '-0.25', 'store'],
    ['cmi.objectives.0.score.scaled', '2', 407],
    ['cmi.objectives.0.score.raw', '-7', 'store'],
    ['cmi.objectives.0.score.max', 'x', 406],
    // progress
    ['cmi.progress_measure', '0', 'store'],
    ['cmi.progress_measure', '1', 'store'],
    ['cmi.progress_measure', '0.5', 'store'],
    ['cmi.progress_measure', '1.0001', 407],
    ['cmi.progress_measure', '-0.1', 407],
    ['cmi.objectives.0.progress_measure', '0.3', 'store'],
    ['cmi.objectives.0.progress_measure', '3', 407],
    // lengths
    ['cmi.location', x(1000), 'store'],
    ['cmi.location', x(1001), 406],
    ['cmi.suspend_data', x(64000), 'store'],
    ['cmi.interactions.0.learner_response', x(4000), 'store'],
    ['cmi.interactions.0.learner_response', x(4001), 406],
    ['cmi.interactions.0.correct_responses.0.pattern', x(4000), 'store'],
    ['cmi.interactions.0.correct_responses.0.pattern', x(4001), 406],
    ['cmi.interactions.0.description', x(250), 'store'],
    ['cmi.interactions.0.description', `{lang=en-GB}${x(250)}`, 'store'],
    ['cmi.interactions.0.description', x(251), 406],
    ['cmi.interactions.0.description', `{lang=en}${x(251)}`, 406],
    ['cmi.objectives.0.description', x(250), 'store'],
    ['cmi.objectives.0.description', x(251), 406],
    ['cmi.comments_from_learner.0.comment', x(4000), 'store'],
    ['cmi.comments_from_learner.0.comment', `{lang=fr}${x(4000)}`, 'store'],
    ['cmi.comments_from_learner.0.comment', x(4001), 406],
    ['cmi.comments_from_learner.0.location', x(250), 'store'],
    ['cmi.comments_from_learner.0.location', x(251), 406],
    // identifiers
    ['cmi.interactions.0.id', 'urn:example:q1', 'store'],
    ['cmi.interactions.0.id', x(4000), 'store'],
    ['cmi.interactions.0.id', x(4001), 406],
    ['cmi.interactions.0.id', 'has space', 'store'],
    ['cmi.interactions.0.id', '\u00a0nbsp', 'store'],
    ['cmi.interactions.0.id', 'bell\u0007', 406],
    ['cmi.objectives.0.id', 'obj-1', 'store'],
    ['cmi.objectives.0.id', 'obj 1', 'store'],
    ['cmi.interactions.0.objectives.0.id', 'o1', 'store'],
    ['cmi.interactions.0.objectives.0.id', 'o 1', 'store'],
    // interaction type
    ...[
      'true-false',
      'choice',
      'fill-in',
      'long-fill-in',
      'matching',
      'performance',
      'sequencing',
      'likert',
      'numeric',
      'other',
    ].map((v): [string, unknown, Outcome] => ['cmi.interactions.0.type', v, 'store']),
    ['cmi.interactions.0.type', 'essay', 406],
    // result
    ...['correct', 'incorrect', 'unanticipated', 'neutral', '0', '-1.5', '42'].map(
      (v): [string, unknown, Outcome] => ['cmi.interactions.0.result', v, 'store'],
    ),
    ['cmi.interactions.0.result', 'wrong', 406],
    ['cmi.interactions.0.result', '1e3', 406],
    // weighting, latency, timestamps
    ['cmi.interactions.0.weighting', '-3.25', 'store'],
    ['cmi.interactions.0.weighting', '1,5', 406],
    ['cmi.interactions.0.latency', 'PT5.25S', 'store'],
    ['cmi.interactions.0.latency', '00:00:05', 406],
    ['cmi.interactions.0.timestamp', '2024-05-01T09:30:00.5Z', 'store'],
    ['cmi.interactions.0.timestamp', '2024-05-01', 'store'],
    ['cmi.interactions.0.timestamp', '2024-02-30T09:30:00', 406],
    ['cmi.interactions.0.timestamp', '09:30:00', 406],
    ['cmi.comments_from_learner.0.timestamp', '2024-05-01T09:30:00', 'store'],
    ['cmi.comments_from_learner.0.timestamp', 'now', 406],
    // learner preferences
    ['cmi.learner_preference.audio_level', '0', 'store'],
    ['cmi.learner_preference.audio_level', '2.5', 'store'],
    ['cmi.learner_preference.audio_level', '-0.1', 407],
    ['cmi.learner_preference.audio_level', 'loud', 406],
    ['cmi.learner_preference.delivery_speed', '0.5', 'store'],
    ['cmi.learner_preference.delivery_speed', '-1', 407],
    ['cmi.learner_preference.audio_captioning', '-1', 'store'],
    ['cmi.learner_preference.audio_captioning', '0', 'store'],
    ['cmi.learner_preference.audio_captioning', '1', 'store'],
    ['cmi.learner_preference.audio_captioning', '2', 407],
    ['cmi.learner_preference.audio_captioning', '0.5', 406],
    ['cmi.learner_preference.language', 'en', 'store'],
    ['cmi.learner_preference.language', 'en-GB', 'store'],
    ['cmi.learner_preference.language', 'zh-Hant-TW', 'store'],
    ['cmi.learner_preference.language', 'english language', 406],
    ['cmi.learner_preference.language', 'en_GB', 406],
    ['cmi.learner_preference.language', 'en-', 406],
    ['cmi.learner_preference.language', `en-${'a'.repeat(9)}`, 406],
  ];

  it.each(cases)('%s = %j → %s', (element, value, outcome) => {
    expectOutcome('2004', element, value, outcome);
  });

  it('allows 7 800 characters of response and pattern for a long-fill-in interaction', () => {
    const base = { 'cmi.interactions.0.id': 'essay', 'cmi.interactions.0.type': 'long-fill-in' };
    expectOk('2004', {
      ...base,
      'cmi.interactions.0.learner_response': x(7800),
      'cmi.interactions.0.correct_responses.0.pattern': x(7800),
    });
    const errors = expectErrors('2004', {
      ...base,
      'cmi.interactions.0.learner_response': x(7801),
      'cmi.interactions.0.correct_responses.0.pattern': x(7801),
    });
    expect(errors.map((e) => [e.element, e.code])).toEqual([
      ['cmi.interactions.0.correct_responses.0.pattern', 406],
      ['cmi.interactions.0.learner_response', 406],
    ]);
    // The allowance belongs to the long-fill-in interaction only.
    expect(
      expectErrors('2004', {
        ...base,
        'cmi.interactions.1.id': 'short',
        'cmi.interactions.1.type': 'fill-in',
        'cmi.interactions.1.learner_response': x(4001),
      }).map((e) => e.element),
    ).toEqual(['cmi.interactions.1.learner_response']);
  });
});

describe('validateCommit: the id rule', () => {
  it.each([
    ['1.2', { 'cmi.interactions.0.type': 'choice' }, 'cmi.interactions.0.id', 201],
    [
      '1.2',
      { 'cmi.interactions.0.id': '', 'cmi.interactions.0.result': 'correct' },
      'cmi.interactions.0.id',
      201,
    ],
    ['1.2', { 'cmi.objectives.2.status': 'passed' }, 'cmi.objectives.2.id', 201],
    ['1.2', { 'cmi.interactions.4.objectives.0.id': 'o1' }, 'cmi.interactions.4.id', 201],
    ['2004', { 'cmi.interactions.0.learner_response': 'a' }, 'cmi.interactions.0.id', 408],
    ['2004', { 'cmi.objectives.1.score.scaled': '0.5' }, 'cmi.objectives.1.id', 408],
    ['2004', { 'cmi.interactions.3.correct_responses.0.pattern': 'a' }, 'cmi.interactions.3.id', 408],
    [
      '2004',
      { 'cmi.objectives.0.id': '', 'cmi.objectives.0.success_status': 'passed' },
      'cmi.objectives.0.id',
      408,
    ],
  ] as const)('%s: %j needs an id (error on %s, code %d)', (model, input, element, code) => {
    expect(expectErrors(model, input)).toEqual([{ element, code, message: expect.any(String) }]);
  });

  it('is satisfied by the id sent in the same commit, whatever the key order', () => {
    expectOk('2004', { 'cmi.interactions.0.type': 'choice', 'cmi.interactions.0.id': 'q1' });
    expectOk('1.2', { 'cmi.objectives.0.status': 'passed', 'cmi.objectives.0.id': 'o1' });
  });

  it('reports an invalid id once, not also as missing', () => {
    expect(
      expectErrors('2004', { 'cmi.interactions.0.id': 'bad\u0000id', 'cmi.interactions.0.type': 'choice' }),
    ).toEqual([{ element: 'cmi.interactions.0.id', code: 406, message: expect.any(String) }]);
  });

  it('does not apply to items that only have unset fields', () => {
    expect(
      expectOk('1.2', {
        'cmi.objectives.0.id': '',
        'cmi.objectives.0.status': '',
        'cmi.objectives.0.score.raw': '',
      }).state,
    ).toEqual({});
  });

  it('does not apply to learner comments, which have no id', () => {
    expectOk('2004', { 'cmi.comments_from_learner.0.comment': 'hello' });
  });

  it('is checked per item', () => {
    const errors = expectErrors('2004', {
      'cmi.interactions.0.id': 'q0',
      'cmi.interactions.0.type': 'choice',
      'cmi.interactions.1.type': 'choice',
    });
    expect(errors.map((e) => e.element)).toEqual(['cmi.interactions.1.id']);
  });
});

describe('validateCommit: error reporting', () => {
  it('reports at most 20 errors, the first by element name', () => {
    const input: Record<string, string> = {};
    for (let i = 0; i < 30; i++) input[`cmi.bogus${String(i).padStart(2, '0')}`] = 'x';
    const errors = expectErrors('2004', input);
    expect(errors).toHaveLength(20);
    expect(errors.map((e) => e.element)).toEqual(
      Array.from({ length: 20 }, (_, i) => `cmi.bogus${String(i).padStart(2, '0')}`),
    );
  });

  it('sorts errors by element and stores nothing of a failed commit', () => {
    const result = validateCommit('1.2', {
      'cmi.suspend_data': 'valid',
      'cmi.core.lesson_status': 'done',
      'cmi.comments': true,
      'cmi.core.exit': 'bye',
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { element: 'cmi.comments', code: 405, message: expect.any(String) },
        { element: 'cmi.core.exit', code: 405, message: expect.any(String) },
        { element: 'cmi.core.lesson_status', code: 405, message: expect.any(String) },
      ],
    });
  });
});

describe('mergeState', () => {
  it('lets incoming values win, keeps stored keys absent from incoming and sorts the keys', () => {
    const stored: CmiState = { 'cmi.suspend_data': 'old', 'cmi.location': 'p1', 'cmi.score.raw': '50' };
    const incoming: CmiState = { 'cmi.location': 'p2', 'cmi.exit': 'suspend' };
    const merged = mergeState(stored, incoming);
    expect(merged).toEqual({
      'cmi.exit': 'suspend',
      'cmi.location': 'p2',
      'cmi.score.raw': '50',
      'cmi.suspend_data': 'old',
    });
    expect(Object.keys(merged)).toEqual(['cmi.exit', 'cmi.location', 'cmi.score.raw', 'cmi.suspend_data']);
  });

  it('returns a new object and leaves its arguments alone', () => {
    const stored: CmiState = { 'cmi.location': 'p1' };
    const incoming: CmiState = { 'cmi.location': 'p2' };
    const merged = mergeState(stored, incoming);
    expect(merged).not.toBe(stored);
    expect(merged).not.toBe(incoming);
    expect(stored).toEqual({ 'cmi.location': 'p1' });
    expect(incoming).toEqual({ 'cmi.location': 'p2' });
  });

  it('keeps "" from incoming (a meaningful value there)', () => {
    expect(mergeState({ 'cmi.exit': 'suspend' }, { 'cmi.exit': '' })).toEqual({ 'cmi.exit': '' });
  });

  it('handles empty states', () => {
    expect(mergeState({}, {})).toEqual({});
    expect(mergeState({ b: '2', a: '1' }, {})).toEqual({ a: '1', b: '2' });
  });

  it('merges a commit of new interactions over a stored state', () => {
    const first = expectOk('2004', BRIEF_2004).state;
    const second = expectOk('2004', {
      ...BRIEF_2004,
      'cmi.location': 'p4',
      'cmi.interactions.1.id': 'q2',
      'cmi.interactions.1.type': 'numeric',
      'cmi.interactions.1.result': '3',
    }).state;
    const merged = mergeState(first, second);
    expect(merged['cmi.location']).toBe('p4');
    expect(merged['cmi.interactions.0.id']).toBe('q1');
    expect(merged['cmi.interactions.1.result']).toBe('3');
    expect(validateCommit('2004', merged)).toEqual({
      ok: true,
      state: merged,
      sessionTime: null,
      sessionSeconds: null,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Property-based tests
// ---------------------------------------------------------------------------------------------

/**
 * An independent statement of what the server may store, written from the SCORM specs and the
 * brief (not from data-model.ts): learner-writable element templates with a generator of valid,
 * non-empty values, and which of them store "".
 */
interface WritableSpec {
  gen: fc.Arbitrary<string>;
  /** "" is stored (true), dropped as unset (false) or refused (undefined). */
  emptyStored?: boolean;
}

/** Plain decimals in [min, max] (integer bounds) with 0 to 3 decimals. */
const decimal = (min: number, max: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: min * 1000, max: max * 1000 }), fc.integer({ min: 0, max: 3 }))
    .map(([thousandths, decimals]) => (thousandths / 1000).toFixed(decimals));
const anyReal = decimal(-1_000_000, 1_000_000);
const wholeIn = (min: number, max: number): fc.Arbitrary<string> => fc.integer({ min, max }).map(String);
const textUpTo = (max: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.string({ minLength: 1, maxLength: Math.min(max, 30), unit: 'binary' }) },
    { weight: 1, arbitrary: fc.constant('é'.repeat(max)) },
  );
const localizedUpTo = (max: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom('', '{lang=en}', '{lang=fr-CA}'), textUpTo(max))
    .map(([lang, body]) => (lang === '' && body.startsWith('{lang=') ? body.slice(1) : lang + body));
const identifier = (max: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z0-9_:.\-/#]{1,20}$/) },
    { weight: 1, arbitrary: fc.constant('i'.repeat(max)) },
  );
const two = (max: number): fc.Arbitrary<string> =>
  fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
const centis: fc.Arbitrary<string> = fc.constantFrom('', '.5', '.05', '.99');
const timespan12 = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), two(59), two(59), centis)
  .map(([h, m, s, c]) => `${String(h).padStart(2, '0')}:${m}:${s}${c}`);
const timespan2004 = fc
  .record(
    {
      Y: fc.nat(3),
      M: fc.nat(11),
      D: fc.nat(30),
      H: fc.nat(99),
      Mi: fc.nat(59),
      S: fc.tuple(fc.nat(59), centis).map(([s, c]) => `${s}${c}`),
    },
    { requiredKeys: [] },
  )
  .filter((r) => Object.keys(r).length > 0)
  .map((r) => {
    const date = `${r.Y !== undefined ? `${r.Y}Y` : ''}${r.M !== undefined ? `${r.M}M` : ''}${r.D !== undefined ? `${r.D}D` : ''}`;
    const time = `${r.H !== undefined ? `${r.H}H` : ''}${r.Mi !== undefined ? `${r.Mi}M` : ''}${r.S !== undefined ? `${r.S}S` : ''}`;
    return `P${date}${time ? `T${time}` : ''}`;
  });
const time12 = fc.tuple(two(23), two(59), two(59), centis).map(([h, m, s, c]) => `${h}:${m}:${s}${c}`);
const timestamp2004 = fc
  .tuple(
    fc.integer({ min: 1970, max: 2038 }),
    fc.integer({ min: 1, max: 12 }).map((n) => String(n).padStart(2, '0')),
    fc.integer({ min: 1, max: 28 }).map((n) => String(n).padStart(2, '0')),
    two(23),
    two(59),
    two(59),
    fc.constantFrom('', '.5', '.123'),
    fc.constantFrom('', 'Z', '+05:30', '-03'),
    fc.integer({ min: 1, max: 7 }),
  )
  .map(([y, mo, d, h, mi, s, frac, tz, parts]) =>
    [`${y}`, `-${mo}`, `-${d}`, `T${h}`, `:${mi}`, `:${s}`, `${frac}${tz}`].slice(0, parts).join(''),
  );

const STATUS_12 = ['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted'];
const score12 = decimal(0, 100);

const WRITABLE: Record<CmiModel, Record<string, WritableSpec>> = {
  '1.2': {
    'cmi.core.lesson_location': { gen: textUpTo(255), emptyStored: true },
    'cmi.core.lesson_status': { gen: fc.constantFrom(...STATUS_12) },
    'cmi.core.score.raw': { gen: score12, emptyStored: false },
    'cmi.core.score.min': { gen: score12, emptyStored: false },
    'cmi.core.score.max': { gen: score12, emptyStored: false },
    'cmi.core.exit': { gen: fc.constantFrom('time-out', 'suspend', 'logout'), emptyStored: true },
    'cmi.suspend_data': { gen: textUpTo(64000), emptyStored: true },
    'cmi.comments': { gen: textUpTo(4096), emptyStored: true },
    'cmi.objectives.n.id': { gen: identifier(255), emptyStored: false },
    'cmi.objectives.n.score.raw': { gen: score12, emptyStored: false },
    'cmi.objectives.n.score.min': { gen: score12, emptyStored: false },
    'cmi.objectives.n.score.max': { gen: score12, emptyStored: false },
    'cmi.objectives.n.status': { gen: fc.constantFrom(...STATUS_12), emptyStored: false },
    'cmi.student_preference.audio': { gen: wholeIn(-1, 100), emptyStored: false },
    'cmi.student_preference.language': { gen: textUpTo(255), emptyStored: false },
    'cmi.student_preference.speed': { gen: wholeIn(-100, 100), emptyStored: false },
    'cmi.student_preference.text': { gen: wholeIn(-1, 1), emptyStored: false },
    'cmi.interactions.n.id': { gen: identifier(255), emptyStored: false },
    'cmi.interactions.n.objectives.n.id': { gen: identifier(255), emptyStored: false },
    'cmi.interactions.n.time': { gen: time12, emptyStored: false },
    'cmi.interactions.n.type': {
      gen: fc.constantFrom(
        'true-false',
        'choice',
        'fill-in',
        'matching',
        'performance',
        'sequencing',
        'likert',
        'numeric',
      ),
      emptyStored: false,
    },
    'cmi.interactions.n.correct_responses.n.pattern': { gen: textUpTo(255), emptyStored: false },
    'cmi.interactions.n.weighting': { gen: anyReal, emptyStored: false },
    'cmi.interactions.n.student_response': { gen: textUpTo(255), emptyStored: false },
    'cmi.interactions.n.result': {
      gen: fc.oneof(fc.constantFrom('correct', 'wrong', 'unanticipated', 'neutral'), anyReal),
      emptyStored: false,
    },
    'cmi.interactions.n.latency': { gen: timespan12, emptyStored: false },
  },
  '2004': {
    'cmi.comments_from_learner.n.comment': { gen: localizedUpTo(4000), emptyStored: false },
    'cmi.comments_from_learner.n.location': { gen: textUpTo(250), emptyStored: false },
    'cmi.comments_from_learner.n.timestamp': { gen: timestamp2004, emptyStored: false },
    'cmi.completion_status': { gen: fc.constantFrom('completed', 'incomplete', 'not attempted', 'unknown') },
    'cmi.exit': { gen: fc.constantFrom('time-out', 'suspend', 'logout', 'normal'), emptyStored: true },
    'cmi.interactions.n.id': { gen: identifier(4000), emptyStored: false },
    'cmi.interactions.n.type': {
      gen: fc.constantFrom(
        'true-false',
        'choice',
        'fill-in',
        'long-fill-in',
        'matching',
        'performance',
        'sequencing',
        'likert',
        'numeric',
        'other',
      ),
      emptyStored: false,
    },
    'cmi.interactions.n.objectives.n.id': { gen: identifier(4000), emptyStored: false },
    'cmi.interactions.n.timestamp': { gen: timestamp2004, emptyStored: false },
    'cmi.interactions.n.correct_responses.n.pattern': { gen: textUpTo(4000), emptyStored: false },
    'cmi.interactions.n.weighting': { gen: anyReal, emptyStored: false },
    'cmi.interactions.n.learner_response': { gen: textUpTo(4000), emptyStored: false },
    'cmi.interactions.n.result': {
      gen: fc.oneof(fc.constantFrom('correct', 'incorrect', 'unanticipated', 'neutral'), anyReal),
      emptyStored: false,
    },
    'cmi.interactions.n.latency': { gen: timespan2004, emptyStored: false },
    'cmi.interactions.n.description': { gen: localizedUpTo(250), emptyStored: false },
    'cmi.learner_preference.audio_level': { gen: decimal(0, 100) },
    'cmi.learner_preference.language': {
      gen: fc.constantFrom('en', 'en-GB', 'fr-CA', 'zh-Hant-TW', 'cy'),
      emptyStored: false,
    },
    'cmi.learner_preference.delivery_speed': { gen: decimal(0, 10) },
    'cmi.learner_preference.audio_captioning': { gen: wholeIn(-1, 1) },
    'cmi.location': { gen: textUpTo(1000), emptyStored: true },
    'cmi.objectives.n.id': { gen: identifier(4000), emptyStored: false },
    'cmi.objectives.n.score.scaled': { gen: decimal(-1, 1), emptyStored: false },
    'cmi.objectives.n.score.raw': { gen: anyReal, emptyStored: false },
    'cmi.objectives.n.score.min': { gen: anyReal, emptyStored: false },
    'cmi.objectives.n.score.max': { gen: anyReal, emptyStored: false },
    'cmi.objectives.n.success_status': { gen: fc.constantFrom('passed', 'failed', 'unknown') },
    'cmi.objectives.n.completion_status': {
      gen: fc.constantFrom('completed', 'incomplete', 'not attempted', 'unknown'),
    },
    'cmi.objectives.n.progress_measure': { gen: decimal(0, 1), emptyStored: false },
    'cmi.objectives.n.description': { gen: localizedUpTo(250), emptyStored: false },
    'cmi.progress_measure': { gen: decimal(0, 1), emptyStored: false },
    'cmi.score.scaled': { gen: decimal(-1, 1), emptyStored: false },
    'cmi.score.raw': { gen: anyReal, emptyStored: false },
    'cmi.score.min': { gen: anyReal, emptyStored: false },
    'cmi.score.max': { gen: anyReal, emptyStored: false },
    'cmi.success_status': { gen: fc.constantFrom('passed', 'failed', 'unknown') },
    'cmi.suspend_data': { gen: textUpTo(64000), emptyStored: true },
  },
};

const SESSION_TIME: Record<CmiModel, { element: string; gen: fc.Arbitrary<string> }> = {
  '1.2': { element: 'cmi.core.session_time', gen: timespan12 },
  '2004': { element: 'cmi.session_time', gen: timespan2004 },
};

const LMS_OWNED: Record<CmiModel, string[]> = {
  '1.2': [
    'cmi.core.student_id',
    'cmi.core.student_name',
    'cmi.core.credit',
    'cmi.core.entry',
    'cmi.core.total_time',
    'cmi.core.lesson_mode',
    'cmi.launch_data',
    'cmi.comments_from_lms',
    'cmi.student_data.mastery_score',
    'cmi.student_data.max_time_allowed',
    'cmi.student_data.time_limit_action',
    'cmi.interactions._count',
    'cmi.core._children',
  ],
  '2004': [
    'cmi.learner_id',
    'cmi.learner_name',
    'cmi.credit',
    'cmi.entry',
    'cmi.launch_data',
    'cmi.mode',
    'cmi.max_time_allowed',
    'cmi.scaled_passing_score',
    'cmi.time_limit_action',
    'cmi.total_time',
    'cmi.completion_threshold',
    'cmi.comments_from_lms.0.comment',
    'cmi.comments_from_lms.1.timestamp',
    'cmi._version',
    'cmi.objectives._count',
  ],
};

const INDEX = '(?:0|[1-9]\\d{0,2})';
const STORABLE: Record<CmiModel, RegExp> = {
  '1.2': templatesRegex(Object.keys(WRITABLE['1.2'])),
  '2004': templatesRegex(Object.keys(WRITABLE['2004'])),
};

function templatesRegex(templates: string[]): RegExp {
  const alternatives = templates.map((t) =>
    t
      .split('.')
      .map((segment) => (segment === 'n' ? INDEX : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('\\.'),
  );
  return new RegExp(`^(?:${alternatives.join('|')})$`);
}

const ALLOWED_CODES: Record<CmiModel, number[]> = {
  '1.2': [201, 401, 405],
  '2004': [351, 401, 406, 407, 408],
};

/** What must hold of any result: sound errors, or a state of storable elements that re-validates to itself. */
function checkInvariants(model: CmiModel, result: CommitResult): void {
  if (!result.ok) {
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors.length).toBeLessThanOrEqual(20);
    const elements = result.errors.map((e) => e.element);
    expect(elements).toEqual([...elements].sort());
    for (const error of result.errors) {
      expect(ALLOWED_CODES[model]).toContain(error.code);
      expect(typeof error.message).toBe('string');
    }
    return;
  }
  const keys = Object.keys(result.state);
  expect(keys).toEqual([...keys].sort());
  for (const [key, value] of Object.entries(result.state)) {
    expect(key).toMatch(STORABLE[model]);
    expect(typeof value).toBe('string');
    const item = ITEM.exec(key)?.[1];
    if (item !== undefined) expect(result.state[`${item}.id`]).toBeTruthy();
  }
  if (result.sessionTime !== null) expect(typeof result.sessionSeconds).toBe('number');
  else expect(result.sessionSeconds).toBeNull();
  expect(validateCommit(model, result.state)).toEqual({
    ok: true,
    state: result.state,
    sessionTime: null,
    sessionSeconds: null,
  });
}

interface GeneratedCommit {
  input: Record<string, unknown>;
  expected: CmiState;
  sessionTime: string | null;
}

/** Concrete key for a template, filling each `n` from the given indices in order. */
function fill(template: string, indices: number[]): string {
  let i = 0;
  return template
    .split('.')
    .map((s) => (s === 'n' ? String(indices[i++]) : s))
    .join('.');
}

/** A valid full commit built from the independent spec above, with the state it must produce. */
function validCommit(model: CmiModel): fc.Arbitrary<GeneratedCommit> {
  const specs = WRITABLE[model];
  const templates = Object.keys(specs);
  const scalars = templates.filter((t) => !t.includes('.n.'));
  const itemTemplates = (collection: string): string[] =>
    templates.filter((t) => t.startsWith(`${collection}.n.`) && t !== `${collection}.n.id`);

  /** One value for a template: usually valid and non-empty, sometimes "" where the element allows it. */
  const valueFor = (template: string): fc.Arbitrary<string> => {
    const spec = specs[template];
    return spec.emptyStored === undefined
      ? spec.gen
      : fc.oneof({ weight: 4, arbitrary: spec.gen }, fc.constant(''));
  };

  const entriesFor = (collection: string, needsId: boolean): fc.Arbitrary<Array<[string, string]>> =>
    fc
      .uniqueArray(fc.nat(999), { maxLength: 3 })
      .chain((indices) =>
        fc.tuple(
          ...indices.map((index) =>
            fc
              .tuple(
                needsId ? specs[`${collection}.n.id`].gen : fc.constant(''),
                fc.subarray(itemTemplates(collection)),
                fc.uniqueArray(fc.nat(999), { maxLength: 2 }),
              )
              .chain(([id, fields, subIndices]) => {
                const keys = fields.flatMap((t) => {
                  const nested = t.split('.').filter((s) => s === 'n').length > 1;
                  return nested
                    ? subIndices.map((j) => ({ t, key: fill(t, [index, j]) }))
                    : [{ t, key: fill(t, [index]) }];
                });
                return fc
                  .tuple(...keys.map(({ t }) => valueFor(t)))
                  .map((values): Array<[string, string]> => [
                    ...(needsId ? [[`${collection}.${index}.id`, id] as [string, string]] : []),
                    ...keys.map(({ key }, i): [string, string] => [key, values[i]]),
                  ]);
              }),
          ),
        ),
      )
      .map((groups) => groups.flat());

  const collections =
    model === '1.2'
      ? fc.tuple(entriesFor('cmi.interactions', true), entriesFor('cmi.objectives', true))
      : fc.tuple(
          entriesFor('cmi.interactions', true),
          entriesFor('cmi.objectives', true),
          entriesFor('cmi.comments_from_learner', false),
        );

  return fc
    .record({
      scalarKeys: fc.subarray(scalars),
      collections,
      lmsOwned: fc.subarray(LMS_OWNED[model]),
      lmsValue: fc.oneof(fc.string(), fc.constant(''), fc.boolean(), fc.integer()),
      session: fc.option(SESSION_TIME[model].gen),
      emptyMarkers: fc.boolean(),
    })
    .chain((r) =>
      fc.tuple(...r.scalarKeys.map((t) => valueFor(t))).map((values): GeneratedCommit => {
        const entries: Array<[string, string]> = [
          ...r.scalarKeys.map((key, i): [string, string] => [key, values[i]]),
          ...r.collections.flat(),
        ];
        const input: Record<string, unknown> = {};
        const expected: CmiState = {};
        for (const [key, value] of entries) {
          input[key] = value;
          const template = key.replace(/\.\d+(?=\.|$)/g, '.n');
          if (value !== '' || specs[template].emptyStored === true) expected[key] = value;
        }
        for (const key of r.lmsOwned) input[key] = r.lmsValue;
        if (r.emptyMarkers) input['cmi.objectives.' + (model === '1.2' ? '999.score' : '998.score')] = {};
        if (r.emptyMarkers) input['cmi.interactions'] = {};
        input[SESSION_TIME[model].element] = r.session ?? '';
        return { input, expected, sessionTime: r.session };
      }),
    );
}

const MODELS: CmiModel[] = ['1.2', '2004'];

describe('data model', () => {
  it.each(MODELS)(
    '%s: its learner-writable elements are exactly the independent list above (plus session time)',
    (model) => {
      const learner = ELEMENTS[model].filter((def) => def.access === 'learner').map((def) => def.name);
      expect(learner.sort()).toEqual([...Object.keys(WRITABLE[model]), SESSION_TIME[model].element].sort());
    },
  );

  it.each(MODELS)('%s: every LMS-owned element listed above is LMS-owned or a keyword', (model) => {
    const names = new Map(ELEMENTS[model].map((def) => [def.name, def.access]));
    for (const key of LMS_OWNED[model]) {
      expect(['lms', 'keyword']).toContain(names.get(key.replace(/\.\d+(?=\.|$)/g, '.n')));
    }
  });
});

describe('validateCommit: properties', () => {
  it('never throws on arbitrary values, and every ok result is sound and idempotent', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MODELS), fc.anything(), (model, input) => {
        checkInvariants(model, validateCommit(model, input));
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on objects of element-like keys, and every ok result is sound and idempotent', () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'core',
        'score',
        'raw',
        'scaled',
        'interactions',
        'objectives',
        'id',
        'type',
        'result',
        'pattern',
        'correct_responses',
        'learner_response',
        'student_response',
        'location',
        'lesson_location',
        'exit',
        'suspend_data',
        'session_time',
        'completion_status',
        'lesson_status',
        'comments_from_learner',
        'comment',
        'learner_preference',
        'student_preference',
        '_count',
        '_children',
        'student_id',
        'learner_id',
      ),
      fc.nat(1200).map(String),
      fc.constantFrom('01', '-1', 'n', '', ' '),
      fc.string({ maxLength: 6 }),
    );
    const key = fc
      .array(segment, { minLength: 1, maxLength: 5 })
      .map((segments) => `cmi.${segments.join('.')}`);
    const value = fc.oneof(
      fc.constantFrom(
        '',
        '0',
        '1',
        '100',
        '-1',
        '0.5',
        'passed',
        'completed',
        'unknown',
        'choice',
        'correct',
      ),
      fc.constantFrom('suspend', 'q1', '00:00:01', 'PT1S', '2024-01-01', 'normal', 'time-out'),
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant({}),
      fc.constant(null),
      fc.anything(),
    );
    let okCount = 0;
    fc.assert(
      fc.property(fc.constantFrom(...MODELS), fc.dictionary(key, value, { maxKeys: 12 }), (model, input) => {
        const result = validateCommit(model, input);
        if (result.ok) okCount++;
        checkInvariants(model, result);
      }),
      { numRuns: 2000 },
    );
    expect(okCount).toBeGreaterThan(20); // the property must also have exercised the success path
  });

  it('validates every generated valid commit, keeping exactly its learner-writable set values', () => {
    for (const model of MODELS) {
      // Which element templates the generated commits stored, to show the generator covers them all.
      const covered = new Set<string>();
      fc.assert(
        fc.property(validCommit(model), ({ input, expected, sessionTime }) => {
          const result = validateCommit(model, input);
          if (!result.ok) throw new Error(`${JSON.stringify(result.errors)} for ${JSON.stringify(input)}`);
          expect(result.state).toEqual(expected);
          expect(result.sessionTime).toBe(sessionTime);
          checkInvariants(model, result);
          for (const key of Object.keys(result.state)) covered.add(key.replace(/\.\d+(?=\.|$)/g, '.n'));
        }),
        { numRuns: 400 },
      );
      expect([...covered].sort()).toEqual(Object.keys(WRITABLE[model]).sort());
    }
  });

  it('never throws on mutated valid commits, and every ok result is sound and idempotent', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: fc.anything() }),
      fc.record({
        kind: fc.constant('replace' as const),
        pick: fc.nat(),
        value: fc.constantFrom('', ' ', '101', '-2', 'x y', '1e3', 'passed', {}, [], null, true, 7),
      }),
      fc.record({ kind: fc.constant('add' as const), key: fc.string(), value: fc.anything() }),
      fc.record({
        kind: fc.constant('rename' as const),
        pick: fc.nat(),
        to: fc.constantFrom('01', '1000', 'n', 'X', '', '0.0'),
      }),
    );
    let okCount = 0;
    for (const model of MODELS) {
      fc.assert(
        fc.property(
          validCommit(model),
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
          ({ input }, mutations) => {
            const mutated: Record<string, unknown> = { ...input };
            for (const m of mutations) {
              const keys = Object.keys(mutated);
              if (m.kind === 'add') {
                Object.defineProperty(mutated, m.key, {
                  value: m.value,
                  enumerable: true,
                  writable: true,
                  configurable: true,
                });
                continue;
              }
              if (keys.length === 0) continue;
              const key = keys[m.pick % keys.length];
              if (m.kind === 'delete') delete mutated[key];
              else if (m.kind === 'replace') mutated[key] = m.value;
              else {
                const value = mutated[key];
                delete mutated[key];
                mutated[key.replace(/\.\d+(?=\.|$)/, `.${m.to}`)] = value;
              }
            }
            const result = validateCommit(model, mutated);
            if (result.ok) okCount++;
            checkInvariants(model, result);
          },
        ),
        { numRuns: 600 },
      );
    }
    expect(okCount).toBeGreaterThan(50);
  });
});
