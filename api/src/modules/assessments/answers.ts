import type { Answer, FormName, Instrument, Item } from '@cqp/content/instruments';
import type { FieldError } from '../../common/errors.js';

export const MAX_TEXT_ANSWER = 4000;

/** The items a person answers: an SJT's form for the timepoint, every item otherwise. */
export function itemsFor(def: Instrument, form: FormName | null): Item[] {
  if (def.kind !== 'sjt' || !def.forms || !form) return def.items;
  const byId = new Map(def.items.map((i) => [i.id, i]));
  return def.forms[form].map((id) => byId.get(id)).filter((i): i is Item => Boolean(i));
}

/** Which SJT form a timepoint uses (the follow-up has none: an SJT cannot be asked then). */
export function formFor(def: Instrument, timepoint: 'pre' | 'post' | 'follow_up'): FormName | null {
  if (def.kind !== 'sjt') return null;
  return timepoint === 'follow_up' ? null : timepoint;
}

export function itemType(def: Instrument, item: Item): 'scale' | 'choice' | 'text' {
  if (def.kind === 'sjt') return 'choice';
  return def.kind === 'survey' && item.type === 'text' ? 'text' : 'scale';
}

/**
 * Checks answers sent by a person against the items they were asked. Unanswered is null (or absent; an
 * empty text is unanswered). Returns the cleaned answers and one error per bad answer, naming the question.
 */
export function checkAnswers(
  def: Instrument,
  form: FormName | null,
  raw: Record<string, unknown>,
): { answers: Record<string, Answer>; errors: FieldError[] } {
  const items = itemsFor(def, form);
  const byId = new Map(items.map((i) => [i.id, i]));
  const position = new Map(items.map((i, n) => [i.id, n + 1]));
  const answers: Record<string, Answer> = {};
  const errors: FieldError[] = [];
  const points = def.scale?.points ?? 0;
  for (const [id, value] of Object.entries(raw)) {
    const item = byId.get(id);
    if (!item) {
      errors.push({ field: `answers.${id}`, message: `"${id}" is not a question in this assessment.` });
      continue;
    }
    const q = `Question ${position.get(id)}`;
    if (value === null || value === undefined) {
      answers[id] = null;
      continue;
    }
    const type = itemType(def, item);
    if (type === 'text') {
      if (typeof value !== 'string')
        errors.push({ field: `answers.${id}`, message: `${q}: the answer must be text.` });
      else if (value.length > MAX_TEXT_ANSWER)
        errors.push({
          field: `answers.${id}`,
          message: `${q}: the answer is too long (at most ${MAX_TEXT_ANSWER.toLocaleString('en-GB')} characters).`,
        });
      else answers[id] = value.trim() === '' ? null : value;
    } else if (type === 'choice') {
      if (typeof value !== 'string' || !item.options?.some((o) => o.id === value))
        errors.push({ field: `answers.${id}`, message: `${q}: choose one of the responses given.` });
      else answers[id] = value;
    } else if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > points) {
      errors.push({
        field: `answers.${id}`,
        message: `${q}: choose a point on the scale from 1 to ${points}.`,
      });
    } else answers[id] = value;
  }
  return { answers, errors };
}

export function answeredCount(answers: Record<string, Answer>): number {
  return Object.values(answers).filter((a) => a !== null).length;
}
