import { defineConfig } from 'vitest/config';
import { lwcVitest } from './ui-extensions/salesforce/test/lwc-vitest-plugin.js';

/**
 * The Salesforce LWC component tests run in jsdom, once per language, because the labels are
 * compiled into the components. The project's metadata and source checks need no language and run
 * once, with English.
 */
const lwcProject = (locale: 'en' | 'zh-CN', include: string[]) => ({
  extends: true as const,
  plugins: [lwcVitest({ locale })],
  test: { name: `salesforce-lwc-${locale}`, environment: 'jsdom', include, setupFiles: ['ui-extensions/salesforce/test/setup.ts'] },
});

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: [
            'core/**/*.test.ts',
            'connectors/**/*.test.ts',
            'server/**/*.test.ts',
            'test/**/*.test.ts',
            // The HubSpot project (cards, config, scripts); its own tsconfig gives the .tsx files react-jsx.
            'ui-extensions/hubspot/**/*.test.{ts,tsx}',
          ],
        },
      },
      lwcProject('en', ['ui-extensions/salesforce/**/*.test.ts']),
      lwcProject('zh-CN', ['ui-extensions/salesforce/force-app/**/*.test.ts']),
    ],
  },
});
