// Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium); no browser is downloaded.
// The page under test is the release build in ../dist (`trunk build --release`), served on localhost.
import { defineConfig } from "@playwright/test";

// E2E_PORT moves the served page off the default port (so two worktrees can test at once).
const PORT = Number(process.env.E2E_PORT ?? 4173);
// E2E_CPU_THROTTLE=4 throttles every page's CPU (tests/test.js); the timeouts scale with it.
const RATE = Math.max(1, Number(process.env.E2E_CPU_THROTTLE || 1));

export default defineConfig({
  testDir: "tests",
  timeout: 60_000 * RATE,
  expect: { timeout: 20_000 * RATE },
  fullyParallel: false,
  workers: 1,
  // Never retried: a retry would hide the next test that fails by chance (.ci/flake looks for them).
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `node serve.mjs ../dist ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 20_000,
  },
});
