import { describe, expect, it } from 'vitest';
import { extractInteractions, extractObjectives, summarise, SummaryOptions } from './summary.js';
import { CmiState, validateCommit } from './validate.js';

const NONE: SummaryOptions = { masteryScore: null, scaledPassingScore: null, completionThreshold: null };

describe('summarise (SCORM 1.2)', () => {
  it.each([
    ['passed', 'completed', 'passed'],
    ['completed', 'completed', 'unknown'],
    ['failed', 'completed', 'failed'],
    ['incomplete', 'incomplete', 'unknown'],
    ['browsed', 'incomplete', 'unknown'],
    ['not attempted', 'not attempted', 'unknown'],
  ])('maps lesson_status %s to completion %s and success %s', (status, completion, success) => {
    expect(summarise('1.2', { 'cmi.core.lesson_status': status }, NONE)).toMatchObject({
      completion,
      success,
    });
  });

  it('is not attempted, with nothing known, for an empty state', () => {
    expect(summarise('1.2', {}, NONE)).toEqual({
      completion: 'not attempted',
      success: 'unknown',
      scoreRaw: null,
      scoreMin: null,
      scoreMax: null,
      scoreScaled: null,
      location: null,
      exit: null,
    });
  });

  it('reads the scores, location and exit', () => {
    const state: CmiState = {
      'cmi.core.score.raw': '72.5',
      'cmi.core.score.min': '0',
      'cmi.core.score.max': '100',
      'cmi.core.lesson_location': 'page-7',
      'cmi.core.exit': 'suspend',
    };
    expect(summarise('1.2', state, NONE)).toMatchObject({
      scoreRaw: 72.5,
      scoreMin: 0,
      scoreMax: 100,
      scoreScaled: null,
      location: 'page-7',
      exit: 'suspend',
    });
  });

  it('keeps an empty location and exit as "" (set), not null (never set)', () => {
    expect(summarise('1.2', { 'cmi.core.lesson_location': '', 'cmi.core.exit': '' }, NONE)).toMatchObject({
      location: '',
      exit: '',
    });
  });

  describe('with a mastery score', () => {
    const mastery = (masteryScore: number): SummaryOptions => ({ ...NONE, masteryScore });

    it('passes a raw score at or above it and counts the SCO as completed', () => {
      const state = { 'cmi.core.lesson_status': 'incomplete', 'cmi.core.score.raw': '80' };
      expect(summarise('1.2', state, mastery(80))).toMatchObject({
        completion: 'completed',
        success: 'passed',
      });
    });

    it('fails a raw score below it, whatever the SCO said', () => {
      const state = { 'cmi.core.lesson_status': 'passed', 'cmi.core.score.raw': '79.99' };
      expect(summarise('1.2', state, mastery(80))).toMatchObject({
        completion: 'completed',
        success: 'failed',
      });
    });

    it('completes a SCO with no status once it has a raw score', () => {
      expect(summarise('1.2', { 'cmi.core.score.raw': '10' }, mastery(50))).toMatchObject({
        completion: 'completed',
        success: 'failed',
      });
    });

    it('treats a mastery score of 0 and a raw score of 0 as set values', () => {
      expect(summarise('1.2', { 'cmi.core.score.raw': '0' }, mastery(0))).toMatchObject({
        completion: 'completed',
        success: 'passed',
      });
    });

    it('leaves the SCO’s status alone without a raw score', () => {
      expect(summarise('1.2', { 'cmi.core.lesson_status': 'incomplete' }, mastery(80))).toMatchObject({
        completion: 'incomplete',
        success: 'unknown',
      });
    });
  });

  it('ignores the SCORM 2004 options', () => {
    const state = { 'cmi.core.lesson_status': 'completed' };
    expect(
      summarise('1.2', state, { masteryScore: null, scaledPassingScore: 0.5, completionThreshold: 1 }),
    ).toMatchObject({ completion: 'completed', success: 'unknown' });
  });

  it('treats invalid stored values as absent instead of throwing', () => {
    const state: CmiState = { 'cmi.core.lesson_status': 'done', 'cmi.core.score.raw': 'lots' };
    expect(summarise('1.2', state, { ...NONE, masteryScore: 50 })).toMatchObject({
      completion: 'not attempted',
      success: 'unknown',
      scoreRaw: null,
    });
  });
});

