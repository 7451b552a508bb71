import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'core/**/*.test.ts',
      'connectors/**/*.test.ts',
      'server/**/*.test.ts',
      'test/**/*.test.ts',
      // The HubSpot project (cards, config, scripts); its own tsconfig gives the .tsx files react-jsx.
      'ui-extensions/hubspot/**/*.test.{ts,tsx}',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
