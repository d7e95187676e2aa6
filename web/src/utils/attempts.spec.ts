import { describe, expect, it } from 'vitest';
import { formatDuration } from './format';
import { attemptStatus, formatScore } from './attempts';

describe('attempt display helpers', () => {
  it('names the status from success first, then completion', () => {
    expect(attemptStatus({ completion: 'completed', success: 'passed' }).text).toBe('Passed');
    expect(attemptStatus({ completion: 'incomplete', success: 'failed' }).text).toBe('Failed');
    expect(attemptStatus({ completion: 'completed', success: 'unknown' }).text).toBe('Completed');
    expect(attemptStatus({ completion: 'incomplete', success: 'unknown' }).text).toBe('In progress');
    expect(attemptStatus({ completion: 'unknown', success: 'unknown' }, true).text).toBe('In progress');
    expect(attemptStatus({ completion: 'unknown', success: 'unknown' }, false).text).toBe('Not started');
    expect(attemptStatus({ completion: 'not attempted', success: 'unknown' }).text).toBe('Not started');
  });

  it('shows scaled scores as percentages', () => {
    expect(formatScore(0.853)).toBe('85%');
    expect(formatScore(-0.5)).toBe('-50%');
    expect(formatScore(1)).toBe('100%');
    expect(formatScore(null)).toBe('No score');
    expect(formatScore(null, 'No score yet')).toBe('No score yet');
  });

  it('says how long in hours and minutes, or seconds for short answer times', () => {
    expect(formatDuration(3900)).toBe('1 hour 5 minutes');
    expect(formatDuration(7200)).toBe('2 hours');
    expect(formatDuration(60)).toBe('1 minute');
    expect(formatDuration(45)).toBe('Less than a minute');
    expect(formatDuration(0)).toBe('None');
    expect(formatDuration(65, { seconds: true })).toBe('1 minute 5 seconds');
    expect(formatDuration(12, { seconds: true })).toBe('12 seconds');
    expect(formatDuration(0, { seconds: true })).toBe('0 seconds');
    expect(formatDuration(3605, { seconds: true })).toBe('1 hour');
  });
});