describe('summarise (SCORM 2004)', () => {
  it('is unknown, with nothing known, for an empty state', () => {
    expect(summarise('2004', {}, NONE)).toEqual({
      completion: 'unknown',
      success: 'unknown',
      scoreRaw: null,
      scoreMin: null,
      scoreMax: null,
      scoreScaled: null,
      location: null,
      exit: null,
    });
  });

  it('reports what the SCO said without LMS rules', () => {
    const state: CmiState = {
      'cmi.completion_status': 'incomplete',
      'cmi.success_status': 'failed',
      'cmi.score.scaled': '-0.25',
      'cmi.score.raw': '-5',
      'cmi.score.min': '-20',
      'cmi.score.max': '20',
      'cmi.location': 'slide 3',
      'cmi.exit': 'normal',
    };
    expect(summarise('2004', state, NONE)).toEqual({
      completion: 'incomplete',
      success: 'failed',
      scoreRaw: -5,
      scoreMin: -20,
      scoreMax: 20,
      scoreScaled: -0.25,
      location: 'slide 3',
      exit: 'normal',
    });
  });

  describe('with a scaled passing score', () => {
    const passing = (scaledPassingScore: number): SummaryOptions => ({ ...NONE, scaledPassingScore });

    it('passes a scaled score at or above it, overriding the SCO', () => {
      const state = { 'cmi.success_status': 'failed', 'cmi.score.scaled': '0.8' };
      expect(summarise('2004', state, passing(0.8)).success).toBe('passed');
    });

    it('fails a scaled score below it, overriding the SCO', () => {
      const state = { 'cmi.success_status': 'passed', 'cmi.score.scaled': '0.79' };
      expect(summarise('2004', state, passing(0.8)).success).toBe('failed');
    });

    it('is unknown without a scaled score, whatever the SCO said', () => {
      expect(summarise('2004', { 'cmi.success_status': 'passed' }, passing(0.8)).success).toBe('unknown');
    });

    it('treats a passing score of 0 as set, and a negative one as allowed', () => {
      expect(summarise('2004', { 'cmi.score.scaled': '0' }, passing(0)).success).toBe('passed');
      expect(summarise('2004', { 'cmi.score.scaled': '-0.6' }, passing(-0.5)).success).toBe('failed');
      expect(summarise('2004', { 'cmi.score.scaled': '-0.5' }, passing(-0.5)).success).toBe('passed');
    });

    it('does not change completion', () => {
      const state = { 'cmi.completion_status': 'incomplete', 'cmi.score.scaled': '1' };
      expect(summarise('2004', state, passing(0.5)).completion).toBe('incomplete');
    });
  });

  describe('with a completion threshold', () => {
    const threshold = (completionThreshold: number): SummaryOptions => ({ ...NONE, completionThreshold });

    it('completes a progress measure at or above it, overriding the SCO', () => {
      const state = { 'cmi.completion_status': 'incomplete', 'cmi.progress_measure': '0.75' };
      expect(summarise('2004', state, threshold(0.75)).completion).toBe('completed');
    });

    it('leaves a progress measure below it incomplete, overriding the SCO', () => {
      const state = { 'cmi.completion_status': 'completed', 'cmi.progress_measure': '0.5' };
      expect(summarise('2004', state, threshold(0.75)).completion).toBe('incomplete');
    });

    it('uses what the SCO said without a progress measure (unknown by default)', () => {
      expect(summarise('2004', { 'cmi.completion_status': 'completed' }, threshold(0.75)).completion).toBe(
        'completed',
      );
      expect(summarise('2004', {}, threshold(0.75)).completion).toBe('unknown');
    });

    it('treats a threshold of 0 and a progress of 0 as set values', () => {
      expect(summarise('2004', { 'cmi.progress_measure': '0' }, threshold(0)).completion).toBe('completed');
    });

    it('does not change success', () => {
      const state = { 'cmi.success_status': 'passed', 'cmi.progress_measure': '0' };
      expect(summarise('2004', state, threshold(1)).success).toBe('passed');
    });
  });

  it('ignores the SCORM 1.2 mastery score', () => {
    const state = { 'cmi.score.raw': '10', 'cmi.success_status': 'passed' };
    expect(summarise('2004', state, { ...NONE, masteryScore: 90 }).success).toBe('passed');
  });

  it('summarises a validated example commit', () => {
    const result = validateCommit('2004', {
      'cmi.completion_status': 'incomplete',
      'cmi.success_status': 'unknown',
      'cmi.score.scaled': '0.9',
      'cmi.progress_measure': '0.4',
      'cmi.location': 'p3',
      'cmi.exit': 'suspend',
      'cmi.session_time': 'PT5M',
    });
    if (!result.ok) throw new Error('expected a valid commit');
    expect(
      summarise('2004', result.state, {
        masteryScore: null,
        scaledPassingScore: 0.7,
        completionThreshold: 0.5,
      }),
    ).toEqual({
      completion: 'incomplete',
      success: 'passed',
      scoreRaw: null,
      scoreMin: null,
      scoreMax: null,
      scoreScaled: 0.9,
      location: 'p3',
      exit: 'suspend',
    });
  });
});

