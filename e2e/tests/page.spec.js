// The page as a whole: it draws, loads nothing from elsewhere, works embedded, and is the release build.
import { test, expect } from "./test.js";
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { COURSE_ORIGIN, ORIGIN, fixture, open, settled, watch } from "./helpers.js";

/** Distinct colours in the canvas, sampled on a grid (a blank or failed canvas has one or none). */
async function canvasColours(page) {
  return page.locator("#ring").evaluate((c) => {
    const ctx = c.getContext("2d");
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    const seen = new Set();
    for (let y = 0; y < c.height; y += 7) for (let x = 0; x < c.width; x += 7) {
      const i = (y * c.width + x) * 4;
      if (data[i + 3] > 0) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
    }
    return seen.size;
  });
}

test("the ring is drawn sharp: canvas pixels follow the device pixel ratio", async ({ browser }) => {
  const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const t = watch(page);
  await open(page, "remove=db2");
  const { width, cssWidth } = await page.locator("#ring").evaluate((c) => ({ width: c.width, cssWidth: c.getBoundingClientRect().width }));
  expect(Math.abs(width - Math.round(cssWidth * 2))).toBeLessThanOrEqual(1);
  expect(await canvasColours(page)).toBeGreaterThan(8);
  // The picture is described for screen readers.
  await expect(page.locator("#ring-summary")).toContainText("Removing db2 moves 3,114 keys");
  await page.screenshot({ path: "test-results/page-remove-db2.png", fullPage: true });
  t.expectClean();
  await context.close();
});

test("hovering the ring names the virtual node that owns the arc", async ({ page }) => {
  const t = watch(page);
  await open(page, "nodes=db1&vnodes=1&keys=100");
  const ring = page.locator("#ring");
  const box = await ring.boundingBox();
  // A point on the ownership band, straight above the centre: one virtual node owns the whole ring.
  await ring.hover({ position: { x: box.width / 2, y: box.height / 2 - box.width * 0.29 } });
  const tip = page.locator("#ring-tip");
  await expect(tip).toBeVisible();
  await expect(tip).toHaveText("db1:0 owns 100.0 % of the ring: 100 keys");
  await page.mouse.move(box.x + 2, box.y + 2);
  await expect(tip).toBeHidden();
  // With several nodes: the middle of the seed's widest arc on the outer band (before the change) names
  // its virtual node, its share and its keys, as recomputed from the seed's rule (spec_reference.json).
  const arc = fixture("spec_reference").largest_arc;
  expect(arc.link).toBe("nodes=db1,db2,db3&vnodes=150&keys=10000");
  await open(page, `${arc.link}&remove=db2`);
  // The outer band's middle radius (src/layout.rs, Geometry::fit): 0.62 r less half a band of 0.07 r (6–22 px).
  const r = box.width / 2;
  const mid = r * 0.62 - Math.min(22, Math.max(6, r * 0.07)) / 2;
  const angle = 2 * Math.PI * arc.middle_turn;
  await ring.hover({ position: { x: r + mid * Math.sin(angle), y: r - mid * Math.cos(angle) } });
  await expect(tip).toHaveText(`${arc.vnode} owns ${(arc.share * 100).toFixed(1)} % of the ring: ${arc.keys.toLocaleString("en-US")} keys`);
  t.expectClean();
});

test("the keyboard steps through the virtual nodes on the ring", async ({ page }) => {
  const t = watch(page);
  await open(page, "nodes=db1,db2&vnodes=2&keys=100");
  const ring = page.getByRole("img", { name: "Hash ring picture" });
  await ring.focus();
  const tip = page.locator("#ring-tip");
  const seen = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("ArrowRight");
    await expect(tip).toBeVisible();
    seen.push((await tip.textContent()).split(" ")[0]);
    await expect(page.locator("#live")).toHaveText(new RegExp(`^Virtual node ${i + 1} of 4: ${seen[i]} owns`));
  }
  // Four arcs, one per virtual node: db1:0, db1:1, db2:0, db2:1 in ring order.
  expect([...seen].sort()).toEqual(["db1:0", "db1:1", "db2:0", "db2:1"]);
  // Past the last it wraps to the first.
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("#live")).toHaveText(/^Virtual node 1 of 4:/);
  await page.keyboard.press("End");
  await expect(page.locator("#live")).toHaveText(new RegExp(`^Virtual node 4 of 4: ${seen[3]} owns`));
  await page.keyboard.press("Escape");
  await expect(tip).toBeHidden();
  t.expectClean();
});

