import type { InstrumentDetailDto, InstrumentSummaryDto } from '../api/types';

const FACTORS = [
  { id: 'drive', title: 'Drive', description: 'Interest in working across cultures' },
  { id: 'action', title: 'Action', description: 'Adapting what you do' },
];

/** An instrument version as GET /api/instruments lists it. */
export function instrumentSummary(
  key: string,
  version: number,
  extra: Partial<InstrumentSummaryDto> = {},
): InstrumentSummaryDto {
  return {
    id: `${key}-v${version}`,
    key,
    version,
    title: `Title of ${key}`,
    label: `Label of ${key}`,
    kind: 'likert',
    source: 'bundled',
    permissionReference: null,
    licence: {
      holder: 'CQ Pathway project',
      permittedUse: 'Any use',
      citation: 'CQ Pathway (2026)',
      redistributable: true,
    },
    factors: FACTORS,
    itemCount: 2,
    responses: 0,
    createdAt: '2026-03-03T10:00:00.000Z',
    ...extra,
  };
}

export const SELF_ASSESSMENT = instrumentSummary('cq-self-assessment', 1, {
  title: 'CQ Pathway self-assessment',
  label: 'CQ Pathway self-assessment — not the validated Cultural Intelligence Scale',
  responses: 42,
});
export const SJT = instrumentSummary('cq-sjt', 1, {
  title: 'CQ Pathway situational judgement test',
  label: 'Project-authored, not a validated instrument',
  kind: 'sjt',
});
export const LICENSED = instrumentSummary('cqs', 2, {
  title: 'Cultural Intelligence Scale',
  label: 'Cultural Intelligence Scale (licensed)',
  source: 'licensed',
  permissionReference: 'CQC licence 2026-114, 1 March 2026',
  licence: {
    holder: 'Cultural Intelligence Center',
    permittedUse: 'Research use in the CQ Pathway pilot',
    citation: 'Ang et al. (2007)',
    redistributable: false,
  },
});
export const LICENSED_V1 = instrumentSummary('cqs', 1, {
  title: 'Cultural Intelligence Scale',
  label: 'Cultural Intelligence Scale (licensed)',
  source: 'licensed',
  responses: 3,
  licence: LICENSED.licence,
});

/** An instrument version as GET /api/instruments/{id} shows it; item text is null when withheld. */
export function instrumentDetail(summary: InstrumentSummaryDto): InstrumentDetailDto {
  const shown = summary.licence.redistributable;
  return {
    ...summary,
    description: `About ${summary.title}`,
    scale: {
      points: 5,
      anchors: [
        { value: 1, label: 'Strongly disagree' },
        { value: 5, label: 'Strongly agree' },
      ],
    },
    items: [
      {
        id: 'drive-01',
        factor: 'drive',
        text: shown ? 'I enjoy working with people from other cultures.' : null,
        reverseKeyed: false,
        scenario: null,
        options: null,
        best: null,
        type: null,
      },
      {
        id: 'action-01',
        factor: 'action',
        text: shown ? 'I change how I speak when a situation calls for it.' : null,
        reverseKeyed: true,
        scenario: null,
        options: null,
        best: null,
        type: null,
      },
    ],
    scoring: { itemScore: 'mean', overall: 'mean', minItemsPerFactor: 1, description: 'Mean of the items.' },
    forms: null,
  };
}
