import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { api, unwrap } from '../api/client';
import type { ReminderDto } from '../api/types';

export const useRemindersStore = defineStore('reminders', () => {
  const byTrust = ref<Record<string, ReminderDto[]>>({});

  /** The reminders sent to the trust's learners, newest first. */
  async function load(trustId: string): Promise<void> {
    const list = await unwrap(api.GET('/api/trusts/{trustId}/reminders', { params: { path: { trustId } } }));
    byTrust.value = { ...byTrust.value, [trustId]: list };
  }

  return { byTrust: readonly(byTrust), load };
});
