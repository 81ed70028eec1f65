import { defineConfig } from 'vitest/config';

export default defineConfig({
  // examples/cdktf imports `deskform/cdktf`, which tsconfig.json maps to the sources.
  resolve: { tsconfigPaths: true },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
