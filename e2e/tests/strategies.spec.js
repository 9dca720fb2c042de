// The nine strategies in the page: chosen by menu or link, exact against ../shared/specs/strategies.md's
// worked examples, compared side by side, and the Reddit 2012 → 2013 story.
import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { open, rows, addressFragment, watch } from "./helpers.js";

const spec = JSON.parse(readFileSync(fileURLToPath(new URL("../../tests/fixtures/spec_strategies.json", import.meta.url)), "utf8"));
const base = `nodes=${spec.nodes.join(",")}&vnodes=${spec.vnodes}&keys=${spec.keys}`;
const notices = (page) => page.locator("#notice-list li").allTextContents();
const moved = (page) => page.locator("#experiment [data-moved]");
const compareReady = (page) => expect(page.locator("#compare-status")).toHaveAttribute("data-ready", "true");

test("every strategy's counts match the spec's worked example, opened as a link", async ({ page }) => {
  const t = watch(page);
  for (const [strategy, counts] of Object.entries(spec.counts)) {
    await open(page, `${base}&strategy=${strategy}`);
    await expect(page.locator("#strategy")).toHaveValue(strategy);
    await expect.poll(async () => (await rows(page)).map((r) => r.keys), { message: strategy }).toEqual(counts);
    await expect(page.locator("#notice")).toBeHidden();
  }
  t.expectClean();
});

for (const c of spec.changes) {
  const change = c.add ? `add=${c.add}` : `remove=${c.remove}`;
  test(`worked example: ${c.strategy} ${change} moves ${c.moved}`, async ({ page }) => {
    const t = watch(page);
    // The canonical link: a strategy's own setting is written where it applies (shards=1000 by default).
    const setting = c.strategy === "shards" ? "&shards=1000" : c.c ? `&c=${c.c}` : "";
    const link = `${base}&strategy=${c.strategy}${setting}&${change}`;
    await open(page, link);
    await expect(moved(page)).toHaveAttribute("data-moved", String(c.moved));
    const after = Object.fromEntries((await rows(page)).filter((r) => r.node !== c.remove).map((r) => [r.node, r.after]));
    expect(after).toEqual(c.after);
    expect(await addressFragment(page)).toBe(`v=1&${link}`);
    t.expectClean();
  });
}

test("the Strategy menu by keyboard and pointer; settings show only where they apply", async ({ page }) => {
  const t = watch(page);
  await open(page, "remove=db2");
  const menu = page.getByRole("combobox", { name: "Strategy" });
  await expect(menu).toHaveValue("ring");
  await expect(page.getByRole("slider", { name: "Virtual shards" })).toBeHidden();
  await expect(page.getByRole("slider", { name: "Load bound c" })).toBeHidden();
  // Pointer: choose by label.
  await menu.selectOption({ label: "Virtual shards" });
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&strategy=shards&shards=1000&remove=db2");
  await expect(page.locator("#experiment [data-strategy]")).toHaveAttribute("data-strategy", "shards");
  const shards = page.getByRole("slider", { name: "Virtual shards" });
  await expect(shards).toBeVisible();
  await expect(shards).toHaveAttribute("aria-valuetext", "1,000 virtual shards");
  // Keyboard on the shards slider: every step changes the count.
  await shards.focus();
  await page.keyboard.press("ArrowLeft");
  await expect(page.locator("#shards-value")).toHaveText("990");
  await page.keyboard.press("Home");
  await expect(page.locator("#shards-value")).toHaveText("16");
  await expect.poll(() => addressFragment(page)).toContain("strategy=shards&shards=16&remove=db2");
  // Keyboard on the menu: down to the next strategy (jump); the shards setting goes back to its default.
  await menu.focus();
  await page.keyboard.press("ArrowDown");
  await expect(menu).toHaveValue("jump");
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&strategy=jump&remove=db2");
  await expect(shards).toBeHidden();
  // Jump removing a middle node says why it moves so much.
  await expect(page.locator("[data-change-note]")).toContainText("Jump can only drop the last bucket");
  // Bounded loads: the c slider, 1.00 to 3.00 in steps of 0.05.
  await menu.selectOption("bounded");
  const c = page.getByRole("slider", { name: "Load bound c" });
  await expect(c).toBeVisible();
  await c.focus();
  await page.keyboard.press("Home");
  await expect(page.locator("#c-value")).toHaveText("1.00");
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("#c-value")).toHaveText("1.05");
  await page.keyboard.press("End");
  await expect(page.locator("#c-value")).toHaveText("3.00");
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&strategy=bounded&c=3.00&remove=db2");
  // With c = 3 no node is ever full: bounded loads is the ring exactly.
  await expect(moved(page)).toHaveAttribute("data-moved", "3114");
  t.expectClean();
});

