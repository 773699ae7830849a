import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

// Tests in tiers (STYLE.md §8): pure units, integration against the real sandbox and real
// SQLite files, component tests in jsdom, shell tests with a stand-in `electron`, and
// end-to-end tests in Chromium against the headless host.
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'component',
          include: ['tests/component/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: [resolve(root, 'tests/component/setup.ts')],
        },
      },
      {
        resolve: {
          alias: { electron: resolve(root, 'tests/shell/stand-in-electron.ts') },
        },
        test: {
          name: 'shell',
          include: ['tests/shell/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // One Chromium at a time on a 2-core machine: parallel browsers only add noise.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
