import type {
  AssessmentInstrumentDto,
  ConsentStudyDto,
  CqProfileDto,
  EqualityDto,
  ProfileEnrolmentDto,
  StepAssessmentDto,
} from '../stores/assessments';

export const ENROLMENT = 'e1';
export const STEP = 's1';
export const ASSESSMENT_PATH = `/api/me/enrolments/${ENROLMENT}/steps/${STEP}/assessment`;

export function consentStudy(overrides: Partial<ConsentStudyDto> = {}): ConsentStudyDto {
  return {
    studyId: 'study-1',
    studyName: 'CQ Pathway evaluation',
    form: {
      id: 'form-1',
      studyId: 'study-1',
      version: 2,
      title: 'Participant information sheet',
      information: 'We are studying how managers use cultural intelligence.\n\nTaking part is voluntary.',
      statements: ['I have read the information sheet.', 'I understand I can withdraw at any time.'],
      createdAt: '2026-01-10T09:00:00.000Z',
    },
    state: null,
    decidedAt: null,
    withdrawnAt: null,
    decidedOnVersion: null,
    ...overrides,
  };
}

export function likertInstrument(overrides: Partial<AssessmentInstrumentDto> = {}): AssessmentInstrumentDto {
  return {
    key: 'cq-self-assessment',
    instrumentId: 'i-1',
    version: 1,
    title: 'CQ Pathway self-assessment',
    label: 'CQ Pathway self-assessment — not the validated Cultural Intelligence Scale',
    description: 'A short self-assessment of the four CQ capabilities.',
    scale: {
      points: 3,
      anchors: [
        { value: 1, label: 'Disagree' },
        { value: 2, label: 'Neither agree nor disagree' },
        { value: 3, label: 'Agree' },
      ],
    },
    items: [
      {
        id: 'drive-01',
        type: 'scale',
        text: 'I find leading a diverse team rewarding.',
        scenario: null,
        options: null,
      },
      {
        id: 'drive-02',
        type: 'scale',
        text: 'I stay with uncomfortable conversations.',
        scenario: null,
        options: null,
      },
    ],
    answers: {},
    savedAt: null,
    submittedAt: null,
    ...overrides,
  };
}

export function sjtInstrument(overrides: Partial<AssessmentInstrumentDto> = {}): AssessmentInstrumentDto {
  return {
    key: 'cq-sjt',
    instrumentId: 'i-2',
    version: 1,
    title: 'CQ Pathway situations',
    label: 'Situational judgement — a knowledge check',
    description: '',
    scale: null,
    items: [
      {
        id: 'sjt-01',
        type: 'choice',
        text: 'What would you do first?',
        scenario: 'A new nurse rarely speaks in handover.',
        options: [
          { id: 'a', text: 'Ask them privately how handover works for them' },
          { id: 'b', text: 'Leave it' },
        ],
      },
    ],
    answers: {},
    savedAt: null,
    submittedAt: null,
    ...overrides,
  };
}

export function surveyInstrument(overrides: Partial<AssessmentInstrumentDto> = {}): AssessmentInstrumentDto {
  return {
    key: 'reaction-survey',
    instrumentId: 'i-3',
    version: 1,
    title: 'End-of-programme feedback',
    label: 'Feedback survey',
    description: '',
    scale: null,
    items: [
      { id: 'comments-01', type: 'text', text: 'What was most useful?', scenario: null, options: null },
    ],
    answers: {},
    savedAt: null,
    submittedAt: null,
    ...overrides,
  };
}

export function stepAssessment(overrides: Partial<StepAssessmentDto> = {}): StepAssessmentDto {
  return {
    enrolmentId: ENROLMENT,
    stepId: STEP,
    title: 'Pre-assessment',
    programmeName: 'CQ Pathway for managers',
    timepoint: 'pre',
    locked: false,
    lockedReason: null,
    consentNeeded: [],
    equalityAsked: true,
    instruments: [likertInstrument()],
    complete: false,
    ...overrides,
  };
}

export function equality(overrides: Partial<EqualityDto> = {}): EqualityDto {
  return { asked: false, ethnicity: null, gender: null, band: null, recordedBand: '7', ...overrides };
}

export function profileEnrolment(overrides: Partial<ProfileEnrolmentDto> = {}): ProfileEnrolmentDto {
  return {
    enrolmentId: ENROLMENT,
    programmeName: 'CQ Pathway for managers',
    instrumentTitle: 'CQ Pathway self-assessment',
    instrumentLabel: 'CQ Pathway self-assessment — not the validated Cultural Intelligence Scale',
    scalePoints: 7,
    factors: [
      { id: 'drive', title: 'CQ drive', description: 'Wanting to lead well.' },
      { id: 'knowledge', title: 'CQ knowledge', description: 'Understanding backgrounds.' },
      { id: 'strategy', title: 'CQ strategy', description: 'Noticing assumptions.' },
      { id: 'action', title: 'CQ action', description: 'Adapting what you do.' },
    ],
    available: true,
    message: 'Your capability scores before and after the programme.',
    points: [
      {
        timepoint: 'pre',
        submittedAt: '2026-02-01T10:00:00.000Z',
        overall: 4.25,
        factors: { drive: 4.2, knowledge: 3.8, strategy: 4.6, action: null },
      },
      {
        timepoint: 'post',
        submittedAt: '2026-05-01T10:00:00.000Z',
        overall: 5.5,
        factors: { drive: 5.4, knowledge: 5.1, strategy: 5.8, action: 5.6 },
      },
    ],
    knowledge: [
      { timepoint: 'pre', correct: 4, total: 8 },
      { timepoint: 'post', correct: 7, total: 8 },
    ],
    interpretation: [
      {
        factor: 'drive',
        title: 'CQ drive',
        change: 1.2,
        summary: 'Your CQ drive score rose from 4.2 to 5.4 out of 7.',
        nextStep: 'Put a date in your diary for one race equality conversation.',
      },
    ],
    ...overrides,
  };
}

export function cqProfile(enrolments: ProfileEnrolmentDto[] = [profileEnrolment()]): CqProfileDto {
  return { enrolments };
}
