import { defineConfig } from 'vitest/config';

// Generated-repo tier: generate each combination and run the repo's own checks with real packages.
export default defineConfig({
  test: {
    include: ['test/generated/**/*.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 900_000,
    // Two cores: uv installs and pytest runs are heavy; one file at a time keeps them predictable.
    fileParallelism: false,
  },
});
