import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
import { api } from '../api/client';
import type { HealthDto } from '../api/types';

function isHealth(value: unknown): value is HealthDto {
  return typeof value === 'object' && value !== null && 'demo' in value && 'status' in value;
}

export const useServiceStore = defineStore('service', () => {
  const health = ref<HealthDto | null>(null);
  let pending: Promise<void> | null = null;

  const isDemo = computed(() => health.value?.demo === true);

  async function fetchHealth(): Promise<void> {
    try {
      // A degraded service answers 503 with the same body, which still says whether it is a demo.
      const { data, error } = await api.GET('/api/health');
      const body: unknown = data ?? error;
      health.value = isHealth(body) ? body : null;
    } catch {
      health.value = null;
    }
  }

  /** Asks the API about itself once; a failure leaves health unknown. */
  async function loadHealth(): Promise<void> {
    if (health.value) return;
    pending ??= fetchHealth().finally(() => {
      pending = null;
    });
    await pending;
  }

  return { health: readonly(health), isDemo, loadHealth };
});
