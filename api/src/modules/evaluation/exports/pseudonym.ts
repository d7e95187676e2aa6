import { createHmac } from 'node:crypto';

/**
 * A participant's id in a study's exports: `P` and the first 16 hex digits of HMAC-SHA-256 of their person id
 * under the study's secret `pseudonym_key`. The same person has the same id in every export of one study and
 * an unrelated id in another study; without the key the id cannot be traced back to the person.
 */
export function pseudonym(studyKey: string, personId: string): string {
  return `P${createHmac('sha256', studyKey).update(personId).digest('hex').slice(0, 16)}`;
}
