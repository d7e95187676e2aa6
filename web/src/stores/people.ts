import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { api, unwrap } from '../api/client';
import type { CreatePersonInput, PersonDto } from '../api/types';

/** People shown on one page of a trust's staff list. */
export const STAFF_PAGE_SIZE = 50;

export const usePeopleStore = defineStore('people', () => {
  const trustId = ref<string | null>(null);
  const people = ref<PersonDto[]>([]);
  const total = ref(0);
  const query = ref('');
  const page = ref(1);
  let latest = 0;

  /** One page (counted from 1) of the trust's staff whose name, staff number or email contains `q`. */
  async function search(forTrust: string, q = '', wantedPage = 1): Promise<void> {
    const request = ++latest;
    const trimmed = q.trim();
    const current = Math.max(1, Math.floor(wantedPage));
    const result = await unwrap(
      api.GET('/api/trusts/{trustId}/people', {
        params: {
          path: { trustId: forTrust },
          query: {
            limit: STAFF_PAGE_SIZE,
            offset: (current - 1) * STAFF_PAGE_SIZE,
            ...(trimmed ? { q: trimmed } : {}),
          },
        },
      }),
    );
    if (request !== latest) return;
    trustId.value = forTrust;
    people.value = result.items;
    total.value = result.total;
    query.value = trimmed;
    page.value = current;
  }

  /**
   * Adds one member of staff to the trust, checked by the API as a row of a staff list would be.
   * The list shown is left as it is: refresh it with `search` to include them.
   */
  async function addPerson(forTrust: string, input: CreatePersonInput): Promise<PersonDto> {
    return unwrap(
      api.POST('/api/trusts/{trustId}/people', { params: { path: { trustId: forTrust } }, body: input }),
    );
  }

  return {
    trustId: readonly(trustId),
    people: readonly(people),
    total: readonly(total),
    query: readonly(query),
    page: readonly(page),
    search,
    addPerson,
  };
});
