// Three suites: unit (no network), integration (real emulators, real engine), e2e (the CLI as a user runs it).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
          // Every core: vitest's default leaves one for itself, which on a 2-core CI machine means one worker, though
          // its own share of the work (transforms) is small next to the tests' imports.
          maxWorkers: "100%",
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Emulators and loads share two cores: one file at a time keeps timings meaningful.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 240_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
