import { toValue, watchEffect, type MaybeRefOrGetter } from 'vue';

export const SERVICE_NAME = 'CQ Pathway';

export function formatPageTitle(page: string): string {
  return page ? `${page} – ${SERVICE_NAME}` : SERVICE_NAME;
}

/** Keeps document.title in step with the page ("<Page> – CQ Pathway"). */
export function usePageTitle(page: MaybeRefOrGetter<string>): void {
  watchEffect(() => {
    document.title = formatPageTitle(toValue(page));
  });
}