describe('extractInteractions', () => {
  it('lists SCORM 2004 interactions by numeric index with their sub-collections in order', () => {
    const state: CmiState = {
      'cmi.interactions.10.id': 'q11',
      'cmi.interactions.10.type': 'numeric',
      'cmi.interactions.2.id': 'q3',
      'cmi.interactions.2.type': 'choice',
      'cmi.interactions.2.learner_response': 'b',
      'cmi.interactions.2.correct_responses.10.pattern': 'p10',
      'cmi.interactions.2.correct_responses.0.pattern': 'p0',
      'cmi.interactions.2.correct_responses.1.pattern': 'p1',
      'cmi.interactions.2.objectives.1.id': 'obj-b',
      'cmi.interactions.2.objectives.0.id': 'obj-a',
      'cmi.interactions.2.result': 'incorrect',
      'cmi.interactions.2.latency': 'PT1M2.5S',
      'cmi.interactions.2.weighting': '2.5',
      'cmi.interactions.2.description': '{lang=en}Which one?',
      'cmi.interactions.2.timestamp': '2024-05-01T09:30:00',
    };
    expect(extractInteractions('2004', state)).toEqual([
      {
        index: 2,
        id: 'q3',
        type: 'choice',
        learnerResponse: 'b',
        correctResponses: ['p0', 'p1', 'p10'],
        result: 'incorrect',
        latencySeconds: 62.5,
        weighting: 2.5,
        description: '{lang=en}Which one?',
        timestamp: '2024-05-01T09:30:00',
        objectiveIds: ['obj-a', 'obj-b'],
      },
      {
        index: 10,
        id: 'q11',
        type: 'numeric',
        learnerResponse: null,
        correctResponses: [],
        result: null,
        latencySeconds: null,
        weighting: null,
        description: null,
        timestamp: null,
        objectiveIds: [],
      },
    ]);
  });

  it('maps SCORM 1.2 student_response to learnerResponse and time to timestamp', () => {
    const state: CmiState = {
      'cmi.interactions.0.id': 'q1',
      'cmi.interactions.0.type': 'true-false',
      'cmi.interactions.0.student_response': 't',
      'cmi.interactions.0.correct_responses.0.pattern': 't',
      'cmi.interactions.0.result': 'wrong',
      'cmi.interactions.0.time': '09:30:00',
      'cmi.interactions.0.latency': '00:00:12.5',
      'cmi.interactions.0.weighting': '1',
      'cmi.interactions.0.objectives.0.id': 'o1',
    };
    expect(extractInteractions('1.2', state)).toEqual([
      {
        index: 0,
        id: 'q1',
        type: 'true-false',
        learnerResponse: 't',
        correctResponses: ['t'],
        result: 'wrong',
        latencySeconds: 12.5,
        weighting: 1,
        description: null,
        timestamp: '09:30:00',
        objectiveIds: ['o1'],
      },
    ]);
  });

  it('does not read the other model’s element names', () => {
    const state: CmiState = {
      'cmi.interactions.0.id': 'q1',
      'cmi.interactions.0.learner_response': 'x',
      'cmi.interactions.0.timestamp': '2024-05-01',
      'cmi.interactions.0.description': 'd',
    };
    expect(extractInteractions('1.2', state)[0]).toMatchObject({
      learnerResponse: null,
      timestamp: null,
      description: null,
    });
    const state12: CmiState = {
      'cmi.interactions.0.id': 'q1',
      'cmi.interactions.0.student_response': 'x',
      'cmi.interactions.0.time': '09:30:00',
    };
    expect(extractInteractions('2004', state12)[0]).toMatchObject({ learnerResponse: null, timestamp: null });
  });

  it('leaves out interactions without an id and ignores other elements', () => {
    const state: CmiState = {
      'cmi.interactions.0.type': 'choice',
      'cmi.interactions.1.id': 'q2',
      'cmi.objectives.0.id': 'o1',
      'cmi.location': 'p1',
    };
    expect(extractInteractions('2004', state).map((row) => [row.index, row.id])).toEqual([[1, 'q2']]);
  });

  it('returns nothing for a state without interactions', () => {
    expect(extractInteractions('2004', {})).toEqual([]);
  });

  it('gives a null latency for an unparseable stored value', () => {
    const state: CmiState = { 'cmi.interactions.0.id': 'q1', 'cmi.interactions.0.latency': 'soon' };
    expect(extractInteractions('2004', state)[0].latencySeconds).toBeNull();
  });
});

