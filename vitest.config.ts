import { defineConfig } from 'vitest/config';

// Fast tier: tables, plans, engine, CLI and prompts. No Python, no network.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/generated/**', 'node_modules/**'],
    testTimeout: 20_000,
  },
});
