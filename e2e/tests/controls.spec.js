// What a user does with the controls: sliders by keyboard and pointer, the experiment menu, copying the link.
import { test, expect } from "./test.js";
import { open, rows, addressFragment, watch, settled, fixture, fragmentOf, distBefore, distAfter, clickAt as clickBox } from "./helpers.js";

const slider = (page, name) => page.getByRole("slider", { name, exact: true });

test("sliders have accessible names and visible values", async ({ page }) => {
  await open(page);
  for (const [name, shown, valuetext] of [
    ["Nodes", "3", "3 nodes"],
    ["Virtual nodes", "150", "150 virtual nodes per node"],
    ["Keys", "10,000", "10,000 keys"],
  ]) {
    const s = slider(page, name);
    await expect(s).toBeVisible();
    await expect(s).toHaveAttribute("aria-valuetext", valuetext);
    await expect(page.locator(`output[for="${await s.getAttribute("id")}"]`)).toHaveText(shown);
  }
  await expect(page.getByRole("combobox", { name: "Experiment" })).toHaveValue("none");
});

test("the Nodes slider adds and removes db names, and the address follows", async ({ page }) => {
  const t = watch(page);
  await open(page);
  const nodes = slider(page, "Nodes");
  await nodes.focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("#load-body tr")).toHaveCount(4);
  await expect(page.locator("#nodes-value")).toHaveText("4");
  expect((await rows(page)).map((r) => r.node)).toEqual(["db1", "db2", "db3", "db4"]);
  expect((await rows(page)).reduce((s, r) => s + r.keys, 0)).toBe(10000);
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3,db4&vnodes=150&keys=10000");
  await page.keyboard.press("Home");
  await expect(page.locator("#load-body tr")).toHaveCount(1);
  await expect(page.locator("#load-body tr")).toHaveAttribute("data-keys", "10000");
  await page.keyboard.press("End");
  await expect(page.locator("#load-body tr")).toHaveCount(100);
  await expect.poll(() => addressFragment(page)).toContain("db100&vnodes=150");
  t.expectClean();
});

test("the Virtual nodes slider reaches 1 and 1000; the table stays exact", async ({ page }) => {
  await open(page);
  const v = slider(page, "Virtual nodes");
  await v.focus();
  await page.keyboard.press("Home");
  await expect(page.locator("#vnodes-value")).toHaveText("1");
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=1&keys=10000");
  // Every step changes the value: 1, 2, … 9, 10, 11, …
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("#vnodes-value")).toHaveText("2");
  for (let i = 0; i < 9; i++) await page.keyboard.press("ArrowRight");
  await expect(page.locator("#vnodes-value")).toHaveText("11");
  await page.keyboard.press("End");
  await expect(page.locator("#vnodes-value")).toHaveText("1,000");
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=1000&keys=10000");
  // The table follows the slider exactly: from 150 virtual nodes down to 1 and up to 1000, every node's
  // keys before and after the change and the moved count are the seed's own (seed_*.json). A table left
  // from 150 virtual nodes, or from any step between, fails here.
  for (const [name, key, shown] of [["seed_3x1_1k_add_db4", "Home", "1"], ["seed_1x1000_2k_add_db2", "End", "1,000"]]) {
    const f = fixture(name);
    await open(page, fragmentOf({ ...f, vnodes: 150 }));
    await v.focus();
    await page.keyboard.press(key);
    await expect(page.locator("#vnodes-value")).toHaveText(shown);
    expect(await settled(page), name).toBe(`v=1&${fragmentOf(f)}`);
    expect(await distBefore(page), name).toEqual(f.dist);
    expect(await distAfter(page, f.remove), name).toEqual(f.dist_after);
    await expect(page.locator("#experiment [data-moved]")).toHaveAttribute("data-moved", String(f.moved));
  }
});

