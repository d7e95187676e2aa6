import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { api, unwrap } from '../api/client';
import type { LearningEnrolmentDto } from '../api/types';

export const useLearningStore = defineStore('learning', () => {
  const enrolments = ref<LearningEnrolmentDto[]>([]);
  const loaded = ref(false);

  async function load(): Promise<void> {
    const mine = await unwrap(api.GET('/api/me/learning'));
    enrolments.value = mine.enrolments;
    loaded.value = true;
  }

  return { enrolments: readonly(enrolments), loaded: readonly(loaded), load };
});
