import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { api, unwrap } from '../api/client';
import type { AttemptDetailDto, EnrolmentAttemptsDto } from '../api/types';

/** Module attempts of a trust's learners, for L&D admins. */
export const useAttemptsStore = defineStore('attempts', () => {
  const byEnrolment = ref<Record<string, EnrolmentAttemptsDto[]>>({});
  const details = ref<Record<string, AttemptDetailDto>>({});

  async function loadEnrolmentAttempts(trustId: string, enrolmentId: string): Promise<void> {
    const list = await unwrap(
      api.GET('/api/trusts/{trustId}/enrolments/{enrolmentId}/attempts', {
        params: { path: { trustId, enrolmentId } },
      }),
    );
    byEnrolment.value = { ...byEnrolment.value, [enrolmentId]: list };
  }

  async function loadAttempt(trustId: string, attemptId: string): Promise<void> {
    const detail = await unwrap(
      api.GET('/api/trusts/{trustId}/attempts/{attemptId}', { params: { path: { trustId, attemptId } } }),
    );
    details.value = { ...details.value, [attemptId]: detail };
  }

  return {
    byEnrolment: readonly(byEnrolment),
    details: readonly(details),
    loadEnrolmentAttempts,
    loadAttempt,
  };
});
