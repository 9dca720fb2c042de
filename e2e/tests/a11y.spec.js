// Accessibility audit: axe-core finds no serious or critical violation, in light and dark, at 1280 and
// 390 px, in the full page and in the compact (embed) view. The page's CSP forbids injected scripts, so
// the audit runs in a context that bypasses it.
import { RATE, slow, test, expect } from "./test.js";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { open } from "./helpers.js";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const AP = "nodes=db1,db2,db3,db4,db5&vnodes=150&keys=10000&replicas=3&r=2&w=2&clients=4&ops=12&cap=a&split=db2,db4,db5,c1&from=60&to=240";

const TOUR = { tour: "tour=reddit&step=2", "tour-embed": "tour=reddit&step=8&embed=1" };

for (const view of ["full", "embed", "replication", "replication-embed", "curve-embed", "time", "time-embed", "tour", "tour-embed"]) {
  for (const width of [1280, 390]) {
    for (const scheme of ["light", "dark"]) {
      test(`axe: no serious or critical violations (${view}, ${width} px, ${scheme})`, async ({ browser }) => {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, bypassCSP: true });
        const page = await context.newPage();
        // "replication": the full page with every replication view in use (copies, down rows, hot key, cache).
        // "time": the time views with a partition under AP, the messages shown and the history as a table.
        // "replication-embed" and "curve-embed": the compact view's forms for replication and the balance
        // curve ("tour-embed", a staleness step, shows the staleness form).
        const replication = "&replicas=3&r=2&w=2&zipf=0.80&cache=100&fail=db1";
        const extra = { full: "", embed: "&embed=1", replication, "replication-embed": `${replication}&embed=1`, "curve-embed": "&part=curve&embed=1" }[view];
        // "tour": a tour step with its boxes and the list of steps open; "tour-embed": a time step embedded.
        const link = TOUR[view] ?? (view.startsWith("time") ? `${AP}${view === "time-embed" ? "&embed=1" : ""}` : `nodes=db1,db2,db3,db4&vnodes=150&keys=10000&remove=db2${extra}`);
        await open(page, link);
        if (view.startsWith("time")) {
          await expect(page.locator("main")).not.toHaveAttribute("data-busy", /.*/);
          await expect(page.locator("#history")).toHaveAttribute("data-hist", /./);
        }
        if (!view.includes("embed")) {
          await expect(page.locator("#compare-status")).toHaveAttribute("data-ready", "true");
          await page.locator("details.ring-table summary").click();
        }
        if (view === "curve-embed") await expect(page.locator("#curve-values")).toHaveAttribute("data-ready", "true");
        if (view.startsWith("tour")) {
          await expect(page.locator("#tour-caption")).toHaveAttribute("data-complete", "true");
          if (view === "tour") await page.locator("#tour-menu summary").click();
        }
        if (view === "time") {
          await page.locator("#history-messages").check();
          await page.locator("details.history-details summary").click();
          await page.locator('#verdicts li[data-holds="false"]').first().focus();
        }
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const result = await window.axe.run(document, { resultTypes: ["violations"] });
          return result.violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
        });
        expect(violations).toEqual([]);
        await context.close();
      });
    }
  }
}

for (const scheme of ["light", "dark"]) {
  test(`axe: no serious or critical violations while a 1M-key link opens (progress shown, ${scheme})`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme, bypassCSP: true });
    const page = await context.newPage();
    // The pill shows only while the link opens: with the CPU slowed 8× (or more) that is seconds, not a
    // few hundred ms, so that axe finds it there even when the machine is busy.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: Math.max(8, RATE) });
    const nodes = Array.from({ length: 100 }, (_, i) => `db${i + 1}`).join(",");
    // From the moment the page is committed, not its load event (which can come after the pill is gone),
    // checked by a timer, not on frames: on a busy machine frames can be few while the page computes.
    await page.goto(`/#nodes=${nodes}&vnodes=1000&keys=1000000&remove=db50`, { waitUntil: "commit" });
    await page.waitForFunction(() => {
      const pill = document.getElementById("progress");
      return pill && !pill.hidden && pill.offsetWidth > 0;
    }, null, { polling: 10, timeout: slow(60_000) });
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document.querySelector(".controls").parentElement, { resultTypes: ["violations"] });
      return result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
    });
    expect(violations).toEqual([]);
    await context.close();
  });
}

test("every control shows where the focus is", async ({ page }) => {
  await open(page, "remove=db2");
  await expect(page.locator("#compare-status")).toHaveAttribute("data-ready", "true");
  const controls = page.locator("main select, main input, main button, main a[href], main summary, main [tabindex='0']");
  const count = await controls.count();
  expect(count).toBeGreaterThan(15);
  for (let i = 0; i < count; i++) {
    const el = controls.nth(i);
    // A disabled control (a removed node's "Down" box) takes no focus.
    if (!(await el.isVisible()) || (await el.isDisabled())) continue;
    await el.focus();
    // Keyboard focus: an outline of at least 2 px (the :focus-visible rule), or the browser's own ring.
    const outline = await el.evaluate((e) => {
      const s = getComputedStyle(e);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(outline.style, await el.evaluate((e) => e.outerHTML.slice(0, 80))).not.toBe("none");
    expect(outline.width).toBeGreaterThanOrEqual(2);
  }
});
