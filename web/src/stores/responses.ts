import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';

type Schemas = components['schemas'];

export type ResponseRecordDto = Schemas['ResponseRecordDto'];
export type CorrectionInput = Schemas['CorrectionDto'];
export type ResponseAnswers = ResponseRecordDto['answers'];
export type ResponseAnswer = ResponseAnswers[string];

/** The assessment responses of one enrolment and their corrections (platform admins only). */
export const useResponsesStore = defineStore('responses', () => {
  const byEnrolment = ref<Record<string, ResponseRecordDto[]>>({});

  // Answers to older requests are dropped, so a quick reload cannot show an older list.
  const latestRequest: Record<string, number> = {};
  let requests = 0;

  /** Every response of the enrolment: drafts, submitted ones, corrections and what they replaced. */
  async function loadEnrolmentResponses(enrolmentId: string): Promise<ResponseRecordDto[]> {
    const current = ++requests;
    latestRequest[enrolmentId] = current;
    const records = await unwrap(
      api.GET('/api/admin/enrolments/{enrolmentId}/responses', { params: { path: { enrolmentId } } }),
    );
    if (latestRequest[enrolmentId] === current) {
      byEnrolment.value = { ...byEnrolment.value, [enrolmentId]: records };
    }
    return records;
  }

  /** Corrects a submitted response: the API keeps the original and answers with the new record. */
  async function correctResponse(responseId: string, input: CorrectionInput): Promise<ResponseRecordDto> {
    return unwrap(
      api.POST('/api/admin/responses/{responseId}/corrections', {
        params: { path: { responseId } },
        body: { answers: { ...input.answers }, reason: input.reason },
      }),
    );
  }

  return {
    byEnrolment: readonly(byEnrolment),
    loadEnrolmentResponses,
    correctResponse,
  };
});
