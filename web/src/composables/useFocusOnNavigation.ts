import { nextTick } from 'vue';
import { START_LOCATION, type Router } from 'vue-router';

/** Moves focus to the page heading (or main) whenever the page changes, so screen readers announce it. */
export function focusPageHeading(root: ParentNode = document): void {
  const target =
    root.querySelector<HTMLElement>('main h1') ??
    root.querySelector<HTMLElement>('h1') ??
    root.querySelector<HTMLElement>('main');
  if (!target) return;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: false });
}

export function useFocusOnNavigation(router: Router): () => void {
  return router.afterEach((to, from, failure) => {
    if (failure || from === START_LOCATION || to.path === from.path) return;
    void nextTick(() => focusPageHeading());
  });
}
