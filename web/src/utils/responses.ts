import type { DeepReadonly } from 'vue';
import type { InstrumentDetailDto, InstrumentItemDto, InstrumentKind } from '../api/types';
import type { ResponseAnswer, ResponseRecordDto } from '../stores/responses';

export type Timepoint = ResponseRecordDto['timepoint'];
export type ItemType = 'scale' | 'choice' | 'text';

type Detail = DeepReadonly<InstrumentDetailDto>;
type Item = DeepReadonly<InstrumentItemDto>;
type RecordLike = DeepReadonly<ResponseRecordDto>;

export const TIMEPOINT_ORDER: readonly Timepoint[] = ['pre', 'post', 'follow_up'];

/** How a question is answered, as the API decides it: SJT items by choice, survey text items by text. */
export function itemTypeOf(kind: InstrumentKind, item: Pick<Item, 'type'>): ItemType {
  if (kind === 'sjt') return 'choice';
  return kind === 'survey' && item.type === 'text' ? 'text' : 'scale';
}

/** The items a person was asked at a timepoint: an SJT's parallel form, every item otherwise. */
export function itemsAsked(detail: Detail, timepoint: Timepoint): readonly Item[] {
  if (detail.kind !== 'sjt' || !detail.forms || timepoint === 'follow_up') return detail.items;
  const byId = new Map(detail.items.map((item) => [item.id, item]));
  return detail.forms[timepoint].flatMap((id) => {
    const item = byId.get(id);
    return item ? [item] : [];
  });
}

/** "drive-01: I enjoy…", or the id alone when the licence withholds the wording. */
export function itemLabel(itemId: string, item: Pick<Item, 'text'> | null | undefined): string {
  return item?.text ? `${itemId}: ${item.text}` : itemId;
}

/** An answer as people read it: the scale point with its anchor, the option with its text, or the text. */
export function answerText(
  value: ResponseAnswer | undefined,
  item: Item | null,
  detail: Detail | null,
): string {
  if (value === null || value === undefined || value === '') return 'Not answered';
  if (typeof value === 'number') {
    const scale = detail?.scale;
    if (!scale) return String(value);
    const anchor = scale.anchors.find((candidate) => candidate.value === value);
    return `${value} out of ${scale.points}${anchor ? ` (${anchor.label})` : ''}`;
  }
  const option = item?.options?.find((candidate) => candidate.id === value);
  if (option) return option.text ? `${option.id}: ${option.text}` : option.id;
  return value;
}

/** A response as it stands now, with the records it replaced, newest first. */
export interface ResponseChain<R extends RecordLike = RecordLike> {
  current: R;
  history: R[];
}

export interface InstrumentResponses<R extends RecordLike = RecordLike> {
  instrumentKey: string;
  chains: ResponseChain<R>[];
}

export interface TimepointResponses<R extends RecordLike = RecordLike> {
  timepoint: Timepoint;
  instruments: InstrumentResponses<R>[];
}

/**
 * Groups responses by timepoint, then instrument, each correction with the records it replaced under it.
 * Records keep the order the API lists them in within a timepoint.
 */
export function groupResponses<R extends RecordLike>(records: readonly R[]): TimepointResponses<R>[] {
  const byId = new Map(records.map((record) => [record.id, record]));
  const corrected = new Set(records.flatMap((record) => (record.correctsId ? [record.correctsId] : [])));
  const groups: TimepointResponses<R>[] = [];

  for (const timepoint of TIMEPOINT_ORDER) {
    const instruments: InstrumentResponses<R>[] = [];
    for (const record of records) {
      // A record another one corrects is shown under that correction.
      if (record.timepoint !== timepoint || corrected.has(record.id)) continue;
      const history: R[] = [];
      const seen = new Set([record.id]);
      let previous = record.correctsId ? byId.get(record.correctsId) : undefined;
      while (previous && !seen.has(previous.id)) {
        history.push(previous);
        seen.add(previous.id);
        previous = previous.correctsId ? byId.get(previous.correctsId) : undefined;
      }
      let group = instruments.find((entry) => entry.instrumentKey === record.instrumentKey);
      if (!group) {
        group = { instrumentKey: record.instrumentKey, chains: [] };
        instruments.push(group);
      }
      group.chains.push({ current: record, history });
    }
    if (instruments.length) groups.push({ timepoint, instruments });
  }
  return groups;
}
