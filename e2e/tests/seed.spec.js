// The page's numbers against the seed code's own answers (fixtures from seed_golden.py).
import { test, expect } from "./test.js";
import { fixture, fragmentOf, open, rows, distBefore, distAfter, settled, watch } from "./helpers.js";

test("first visit shows the course page's example ring, seed-exact", async ({ page }) => {
  const t = watch(page);
  await open(page);
  const f = fixture("seed_3x150_10k");
  await expect(page.locator("#load-body tr")).toHaveCount(3);
  expect(await distBefore(page)).toEqual(f.dist);
  await expect(page.getByRole("slider", { name: "Nodes", exact: true })).toHaveValue("3");
  await expect(page.locator("#nodes-value")).toHaveText("3");
  await expect(page.locator("#vnodes-value")).toHaveText("150");
  await expect(page.locator("#keys-value")).toHaveText("10,000");
  t.expectClean();
});

// The default experiment's numbers are written into index.html (e2e/tools/prerender.mjs), so that they show
// at the first paint, before the wasm arrives. They must be the seed's, and exactly what the page then computes.
const panels = (page) => page.evaluate(() => ({
  head: document.getElementById("load-head").innerText,
  rows: document.getElementById("load-body").innerText,
  summary: document.getElementById("summary").innerText,
  experiment: document.getElementById("experiment-body").innerText,
}));

test("the default page's numbers are in index.html itself, seed-exact, and the page computes the same", async ({ page }) => {
  // Without the wasm: only the page as written.
  await page.route(/\.wasm$/, (route) => route.abort());
  await page.goto("/");
  const written = page.locator("#load-body tr[data-prerendered]");
  await expect(written).toHaveCount(3);
  await expect(written.first()).toBeVisible();
  const cells = await written.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.innerText.trim())));
  const dist = Object.fromEntries(cells.map((c) => [c[0], Number(c.at(-3).replaceAll(",", ""))]));
  expect(dist).toEqual(fixture("seed_3x150_10k").dist);
  await expect(page.locator("#load-body input[type=checkbox]:disabled")).toHaveCount(3);
  const before = await panels(page);
  expect(before.experiment).toContain("Pick “Remove …” or “Add …”");
  expect(before.experiment).not.toContain("Loading");

  // With it: the page replaces them with its own numbers, character for character the same.
  await page.unroute(/\.wasm$/);
  const t = watch(page);
  await open(page);
  await expect(page.locator("[data-prerendered]")).toHaveCount(0);
  expect(await panels(page)).toEqual(before);
  await expect(page.locator("#load-body input[type=checkbox]:enabled")).toHaveCount(3);
  t.expectClean();
});

test("a link never shows the default's written numbers, only its own", async ({ page }) => {
  await page.route(/\.wasm$/, (route) => route.abort());
  await page.goto("/#nodes=db1,db2&vnodes=10&keys=100");
  await expect(page.locator("#experiment-body")).toHaveText("Loading the ring…", { useInnerText: true });
  await expect(page.locator("#load-body tr").first()).toBeHidden();
  await expect(page.locator("#summary")).toHaveText("", { useInnerText: true });
  await page.unroute(/\.wasm$/);
  await page.reload();
  expect(await settled(page)).toBe("v=1&nodes=db1,db2&vnodes=10&keys=100");
  await expect(page.locator("#load-body tr")).toHaveCount(2);
  await expect(page.locator("#load-body tr").first()).toBeVisible();
});

for (const name of [
  "seed_3x150_10k_remove_db2",
  "seed_3x150_10k_remove_db1",
  "seed_3x1_1k_add_db4",
  "seed_12x100_20k_remove_db7",
  "seed_10x150_100k_add_db11",
  "seed_5x5_5k_remove_gamma",
  "seed_1x1000_2k_add_db2",
]) {
  test(`link reproduces ${name} exactly`, async ({ page }) => {
    const t = watch(page);
    const f = fixture(name);
    await open(page, fragmentOf(f));
    await expect(page.locator("#experiment [data-moved]")).toHaveAttribute("data-moved", String(f.moved));
    // What hash % N would move for the same change (spec_reference.json, from the rule alone).
    const modulo = fixture("spec_reference").modulo_moved[fragmentOf(f)];
    expect(modulo).toBeGreaterThan(0);
    await expect(page.locator("#experiment [data-modulo-moved]")).toHaveAttribute("data-modulo-moved", String(modulo));
    expect(await distBefore(page)).toEqual(f.dist);
    expect(await distAfter(page, f.remove)).toEqual(f.dist_after);
    const all = await rows(page);
    expect(all.reduce((s, r) => s + r.after, 0)).toBe(f.keys);
    await expect(page.locator("#notice")).toBeHidden();
    t.expectClean();
  });
}

test("the seed's own example: 3,114 keys move, not the printout's 3,333", async ({ page }) => {
  await open(page, "nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
  const panel = page.locator("#experiment");
  await expect(panel.locator("[data-moved]")).toHaveText("3,114");
  await expect(panel).toContainText("Removing db2 moves 3,114 of 10,000 keys (31.1 %)");
  // Screen readers hear the result once, from a polite status region.
  await expect(page.getByRole("status").filter({ hasText: "Removing db2 moves 3,114 of 10,000 keys." })).toHaveCount(1);
  // The ideal minimum is the removed node's fair share; hash % N moves far more.
  await expect(panel.locator("[data-ideal]")).toContainText("3,333");
  // hash % N: key k on node md5(k) % N of the list without db2, recomputed from that rule alone
  // (spec_reference.json): 6,747.
  const link = "nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2";
  const modulo = fixture("spec_reference").modulo_moved[link];
  expect(modulo).toBe(6747);
  await expect(panel.locator("[data-modulo-moved]")).toHaveAttribute("data-modulo-moved", String(modulo));
  // Every moved key came from db2.
  const flows = await panel.locator("tr[data-from]").evaluateAll((trs) => trs.map((tr) => [tr.dataset.from, tr.dataset.to, Number(tr.dataset.keys)]));
  expect(flows.every(([from]) => from === "db2")).toBe(true);
  expect(flows.reduce((s, f) => s + f[2], 0)).toBe(3114);
  // The page explains the course script's own printout.
  await expect(panel.locator("[data-seed-printout]")).toHaveAttribute("data-seed-printout", "3333");
  // Twelve of them are named, lowest key numbers first, each leaving db2.
  const named = panel.locator(".moved-keys li");
  await expect(named).toHaveCount(12);
  await expect(panel).toContainText("The first 12 moved keys (and 3,102 more)");
  for (const text of await named.allTextContents()) expect(text).toMatch(/^user_\d+ db2 → db[13]$/);
});