describe('extractObjectives', () => {
  it.each([
    ['passed', 'completed', 'passed'],
    ['completed', 'completed', 'unknown'],
    ['failed', 'completed', 'failed'],
    ['incomplete', 'incomplete', 'unknown'],
    ['browsed', 'incomplete', 'unknown'],
    ['not attempted', 'not attempted', 'unknown'],
  ])(
    'maps a SCORM 1.2 objective status %s to completion %s and success %s',
    (status, completion, success) => {
      const state: CmiState = { 'cmi.objectives.0.id': 'o1', 'cmi.objectives.0.status': status };
      expect(extractObjectives('1.2', state)).toEqual([
        {
          index: 0,
          id: 'o1',
          scoreRaw: null,
          scoreMin: null,
          scoreMax: null,
          scoreScaled: null,
          success,
          completion,
          progressMeasure: null,
          description: null,
        },
      ]);
    },
  );

  it('gives null completion and success for a 1.2 objective without a status, and reads its scores', () => {
    const state: CmiState = {
      'cmi.objectives.0.id': 'o1',
      'cmi.objectives.0.score.raw': '50',
      'cmi.objectives.0.score.min': '10',
      'cmi.objectives.0.score.max': '90',
    };
    expect(extractObjectives('1.2', state)[0]).toMatchObject({
      scoreRaw: 50,
      scoreMin: 10,
      scoreMax: 90,
      success: null,
      completion: null,
    });
  });

  it('lists SCORM 2004 objectives by numeric index with all their fields', () => {
    const state: CmiState = {
      'cmi.objectives.11.id': 'later',
      'cmi.objectives.3.id': 'urn:obj:3',
      'cmi.objectives.3.score.scaled': '0.5',
      'cmi.objectives.3.score.raw': '5',
      'cmi.objectives.3.score.min': '0',
      'cmi.objectives.3.score.max': '10',
      'cmi.objectives.3.success_status': 'passed',
      'cmi.objectives.3.completion_status': 'completed',
      'cmi.objectives.3.progress_measure': '1',
      'cmi.objectives.3.description': 'Knows the basics',
      'cmi.objectives.7.score.raw': '5', // no id: left out
    };
    expect(extractObjectives('2004', state)).toEqual([
      {
        index: 3,
        id: 'urn:obj:3',
        scoreRaw: 5,
        scoreMin: 0,
        scoreMax: 10,
        scoreScaled: 0.5,
        success: 'passed',
        completion: 'completed',
        progressMeasure: 1,
        description: 'Knows the basics',
      },
      {
        index: 11,
        id: 'later',
        scoreRaw: null,
        scoreMin: null,
        scoreMax: null,
        scoreScaled: null,
        success: null,
        completion: null,
        progressMeasure: null,
        description: null,
      },
    ]);
  });

  it('does not confuse interaction objectives with objectives', () => {
    const state: CmiState = { 'cmi.interactions.0.id': 'q1', 'cmi.interactions.0.objectives.0.id': 'o1' };
    expect(extractObjectives('2004', state)).toEqual([]);
  });
});
