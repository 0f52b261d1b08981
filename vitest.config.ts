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
    // Test files share each worker's module cache: loading Prisma, grammY and the sources once per worker instead of
    // once per file cuts the suite's import time from ~170 s to ~25 s. Tests keep no state in modules or globals.
    isolate: false,
  },
});
