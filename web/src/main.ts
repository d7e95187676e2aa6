import 'nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css';
import './app.css';

import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { onUnauthorized } from './api/client';
import App from './App.vue';
import { createAppRouter } from './router';
import { useNoticesStore } from './stores/notices';
import { useSessionStore } from './stores/session';

document.body.classList.add('js-enabled');

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const router = createAppRouter();
app.use(router);

const session = useSessionStore(pinia);
onUnauthorized(() => {
  if (!session.isSignedIn) return;
  session.sessionEnded();
  useNoticesStore(pinia).flash({
    variant: 'important',
    text: 'You have been signed out because your session ended. Sign in again to continue.',
  });
  const current = router.currentRoute.value;
  if (!current.meta.public) void router.push({ name: 'sign-in', query: { redirect: current.fullPath } });
});

void router.isReady().then(() => app.mount('#app'));
