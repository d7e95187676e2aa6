import type { ConsentFormDto, StudyDto } from '../api/types';

export const STUDY: StudyDto = {
  id: 's-1',
  name: 'CQ Pathway evaluation',
  description: 'Does the programme change how managers lead diverse teams?',
  trustIds: ['t1'],
  isDemo: false,
  createdAt: '2026-02-01T10:00:00.000Z',
};

export function consentForm(version: number, extra: Partial<ConsentFormDto> = {}): ConsentFormDto {
  return {
    id: `form-${version}`,
    studyId: 's-1',
    version,
    title: `Taking part in the evaluation (v${version})`,
    information: `What the study is about, version ${version}.\n\nWhat happens to your answers.`,
    statements: [`I have read the information in version ${version}.`, 'I understand I can withdraw.'],
    createdAt: `2026-03-0${version}T10:00:00.000Z`,
    ...extra,
  };
}
