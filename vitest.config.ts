import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // tests/postgres: PostgreSQL's own tests, run by npm run test:postgres (vitest.postgres.config.ts).
    exclude: ["tests/postgres/**", ...(process.env.PONTE_CHAOS ? [] : ["tests/chaos/**"])],
    globalSetup: ["tests/helpers/global-setup.ts"],
    setupFiles: ["tests/helpers/telegram-limits-setup.ts"],
    // Upper bounds that only a stuck test reaches: the suite must pass on a busy machine (npm run test:stress).
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
