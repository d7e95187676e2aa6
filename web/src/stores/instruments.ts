import { defineStore } from 'pinia';
import { readonly, ref, type DeepReadonly } from 'vue';
import { api, expectOk, unwrap } from '../api/client';
import type {
  InstrumentDetailDto,
  InstrumentKind,
  InstrumentSource,
  InstrumentSummaryDto,
  LoadedInstrumentDto,
  LoadLicensedPackInput,
  LoadOutcome,
} from '../api/types';

export const INSTRUMENT_KIND_LABEL: Readonly<Record<InstrumentKind, string>> = {
  likert: 'Self-assessment (rating scale)',
  sjt: 'Situational judgement test',
  survey: 'Survey',
};

export const INSTRUMENT_SOURCE_LABEL: Readonly<Record<InstrumentSource, string>> = {
  bundled: 'Bundled with CQ Pathway',
  licensed: 'Licensed pack',
};

export const LOAD_OUTCOME_TEXT: Readonly<Record<LoadOutcome, string>> = {
  added: 'Added',
  unchanged: 'Unchanged',
  replaced: 'Replaced (no responses yet)',
  new_version: 'Added as a new version (the old one has responses)',
};

/** One entry per instrument key: its newest version, for choosing the questionnaires a step asks. */
export interface InstrumentChoice {
  key: string;
  title: string;
  label: string;
  kind: InstrumentKind;
  version: number;
}

export function latestByKey(instruments: readonly DeepReadonly<InstrumentSummaryDto>[]): InstrumentChoice[] {
  const latest = new Map<string, InstrumentChoice>();
  for (const instrument of instruments) {
    const known = latest.get(instrument.key);
    if (!known || instrument.version > known.version) {
      const { key, title, label, kind, version } = instrument;
      latest.set(key, { key, title, label, kind, version });
    }
  }
  return [...latest.values()].sort((a, b) => a.title.localeCompare(b.title) || a.key.localeCompare(b.key));
}

/** The questionnaire catalogue: bundled instruments and licensed packs (platform admins and researchers). */
export const useInstrumentsStore = defineStore('instruments', () => {
  const instruments = ref<InstrumentSummaryDto[]>([]);
  const loaded = ref(false);
  const details = ref<Record<string, InstrumentDetailDto>>({});

  async function loadInstruments(): Promise<void> {
    const list = await unwrap(api.GET('/api/instruments'));
    instruments.value = [...list].sort(
      (a, b) => a.title.localeCompare(b.title) || a.key.localeCompare(b.key) || b.version - a.version,
    );
    loaded.value = true;
  }

  async function loadInstrument(instrumentId: string): Promise<InstrumentDetailDto> {
    const detail = await unwrap(
      api.GET('/api/instruments/{instrumentId}', { params: { path: { instrumentId } } }),
    );
    details.value = { ...details.value, [instrumentId]: detail };
    return detail;
  }

  /** Loads every instrument in a folder on the server, all or nothing, then lists the catalogue again. */
  async function loadLicensedPack(input: LoadLicensedPackInput): Promise<LoadedInstrumentDto[]> {
    const result = await unwrap(api.POST('/api/instruments/licensed-packs', { body: input }));
    // The pack is loaded whatever happens here; the table catches up on the next visit if this fails.
    await loadInstruments().catch(() => undefined);
    return result.instruments;
  }

  /** The questionnaires an assessment or follow-up step asks, in the order learners meet them. */
  async function setStepInstruments(
    programmeId: string,
    stepId: string,
    instrumentKeys: readonly string[],
  ): Promise<void> {
    await expectOk(
      api.PUT('/api/programmes/{programmeId}/steps/{stepId}/instruments', {
        params: { path: { programmeId, stepId } },
        body: { instrumentKeys: [...instrumentKeys] },
      }),
    );
  }

  return {
    instruments: readonly(instruments),
    loaded: readonly(loaded),
    details: readonly(details),
    loadInstruments,
    loadInstrument,
    loadLicensedPack,
    setStepInstruments,
  };
});
