import { describe, expect, it } from 'vitest';
import { gates, type GateStep, type StepDone } from './gating.js';

const steps: GateStep[] = [
  { id: 'pre', kind: 'assessment', timepoint: 'pre', offsetDays: null },
  { id: 'm1', kind: 'module', timepoint: null, offsetDays: null },
  { id: 'm2', kind: 'module', timepoint: null, offsetDays: null },
  { id: 'post', kind: 'assessment', timepoint: 'post', offsetDays: null },
  { id: 'fu', kind: 'follow_up', timepoint: 'follow_up', offsetDays: 90 },
];
const done = (entries: [string, StepDone][]) => new Map(entries);
const locked = (g: Map<string, { locked: boolean }>) => [...g].filter(([, v]) => v.locked).map(([k]) => k);

describe('programme gates', () => {
  it('locks modules until the pre-assessment, post until every module, follow-up until its date', () => {
    expect(locked(gates(steps, done([]), '2026-11-23'))).toEqual(['m1', 'm2', 'post', 'fu']);
    const afterPre = gates(
      steps,
      done([['pre', { completedOn: '2026-11-01', waived: false }]]),
      '2026-11-23',
    );
    expect(locked(afterPre)).toEqual(['post', 'fu']);
    expect(afterPre.get('post')?.reason).toBe('Opens when you have finished every module.');
  });

  it('treats a waived pre-assessment as done', () => {
    const g = gates(steps, done([['pre', { completedOn: null, waived: true }]]), '2026-11-23');
    expect(g.get('m1')?.locked).toBe(false);
  });

  it('opens the follow-up on the UK date N days after the post-assessment', () => {
    const d = done([
      ['pre', { completedOn: '2026-01-05', waived: false }],
      ['m1', { completedOn: '2026-01-06', waived: false }],
      ['m2', { completedOn: '2026-01-07', waived: false }],
      ['post', { completedOn: '2026-01-31', waived: false }],
    ]);
    // 31 January + 90 days = 1 May (28 days of February, 31 of March, 30 of April, 1 of May)
    const before = gates(steps, d, '2026-04-30').get('fu');
    expect(before).toEqual({ locked: true, reason: 'Opens on 1 May 2026.', opensOn: '2026-05-01' });
    expect(gates(steps, d, '2026-05-01').get('fu')?.locked).toBe(false);
  });

  it('leaves a programme without a pre-assessment open from the start', () => {
    const g = gates(steps.slice(1), done([]), '2026-11-23');
    expect(g.get('m1')?.locked).toBe(false);
  });
});
