import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { api, unwrap } from '../api/client';
import type { OutboxMessageDto } from '../api/types';

export const useOutboxStore = defineStore('outbox', () => {
  const messages = ref<OutboxMessageDto[]>([]);
  const loaded = ref(false);

  async function loadMessages(): Promise<void> {
    const list = await unwrap(api.GET('/api/admin/outbox'));
    messages.value = [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    loaded.value = true;
  }

  return { messages: readonly(messages), loaded: readonly(loaded), loadMessages };
});