test("the comparison has a row per strategy with the worked example's numbers; a row picks its strategy", async ({ page }) => {
  const t = watch(page);
  await open(page, `${base}&remove=db2`);
  await compareReady(page);
  const table = page.locator("#compare-body");
  await expect(table.locator("tr[data-strategy]")).toHaveCount(9);
  const row = (s) => table.locator(`tr[data-strategy="${s}"]`);
  for (const c of spec.changes.filter((c) => c.remove === "db2" && !c.c)) {
    await expect(row(c.strategy)).toHaveAttribute("data-moved", String(c.moved));
  }
  // The ring moves exactly db2's keys; range loses its balance; every row has its numbers.
  await expect(row("ring")).toHaveAttribute("data-moved", String(spec.counts.ring[1]));
  await expect(row("range")).toHaveAttribute("data-max-mean", "1.0000");
  // After db2's range merges into db3's: 2,500 keys against a mean of 5,000 / 3.
  await expect(row("range")).toHaveAttribute("data-max-mean-after", "1.5000");
  for (const s of Object.keys(spec.counts)) {
    const r = row(s);
    expect(Number(await r.getAttribute("data-max-mean"))).toBeGreaterThanOrEqual(1);
    expect(Number(await r.getAttribute("data-lookup-ns"))).toBeGreaterThan(0);
    await expect(r.locator(".why")).not.toBeEmpty();
  }
  await expect(row("maglev")).toHaveAttribute("data-bytes", String(65537 * 4));
  await expect(row("ring")).toHaveClass(/chosen/);
  // Clicking a row (its name) picks that strategy; the keyboard reaches it too.
  await row("maglev").getByRole("button").click();
  await expect.poll(() => addressFragment(page)).toContain("strategy=maglev");
  await expect(row("maglev")).toHaveClass(/chosen/);
  await expect(moved(page)).toHaveAttribute("data-moved", await row("maglev").getAttribute("data-moved"));
  await row("range").getByRole("button").focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#strategy")).toHaveValue("range");
  await expect(moved(page)).toHaveAttribute("data-moved", "1250");
  t.expectClean();
});

test("Reddit 2012 → 2013: hash % 16 against 1000 virtual shards, adding a 17th node", async ({ page }) => {
  const t = watch(page);
  await open(page);
  await page.getByRole("button", { name: "Reddit 2012 → 2013" }).click();
  await expect(page.locator("#load-body tr")).toHaveCount(17);
  await expect(page.locator("#strategy")).toHaveValue("modn");
  await compareReady(page);
  const reddit = page.locator("#reddit");
  await expect(reddit).toBeVisible();
  const k = 100000;
  const modn = Number(await reddit.getAttribute("data-modn-moved"));
  const shards = Number(await reddit.getAttribute("data-shards-moved"));
  // hash % N: a key stays only where md5 mod 16 and mod 17 name the same node (about 1 in 17).
  expect(modn / k).toBeGreaterThan(0.9);
  // 1000 shards: ⌊1000/17⌋ = 58 whole shards move, about 5.8 % of the keys.
  expect(shards / k).toBeGreaterThan(0.04);
  expect(shards / k).toBeLessThan(0.08);
  await expect(moved(page)).toHaveAttribute("data-moved", String(modn));
  await expect(reddit).toContainText("user_id % 16");
  await expect(page.locator('#compare-body tr[data-strategy="shards"]')).toHaveAttribute("data-moved", String(shards));
  t.expectClean();
});

test("bad strategy values in a link are defaulted or clamped, and said", async ({ page }) => {
  const t = watch(page);
  await open(page, `strategy=${encodeURIComponent("<img src=x onerror=window.__pwned=1>")}&shards=5&c=abc`);
  await expect(page.locator("#strategy")).toHaveValue("ring");
  let said = (await notices(page)).join(" ");
  expect(said).toContain("Unknown strategy");
  expect(said).toContain("“shards” applies only to strategy=shards");
  expect(said).toContain("“c” applies only to strategy=bounded");
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  await expect(page.locator("main img")).toHaveCount(0);
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000");
  await open(page, "strategy=shards&shards=0");
  await expect(page.locator("#shards-value")).toHaveText("16");
  expect((await notices(page)).join(" ")).toContain("“shards” must be at least 16");
  await open(page, "strategy=bounded&c=abc");
  await expect(page.locator("#c-value")).toHaveText("1.25");
  expect((await notices(page)).join(" ")).toContain("“c” should be a number from 1.00 to 3.00");
  await open(page, "strategy=bounded&c=9");
  await expect(page.locator("#c-value")).toHaveText("3.00");
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&strategy=bounded&c=3.00");
  t.expectClean();
});

test("100 nodes × 1M keys: every strategy compared once the sliders rest", async ({ page }) => {
  test.setTimeout(120_000);
  const t = watch(page);
  const nodes = Array.from({ length: 100 }, (_, i) => `db${i + 1}`).join(",");
  await open(page, `nodes=${nodes}&vnodes=1000&keys=1000000&remove=db50`);
  await expect(moved(page)).toHaveAttribute("data-moved", "10321");
  await expect(page.locator("#compare-status")).toHaveAttribute("data-ready", "true", { timeout: 60_000 });
  const table = page.locator("#compare-body");
  await expect(table.locator('tr[data-strategy="ring"]')).toHaveAttribute("data-moved", "10321");
  // Rendezvous and ketama move only db50's keys; hash % N nearly all; jump renumbers 50 nodes.
  const movedOf = async (s) => Number(await table.locator(`tr[data-strategy="${s}"]`).getAttribute("data-moved"));
  expect(await movedOf("modn")).toBeGreaterThan(900000);
  expect(await movedOf("rendezvous")).toBeLessThan(12000);
  expect(await movedOf("jump")).toBeGreaterThan(100000);
  const snapshot = await page.evaluate(() => window.wasmBindings.report());
  expect(snapshot.comparison).toHaveLength(9);
  expect(snapshot.comparison.find((r) => r.strategy === "ring").moved).toBe(10321);
  t.expectClean();
});

test("screenshots of every strategy, light and dark, 1280 and 390 px wide", async ({ browser }) => {
  test.setTimeout(180_000);
  for (const [width, scheme] of [[1280, "light"], [1280, "dark"], [390, "light"], [390, "dark"]]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    const t = watch(page);
    for (const strategy of Object.keys(spec.counts)) {
      await open(page, `nodes=db1,db2,db3,db4,db5&vnodes=100&keys=20000&strategy=${strategy}&add=db6`);
      await compareReady(page);
      await page.screenshot({ path: `test-results/strategy-${strategy}-${width}-${scheme}.png`, fullPage: true });
    }
    t.expectClean();
    await context.close();
  }
});
