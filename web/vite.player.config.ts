import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The SCORM player page, served on the content origin: `GET /player/{token}` answers with
 * dist-player/player.html and the directory dist-player/ is served under /player-assets/ (so the bundle is
 * at /player-assets/assets/*). Its content security policy allows no inline scripts or styles.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/player-assets/',
  // public/ holds the app's files (favicon and the like); the player needs none of them.
  publicDir: false,
  build: {
    outDir: 'dist-player',
    emptyOutDir: true,
    sourcemap: true,
    // Browsers that run the module scripts all support modulepreload.
    modulePreload: { polyfill: false },
    // Keep every asset a file: a data: URL would fall outside the page's policy.
    assetsInlineLimit: 0,
    rollupOptions: {
      input: fileURLToPath(new URL('./player.html', import.meta.url)),
    },
  },
});
