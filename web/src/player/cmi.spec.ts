import { describe, expect, it } from 'vitest';
import { learnerOwnedPart, loadCmi, loadOrder, toFlatCmi } from './cmi';

describe('toFlatCmi', () => {
  it('keeps strings, stringifies numbers and booleans, drops empty collections', () => {
    expect(
      toFlatCmi({
        'cmi.location': 'p3',
        'cmi.score.raw': 75,
        'cmi.interactions': {},
        'cmi.comments_from_learner': [],
        'cmi.x': null,
        'cmi.y': true,
      }),
    ).toEqual({ 'cmi.location': 'p3', 'cmi.score.raw': '75', 'cmi.y': 'true' });
    expect(toFlatCmi(['a=b'])).toEqual({});
  });
});

describe('learnerOwnedPart', () => {
  it('leaves out what the LMS owns (SCORM 1.2)', () => {
    expect(
      learnerOwnedPart(
        {
          'cmi.core.student_id': 'u-1',
          'cmi.core.entry': 'ab-initio',
          'cmi.core.total_time': '00:10:00',
          'cmi.core.session_time': '00:05:00',
          'cmi.student_data.mastery_score': '80',
          'cmi.core.lesson_location': 'p4',
          'cmi.suspend_data': 'state',
          'cmi.core.score.raw': '70',
        },
        '1.2',
      ),
    ).toEqual({ 'cmi.core.lesson_location': 'p4', 'cmi.suspend_data': 'state', 'cmi.core.score.raw': '70' });
  });

  it('leaves out what the LMS owns (SCORM 2004)', () => {
    expect(
      learnerOwnedPart(
        {
          'cmi.learner_name': 'Doe, Jo',
          'cmi.entry': 'resume',
          'cmi.total_time': 'PT1H',
          'cmi.comments_from_lms.0.comment': 'hi',
          'cmi.location': 'p4',
          'cmi.objectives.0.id': 'o1',
        },
        '2004',
      ),
    ).toEqual({ 'cmi.location': 'p4', 'cmi.objectives.0.id': 'o1' });
  });
});

describe('loading CMI', () => {
  it('orders interactions and objectives with their ids (and types) first', () => {
    expect(
      loadOrder({
        'cmi.suspend_data': '',
        'cmi.objectives.10.id': '',
        'cmi.objectives.2.score.raw': '',
        'cmi.objectives.2.id': '',
        'cmi.interactions.0.result': '',
        'cmi.interactions.0.type': '',
        'cmi.interactions.0.id': '',
        'cmi.core.lesson_location': '',
      }),
    ).toEqual([
      'cmi.interactions.0.id',
      'cmi.interactions.0.type',
      'cmi.interactions.0.result',
      'cmi.objectives.2.id',
      'cmi.objectives.2.score.raw',
      'cmi.objectives.10.id',
      'cmi.core.lesson_location',
      'cmi.suspend_data',
    ]);
  });

  it('loads every element it can and reports those refused', () => {
    const loaded: Record<string, unknown> = {};
    const api = {
      loadFromFlattenedJSON(json: Record<string, unknown>) {
        for (const [element, value] of Object.entries(json)) {
          if (value === 'bogus') throw new Error(`${element} : Incorrect Data Type`);
          loaded[element] = value;
        }
      },
    };
    const refused = loadCmi(api, {
      'cmi.core.lesson_status': 'bogus',
      'cmi.core.student_id': 'u-1',
      'cmi.suspend_data': 'x',
    });
    expect(loaded).toEqual({ 'cmi.core.student_id': 'u-1', 'cmi.suspend_data': 'x' });
    expect(refused).toEqual([
      { element: 'cmi.core.lesson_status', error: 'cmi.core.lesson_status : Incorrect Data Type' },
    ]);
  });
});
