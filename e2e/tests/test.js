// The browser tests' `test` and `expect`: Playwright's, with every page's CPU throttled when
// E2E_CPU_THROTTLE is set (4 is Lighthouse's mobile CPU: what a student's phone feels). A test that
// passes only on a fast CPU waits on time, not on the page's state; `.ci/flake` runs the suite this way.
// Timeouts (config, `settled`, and the explicit ones) scale with the rate through `slow`.
import { test as base, expect } from "@playwright/test";

export { expect };

/** How many times slower the CPU runs (1: not throttled). */
export const RATE = Math.max(1, Number(process.env.E2E_CPU_THROTTLE || 1));

/** A timeout of `ms` on an unthrottled CPU, scaled to the throttled one. */
export const slow = (ms) => ms * RATE;

async function throttled(page) {
  if (RATE > 1 && !page.__throttled) {
    page.__throttled = true;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: RATE });
  }
  return page;
}

function throttling(context) {
  if (RATE > 1 && !context.__throttling) {
    context.__throttling = true;
    const newPage = context.newPage.bind(context);
    context.newPage = async (...args) => throttled(await newPage(...args));
  }
  return context;
}

export const test = base.extend({
  // Contexts and pages the tests open themselves (browser.newContext, browser.newPage) are throttled too.
  browser: [
    async ({ browser }, use) => {
      if (RATE > 1 && !browser.__throttling) {
        browser.__throttling = true;
        const newContext = browser.newContext.bind(browser);
        browser.newContext = async (...args) => throttling(await newContext(...args));
        const newPage = browser.newPage.bind(browser);
        browser.newPage = async (...args) => throttled(await newPage(...args));
      }
      await use(browser);
    },
    { scope: "worker" },
  ],
  context: async ({ context }, use) => {
    await use(throttling(context));
  },
  page: async ({ page }, use) => {
    await use(await throttled(page));
  },
});
