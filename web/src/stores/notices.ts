import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';

export interface Notice {
  variant?: 'success' | 'important';
  heading?: string;
  text: string;
}

/** A one-off success message carried to the next page (for example "You have signed out"). */
export const useNoticesStore = defineStore('notices', () => {
  const pending = ref<Notice | null>(null);

  function flash(notice: Notice): void {
    pending.value = notice;
  }

  function take(): Notice | null {
    const notice = pending.value;
    pending.value = null;
    return notice;
  }

  return { pending: readonly(pending), flash, take };
});