test("the Keys slider goes from 100 to a million keys", async ({ page }) => {
  // The seed's own counts at both ends (../shared/oracle/seed_golden.py, in spec_reference.json).
  const seed = fixture("spec_reference").seed;
  await open(page);
  const k = slider(page, "Keys");
  await k.focus();
  await page.keyboard.press("Home");
  await expect(page.locator("#keys-value")).toHaveText("100");
  // The value changes a frame before the numbers: wait for the page to show the new link's numbers.
  expect(await settled(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=100");
  expect((await rows(page)).reduce((s, r) => s + r.keys, 0)).toBe(100);
  expect(await distBefore(page)).toEqual(seed["nodes=db1,db2,db3&vnodes=150&keys=100"]);
  await page.keyboard.press("End");
  await expect(page.locator("#keys-value")).toHaveText("1,000,000");
  expect(await settled(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=1000000");
  expect((await rows(page)).reduce((s, r) => s + r.keys, 0)).toBe(1000000);
  expect(await distBefore(page)).toEqual(seed["nodes=db1,db2,db3&vnodes=150&keys=1000000"]);
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=1000000");
});

test("dragging a slider with the pointer lands on the value under it", async ({ page }) => {
  await open(page);
  const v = slider(page, "Virtual nodes");
  const box = await v.boundingBox();
  await page.mouse.move(box.x + box.width * 0.72, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + box.width * (0.72 - i * 0.03), box.y + box.height / 2);
  await page.mouse.up();
  // The drag's last value is applied on the next frame: read it once the page shows its numbers.
  const link = await settled(page);
  const shown = Number((await page.locator("#vnodes-value").textContent()).replace(/,/g, ""));
  expect(shown).toBeLessThan(60);
  expect(link).toBe(`v=1&nodes=db1,db2,db3&vnodes=${shown}&keys=10000`);
  await expect.poll(() => addressFragment(page)).toBe(`v=1&nodes=db1,db2,db3&vnodes=${shown}&keys=10000`);
  // The numbers are those of that link opened afresh.
  expect(await rows(page)).toEqual(await freshRows(page, link));
});

/** Clicks a slider at `fraction` of its width (0.01 and 0.99 land on its ends). */
async function clickAt(page, name, fraction) {
  await clickBox(slider(page, name), fraction);
}

/** The load table of `link` opened in a fresh page (a slider step's numbers must be the same). */
async function freshRows(page, link) {
  const fresh = await page.context().newPage();
  await open(fresh, link);
  const numbers = await rows(fresh);
  await fresh.close();
  return numbers;
}

test("the Nodes and Keys sliders by pointer: ends exact, a step in between as the link opened afresh", async ({ page }) => {
  const t = watch(page);
  const seed = fixture("spec_reference").seed;
  await open(page);
  // Nodes: the right end is 100 nodes, db1 … db100, with the seed's own counts.
  await clickAt(page, "Nodes", 0.99);
  expect(await settled(page)).toBe(`v=1&nodes=${Array.from({ length: 100 }, (_, i) => `db${i + 1}`).join(",")}&vnodes=150&keys=10000`);
  await expect(page.locator("#nodes-value")).toHaveText("100");
  const hundred = `nodes=${Array.from({ length: 100 }, (_, i) => `db${i + 1}`).join(",")}&vnodes=150&keys=10000`;
  expect(await distBefore(page)).toEqual(seed[hundred]);
  // The left end: one node holds every key.
  await clickAt(page, "Nodes", 0.01);
  expect(await settled(page)).toBe("v=1&nodes=db1&vnodes=150&keys=10000");
  expect(await rows(page)).toEqual([{ node: "db1", keys: 10000, after: undefined }]);
  // A quarter of the way: some node count in between, with the numbers of its link opened afresh.
  await clickAt(page, "Nodes", 0.25);
  const nodesLink = await settled(page);
  const n = Number(await page.locator("#nodes-value").textContent());
  expect(n).toBeGreaterThan(10);
  expect(n).toBeLessThan(40);
  expect(nodesLink).toBe(`v=1&nodes=${Array.from({ length: n }, (_, i) => `db${i + 1}`).join(",")}&vnodes=150&keys=10000`);
  expect(await rows(page)).toEqual(await freshRows(page, nodesLink));
  // Keys: the ends are 100 and a million keys, with the seed's own counts (back on the seed's three nodes).
  await open(page, "remove=db2");
  await clickAt(page, "Keys", 0.01);
  expect(await settled(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=100&remove=db2");
  await expect(page.locator("#keys-value")).toHaveText("100");
  expect(await distBefore(page)).toEqual(seed["nodes=db1,db2,db3&vnodes=150&keys=100"]);
  await clickAt(page, "Keys", 0.99);
  expect(await settled(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=1000000&remove=db2");
  await expect(page.locator("#keys-value")).toHaveText("1,000,000");
  expect(await distBefore(page)).toEqual(seed["nodes=db1,db2,db3&vnodes=150&keys=1000000"]);
  // In between: the numbers of the link opened afresh.
  await clickAt(page, "Keys", 0.4);
  const keysLink = await settled(page);
  expect(keysLink).toMatch(/^v=1&nodes=db1,db2,db3&vnodes=150&keys=\d+&remove=db2$/);
  expect(await rows(page)).toEqual(await freshRows(page, keysLink));
  t.expectClean();
});

test("the Experiment menu removes and adds nodes, with the true moved count", async ({ page }) => {
  await open(page);
  const menu = page.getByRole("combobox", { name: "Experiment" });
  await menu.selectOption({ label: "Remove db2" });
  await expect(page.locator("#experiment [data-moved]")).toHaveAttribute("data-moved", "3114");
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
  await expect(page.locator('#load-body tr[data-node="db2"]')).toHaveAttribute("data-keys-after", "0");
  await menu.selectOption({ label: "Add db4" });
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&add=db4");
  const added = page.locator('#load-body tr[data-node="db4"]');
  await expect(added).toHaveAttribute("data-keys", "0");
  const moved = await page.locator("#experiment [data-moved]").getAttribute("data-moved");
  // Adding a node moves exactly the keys the new node takes.
  await expect(added).toHaveAttribute("data-keys-after", moved);
  await menu.selectOption("none");
  await expect(page.locator("#experiment [data-moved]")).toHaveCount(0);
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000");
});

test("Copy link puts the experiment's address on the clipboard", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await open(page, "nodes=db1,db2,db3&vnodes=40&keys=2000&remove=db3");
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.locator("#copy-status")).toHaveText("Link copied.");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());
  expect(new URL(copied).hash).toBe("#v=1&nodes=db1,db2,db3&vnodes=40&keys=2000&remove=db3");
  await expect(page.getByLabel("Link to this experiment")).toHaveValue(copied);
});

test("Reset returns to the course page's example", async ({ page }) => {
  await open(page, "nodes=a,b&vnodes=7&keys=300&add=c");
  await page.getByRole("button", { name: "Reset" }).click();
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000");
  await expect(page.locator("#load-body tr")).toHaveCount(3);
  await expect(page.locator("#vnodes-value")).toHaveText("150");
});
