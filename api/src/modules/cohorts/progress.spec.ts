import { describe, expect, it } from 'vitest';
import { deriveStatus, ProgressFacts, reachedStages, todayInLondon } from './progress.js';

const fresh: ProgressFacts = {
  withdrawn: false,
  stepsTotal: 9,
  stepsCompleted: 0,
  anyActivity: false,
  preDone: false,
  modulesDone: false,
  postDone: false,
  followUpDone: false,
  dueDate: '2026-12-31',
};

describe('deriveStatus', () => {
  it('is not started until something is started, then in progress', () => {
    expect(deriveStatus(fresh, '2026-12-01')).toBe('not_started');
    expect(deriveStatus({ ...fresh, anyActivity: true, stepsCompleted: 1 }, '2026-12-01')).toBe(
      'in_progress',
    );
  });

  it('is overdue the day after the due date, not on it', () => {
    expect(deriveStatus(fresh, '2026-12-31')).toBe('not_started');
    expect(deriveStatus(fresh, '2027-01-01')).toBe('overdue');
    expect(deriveStatus({ ...fresh, anyActivity: true }, '2027-01-01')).toBe('overdue');
  });

  it('is completed when every step is done, even after the due date', () => {
    expect(deriveStatus({ ...fresh, anyActivity: true, stepsCompleted: 9 }, '2027-02-01')).toBe('completed');
  });

  it('is withdrawn whatever else is true', () => {
    expect(deriveStatus({ ...fresh, withdrawn: true, stepsCompleted: 9 }, '2026-01-01')).toBe('withdrawn');
  });

  it('never calls an empty programme completed', () => {
    expect(deriveStatus({ ...fresh, stepsTotal: 0 }, '2026-12-01')).toBe('not_started');
  });
});

describe('reachedStages', () => {
  it('stops at the first stage not reached', () => {
    expect(reachedStages(fresh)).toEqual(['enrolled']);
    expect(
      reachedStages({ ...fresh, anyActivity: true, preDone: true, modulesDone: false, postDone: true }),
    ).toEqual(['enrolled', 'started', 'pre_done']);
    expect(
      reachedStages({
        ...fresh,
        anyActivity: true,
        preDone: true,
        modulesDone: true,
        postDone: true,
        followUpDone: true,
      }),
    ).toEqual(['enrolled', 'started', 'pre_done', 'modules_done', 'post_done', 'follow_up_done']);
  });

  it('counts nobody who has withdrawn', () => {
    expect(reachedStages({ ...fresh, withdrawn: true, anyActivity: true })).toEqual([]);
  });
});

describe('todayInLondon', () => {
  it('uses the UK calendar date, which differs from UTC late on a summer evening', () => {
    expect(todayInLondon(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(todayInLondon(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
  });
});
