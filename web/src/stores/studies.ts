import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { api, unwrap } from '../api/client';
import type { CreateStudyInput, StudyDto } from '../api/types';

export const useStudiesStore = defineStore('studies', () => {
  const studies = ref<StudyDto[]>([]);
  const loaded = ref(false);

  async function loadStudies(): Promise<void> {
    studies.value = await unwrap(api.GET('/api/studies'));
    loaded.value = true;
  }

  async function createStudy(input: CreateStudyInput): Promise<StudyDto> {
    const study = await unwrap(api.POST('/api/studies', { body: input }));
    studies.value = [...studies.value, study].sort((a, b) => a.name.localeCompare(b.name));
    return study;
  }

  async function loadStudy(studyId: string): Promise<StudyDto> {
    const study = await unwrap(api.GET('/api/studies/{studyId}', { params: { path: { studyId } } }));
    studies.value = studies.value.some((s) => s.id === study.id)
      ? studies.value.map((s) => (s.id === study.id ? study : s))
      : [...studies.value, study];
    return study;
  }

  return { studies: readonly(studies), loaded: readonly(loaded), loadStudies, createStudy, loadStudy };
});
