import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const nhsukAssets = fileURLToPath(
  new URL('../node_modules/nhsuk-frontend/dist/nhsuk/assets/', import.meta.url),
);

/**
 * The NHS.UK stylesheet loads the Frutiger web font from assets.nhs.uk. The service sends no requests to
 * third parties (and its content security policy only allows its own fonts), so those @font-face rules are
 * dropped and text uses the stylesheet's fallback fonts.
 */
const dropRemoteFonts = {
  postcssPlugin: 'cqp-drop-remote-fonts',
  AtRule: {
    'font-face': (rule: { toString(): string; remove(): void }) => {
      if (/url\(\s*['"]?https?:/i.test(rule.toString())) rule.remove();
    },
  },
};

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: [
      { find: '@', replacement: fileURLToPath(new URL('./src', import.meta.url)) },
      // The compiled NHS.UK stylesheet and the page icons refer to /assets/images/*.
      { find: /^\/assets\/images\//, replacement: `${nhsukAssets}images/` },
    ],
  },
  css: {
    postcss: { plugins: [dropRemoteFonts] },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The NHS.UK stylesheet ships minified, with hacks and container queries the CSS minifier rejects.
    cssMinify: false,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
