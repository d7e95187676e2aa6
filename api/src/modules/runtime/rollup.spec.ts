import { describe, expect, it } from 'vitest';
import {
  countsAsDone,
  gradedAttempt,
  needsNewAttempt,
  rollUp,
  scaledFromRaw,
  type ScoFacts,
} from './rollup.js';

const sco = (over: Partial<ScoFacts>): ScoFacts => ({
  completion: 'incomplete',
  success: 'unknown',
  scoreScaled: null,
  totalSeconds: 0,
  ...over,
});

describe('rollUp', () => {
  it('is not attempted before any SCO was launched', () => {
    expect(rollUp(2, [])).toEqual({
      completion: 'not attempted',
      success: 'unknown',
      scoreScaled: null,
      totalSeconds: 0,
    });
  });

  it('is incomplete until every SCO of the version is completed', () => {
    expect(rollUp(2, [sco({ completion: 'completed' })]).completion).toBe('incomplete');
    expect(rollUp(2, [sco({ completion: 'completed' }), sco({ completion: 'completed' })]).completion).toBe(
      'completed',
    );
  });

  it('fails when any SCO failed and passes only when complete with a pass', () => {
    expect(
      rollUp(2, [sco({ completion: 'completed', success: 'passed' }), sco({ success: 'failed' })]).success,
    ).toBe('failed');
    expect(rollUp(2, [sco({ completion: 'completed', success: 'passed' })]).success).toBe('unknown');
    expect(
      rollUp(2, [sco({ completion: 'completed', success: 'passed' }), sco({ completion: 'completed' })])
        .success,
    ).toBe('passed');
  });

  it('averages the scaled scores that exist and sums time', () => {
    const r = rollUp(3, [
      sco({ scoreScaled: 0.5, totalSeconds: 60 }),
      sco({ scoreScaled: 1, totalSeconds: 30.5 }),
      sco({ totalSeconds: 10 }),
    ]);
    expect(r.scoreScaled).toBe(0.75);
    expect(r.totalSeconds).toBe(100.5);
  });
});

describe('needsNewAttempt', () => {
  it('always starts the first attempt', () => {
    expect(needsNewAttempt('never', null)).toBe(true);
  });

  it('follows the policy for a later launch', () => {
    const completedFailed = { completion: 'completed', success: 'failed' } as const;
    const passed = { completion: 'completed', success: 'passed' } as const;
    const incomplete = { completion: 'incomplete', success: 'unknown' } as const;
    expect(needsNewAttempt('on_completed', completedFailed)).toBe(true);
    expect(needsNewAttempt('on_completed', incomplete)).toBe(false);
    expect(needsNewAttempt('on_passed', completedFailed)).toBe(false);
    expect(needsNewAttempt('on_passed', passed)).toBe(true);
    expect(needsNewAttempt('never', passed)).toBe(false);
  });
});

describe('gradedAttempt', () => {
  const attempts = [
    { number: 1, completion: 'completed', success: 'failed', scoreScaled: 0.4 },
    { number: 2, completion: 'completed', success: 'passed', scoreScaled: 0.9 },
    { number: 3, completion: 'completed', success: 'passed', scoreScaled: 0.8 },
  ] as const;

  it('picks by number for first and last, whatever order they come in', () => {
    const shuffled = [attempts[2], attempts[0], attempts[1]];
    expect(gradedAttempt(shuffled, 'first')?.number).toBe(1);
    expect(gradedAttempt(shuffled, 'last')?.number).toBe(3);
  });

  it('picks the best score for highest, breaking ties by pass then recency', () => {
    expect(gradedAttempt([...attempts], 'highest')?.number).toBe(2);
    const tie = [
      { number: 1, completion: 'completed', success: 'passed', scoreScaled: 0.8 },
      { number: 2, completion: 'completed', success: 'failed', scoreScaled: 0.8 },
      { number: 3, completion: 'completed', success: 'passed', scoreScaled: 0.8 },
    ] as const;
    expect(gradedAttempt([...tie], 'highest')?.number).toBe(3);
    expect(gradedAttempt([], 'highest')).toBeNull();
  });
});

describe('scaledFromRaw and countsAsDone', () => {
  it('scales a 1.2 raw score on its range', () => {
    expect(scaledFromRaw(80, null, null)).toBe(0.8);
    expect(scaledFromRaw(15, 10, 20)).toBe(0.5);
    expect(scaledFromRaw(5, 10, 10)).toBeNull();
    expect(scaledFromRaw(null, 0, 100)).toBeNull();
  });

  it('does not count a failed completion as done', () => {
    expect(countsAsDone({ completion: 'completed', success: 'failed' })).toBe(false);
    expect(countsAsDone({ completion: 'completed', success: 'unknown' })).toBe(true);
    expect(countsAsDone({ completion: 'incomplete', success: 'passed' })).toBe(false);
  });
});