test("the balance curve is computed when the sliders rest, and agrees with the table", async ({ page }) => {
  const t = watch(page);
  await open(page);
  const values = page.locator("#curve-values");
  await expect(values).toHaveAttribute("data-ready", "true");
  await expect(values).toContainText(/^Spread by virtual nodes per node — 1: [\d.]+\s%, 2: .*, 1000: [\d.]+\s%\.$/);
  // At the current setting (150) the curve says what the load table says.
  const summary = await page.locator("#summary").textContent();
  const spread = summary.match(/std dev ([\d.]+)\s%/)[1];
  await expect(values).toContainText(new RegExp(`150: ${spread.replace(".", "\\.")}\\s%`));
  // Changing the keys makes it stale, then it is computed again.
  await page.getByRole("slider", { name: "Keys", exact: true }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(values).toHaveAttribute("data-ready", "true");
  await expect(page.locator("#keys-value")).toHaveText("11,000");
  t.expectClean();
});

test("few keys are drawn one by one, many are binned", async ({ page }) => {
  await open(page, "keys=500&remove=db2");
  await expect(page.locator("#ring-caption")).toContainText("Outer marks: every key at its place");
  await page.getByRole("slider", { name: "Keys", exact: true }).focus();
  await page.keyboard.press("End");
  await expect(page.locator("#ring-caption")).toContainText("Bars: keys per degree of the ring");
});

test("a million keys on 100 nodes × 1000 virtual nodes: exact and drawn", async ({ page }) => {
  const t = watch(page);
  const nodes = Array.from({ length: 100 }, (_, i) => `db${i + 1}`).join(",");
  await open(page, `nodes=${nodes}&vnodes=1000&keys=1000000&remove=db50`);
  // W(100,1000,1M) from ../shared/peers: the seed moves 10,321 keys.
  await expect(page.locator("#experiment [data-moved]")).toHaveAttribute("data-moved", "10321");
  expect(await canvasColours(page)).toBeGreaterThan(50);
  // The same numbers as a plain object, through wasm-bindgen and serde (wasmBindings.report()).
  const snapshot = await page.evaluate(() => window.wasmBindings.report());
  expect(snapshot.params.vnodes).toBe(1000);
  expect(snapshot.params.change).toEqual({ kind: "remove", node: "db50" });
  expect(snapshot.report.movement.moved).toBe(10321);
  expect(snapshot.report.rows).toHaveLength(100);
  expect(snapshot.report.rows.reduce((s, r) => s + r.keys, 0)).toBe(1000000);
  t.expectClean();
});

test("works inside a cross-origin iframe, as the course page embeds it", async ({ page }) => {
  const t = watch(page);
  // The course page (e2e/course.html) is on another origin: localhost and 127.0.0.1 differ.
  await page.goto(`${COURSE_ORIGIN}/course.html`);
  const frame = page.frameLocator("iframe");
  await expect(frame.locator("#experiment [data-moved]")).toHaveAttribute("data-moved", "3114");
  await frame.getByRole("combobox", { name: "Experiment" }).selectOption({ label: "Remove db1" });
  await expect(frame.locator("#experiment [data-moved]")).toHaveAttribute("data-moved", "3678");
  // Without clipboard permission the link is selected for copying by hand instead.
  await frame.getByRole("button", { name: "Copy link" }).click();
  await expect(frame.locator("#copy-status")).not.toBeEmpty();
  expect(t.errors).toEqual([]);
});

test("a Content-Security-Policy allows only the page's own files", async ({ page }) => {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective));
  });
  const t = watch(page);
  await open(page, "remove=db2");
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  expect(policy).toContain("default-src 'none'");
  expect(policy).toContain("connect-src 'self'");
  expect(policy).not.toContain("unsafe-inline");
  // The page itself runs under it without a single violation.
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
  t.expectClean();
  // Defence in depth: even markup that reached the DOM could not run script or load from elsewhere.
  await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<img src="https://example.invalid/x.png" onerror="window.__ran = 1">'));
  await expect.poll(() => page.evaluate(() => window.__violations.length)).toBeGreaterThan(0);
  expect(await page.evaluate(() => window.__ran)).toBeUndefined();
});

test("nothing is requested from outside the page's origin", async ({ page }) => {
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await open(page, "nodes=db1,db2,db3,db4&vnodes=50&keys=20000&add=db5");
  await page.getByRole("slider", { name: "Keys", exact: true }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("#keys-value")).not.toHaveText("20,000");
  expect(requests.length).toBeGreaterThan(2);
  for (const url of requests) expect(new URL(url).origin).toBe(ORIGIN);
});

test("the tested page is the release build, optimised by wasm-opt; the time views are a module loaded when needed", async ({ page }) => {
  const dist = fileURLToPath(new URL("../../dist/", import.meta.url));
  const wasm = readdirSync(dist).filter((f) => f.endsWith(".wasm")).sort();
  expect(wasm).toEqual([
    expect.stringMatching(/^ring-check-[0-9a-f]+_bg\.wasm$/),
    expect.stringMatching(/^ring-playground-[0-9a-f]+_bg\.wasm$/),
    expect.stringMatching(/^ring-time-[0-9a-f]+_bg\.wasm$/),
  ]);
  const [check, core, time] = wasm;
  // A debug build is several megabytes; the release builds with wasm-opt -Oz are far smaller (docs/performance.md
  // has the sizes).
  for (const file of wasm) expect(statSync(dist + file).size, file).toBeLessThan(800_000);
  const t = watch(page);
  const fetched = [];
  page.on("request", (r) => r.url().endsWith(".wasm") && fetched.push(new URL(r.url()).pathname.slice(1)));
  await open(page);
  // The default page fetches the core only; the time views and the check come when their section comes near.
  expect(fetched).toEqual([core]);
  await page.locator("#time").scrollIntoViewIfNeeded();
  await settled(page);
  await expect(page.locator("#history")).toHaveAttribute("data-hist", /./);
  await expect(page.locator("#pbs")).toHaveAttribute("data-trials", "100000");
  expect(fetched[0]).toBe(core);
  expect(fetched).toContain(time);
  await page.locator("#check").scrollIntoViewIfNeeded();
  await settled(page);
  await expect(page.locator("#check-status")).toHaveText("Checked once you paste or open a history.");
  expect([...fetched].sort()).toEqual(wasm);
  t.expectClean();
});
