import { defineConfig } from 'vitest/config';

// The runtime test picks jsdom with a `@vitest-environment jsdom` comment; the rest run in Node.
export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    testTimeout: 30_000,
  },
});
