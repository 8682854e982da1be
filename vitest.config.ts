import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The Electron stand-in must also reach electron-store's own `import 'electron'`.
    server: { deps: { inline: ['electron-store', 'electron-log'] } },
    pool: 'forks',
  },
});
