import type { EqualityAnswer, Timepoint } from '../../stores/assessments';
import { BANDS, bandLabel } from '../../utils/enrolment';

export type EthnicityCode = NonNullable<EqualityAnswer['ethnicity']>;
export type GenderCode = NonNullable<EqualityAnswer['gender']>;
export type BandAnswer = NonNullable<EqualityAnswer['band']>;

/** The NHS Data Dictionary ethnic categories, by broad group ("Not stated" is asked on its own). */
export const ETHNIC_GROUPS: readonly {
  id: string;
  title: string;
  categories: readonly { code: EthnicityCode; text: string }[];
}[] = [
  {
    id: 'white',
    title: 'White',
    categories: [
      { code: 'A', text: 'British' },
      { code: 'B', text: 'Irish' },
      { code: 'C', text: 'Any other White background' },
    ],
  },
  {
    id: 'mixed',
    title: 'Mixed or multiple ethnic groups',
    categories: [
      { code: 'D', text: 'White and Black Caribbean' },
      { code: 'E', text: 'White and Black African' },
      { code: 'F', text: 'White and Asian' },
      { code: 'G', text: 'Any other mixed background' },
    ],
  },
  {
    id: 'asian',
    title: 'Asian or Asian British',
    categories: [
      { code: 'H', text: 'Indian' },
      { code: 'J', text: 'Pakistani' },
      { code: 'K', text: 'Bangladeshi' },
      { code: 'L', text: 'Any other Asian background' },
    ],
  },
  {
    id: 'black',
    title: 'Black or Black British',
    categories: [
      { code: 'M', text: 'Caribbean' },
      { code: 'N', text: 'African' },
      { code: 'P', text: 'Any other Black background' },
    ],
  },
  {
    id: 'other',
    title: 'Other ethnic groups',
    categories: [
      { code: 'R', text: 'Chinese' },
      { code: 'S', text: 'Any other ethnic group' },
    ],
  },
];

export const ETHNICITY_NOT_STATED: { code: EthnicityCode; text: string } = {
  code: 'Z',
  text: 'Prefer not to say',
};

export const GENDERS: readonly { code: GenderCode; text: string }[] = [
  { code: 'woman', text: 'Woman' },
  { code: 'man', text: 'Man' },
  { code: 'non_binary', text: 'Non-binary' },
  { code: 'other', text: 'In another way' },
  { code: 'prefer_not_to_say', text: 'Prefer not to say' },
];

export const BAND_ANSWERS: readonly BandAnswer[] = [...BANDS, 'prefer_not_to_say'];

export function isBandAnswer(value: string | null): value is BandAnswer {
  return value !== null && (BAND_ANSWERS as readonly string[]).includes(value);
}

/** "White: Irish", "Prefer not to say", or null for an answer not given. */
export function ethnicityLabel(code: string | null): string | null {
  if (!code) return null;
  if (code === ETHNICITY_NOT_STATED.code) return ETHNICITY_NOT_STATED.text;
  for (const group of ETHNIC_GROUPS) {
    const category = group.categories.find((item) => item.code === code);
    if (category) return `${group.title}: ${category.text}`;
  }
  return code;
}

export function genderLabel(code: string | null): string | null {
  if (!code) return null;
  return GENDERS.find((item) => item.code === code)?.text ?? code;
}

export function bandAnswerLabel(band: string | null): string | null {
  if (!band) return null;
  return band === 'prefer_not_to_say' ? 'Prefer not to say' : bandLabel(band);
}

/** How each timepoint reads in headings and tables. */
export const TIMEPOINT_LABEL: Readonly<Record<Timepoint, string>> = {
  pre: 'Before the programme',
  post: 'After the programme',
  follow_up: 'Follow-up',
};

/** Short forms, for the chart. */
export const TIMEPOINT_SHORT: Readonly<Record<Timepoint, string>> = {
  pre: 'Before',
  post: 'After',
  follow_up: 'Follow-up',
};

/** Participant information is plain text with a blank line between paragraphs. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
}

/** A score to one decimal place, or null when there were too few answers for one. */
export function formatScore(value: number | null | undefined): string | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value.toFixed(1);
}
