// Weighted nodes (../shared/specs/strategies.md, "Weights"): the spec's worked examples opened as links,
// the weight control in the load table by keyboard and by typing, the strategies that ignore weights
// saying so, and the picture's legend, table and hover naming each node's weight.
import { test, expect } from "./test.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { addressFragment, open, rows, settled, watch } from "./helpers.js";

const spec = JSON.parse(readFileSync(fileURLToPath(new URL("../../tests/fixtures/spec_strategies.json", import.meta.url)), "utf8")).weighted;
const base = "nodes=db1,db2,db3,db4&vnodes=100&keys=5000";
const nodes = ["db1", "db2", "db3", "db4"];

test("the spec's weighted worked examples, every strategy and change, opened as links", async ({ page }) => {
  const t = watch(page);
  for (const [strategy, counts] of Object.entries(spec.counts)) {
    const link = `${base}${strategy === "ring" ? "" : `&strategy=${strategy}`}&weights=db1:3`;
    expect(await open(page, link)).toContain("weights=db1:3");
    expect((await rows(page)).map((r) => r.keys), strategy).toEqual(counts);
    await expect(page.locator("#notice")).toBeHidden();
  }
  await open(page, `${base}&strategy=bounded&c=${spec.bounded.c}&weights=db1:3`);
  expect((await rows(page)).map((r) => r.keys)).toEqual(spec.bounded.counts);
  for (const change of spec.changes) {
    const weights = change.add ? "db1:3,db5:2" : "db1:3";
    const what = change.add ? `add=${change.add}` : `remove=${change.remove}`;
    await open(page, `${base}&strategy=${change.strategy}&${what}&weights=${weights}`);
    const label = `${change.strategy} ${what}`;
    await expect(page.locator("#experiment [data-moved]"), label).toHaveAttribute("data-moved", String(change.moved));
    const after = Object.fromEntries((await rows(page)).filter((r) => r.after !== undefined && r.node !== change.remove).map((r) => [r.node, r.after]));
    expect(after, label).toEqual(change.after);
  }
  t.expectClean();
});

test("a node's weight by keyboard and by typing: in the link at once, and the numbers follow", async ({ page }) => {
  const t = watch(page);
  await open(page, `${base}&weights=db1:2`);
  const weight = page.getByRole("spinbutton", { name: "Weight of db1" });
  await expect(weight).toHaveValue("2");
  await weight.focus();
  await page.keyboard.press("ArrowUp");
  expect(await settled(page)).toBe(`v=1&${base}&weights=db1:3`);
  expect((await rows(page)).map((r) => r.keys)).toEqual(spec.counts.ring);
  // The control keeps the focus across the redraw, and stays within 1–10.
  await expect(page.getByRole("spinbutton", { name: "Weight of db1" })).toBeFocused();
  const db4 = page.getByRole("spinbutton", { name: "Weight of db4" });
  await db4.fill("10");
  expect(await settled(page)).toBe(`v=1&${base}&weights=db1:3,db4:10`);
  await db4.focus();
  await page.keyboard.press("ArrowUp");
  await expect(db4).toHaveValue("10");
  // Back to 1: no weights= left for it.
  await db4.fill("1");
  expect(await settled(page)).toBe(`v=1&${base}&weights=db1:3`);
  expect(await addressFragment(page)).toBe(`v=1&${base}&weights=db1:3`);
  t.expectClean();
});

test("Set weights shows each node's weight; a weight given puts it in the link, and the column stays", async ({ page }) => {
  const t = watch(page);
  await open(page, base);
  const weights = page.locator("#load-body input[type=number]");
  await expect(weights).toHaveCount(0);
  const button = page.getByRole("button", { name: "Set weights" });
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await button.click();
  await expect(page.getByRole("button", { name: "Hide weights" })).toHaveAttribute("aria-expanded", "true");
  await expect(weights).toHaveCount(4);
  await page.getByRole("spinbutton", { name: "Weight of db2" }).fill("4");
  expect(await settled(page)).toBe(`v=1&${base}&weights=db2:4`);
  // With weights in the link the column is always there, and the button is not needed.
  await expect(weights).toHaveCount(4);
  await expect(page.locator("#weigh")).toBeHidden();
  t.expectClean();
});

test("strategies that ignore weights say so; the picture names each weight and its fair share", async ({ page }) => {
  const t = watch(page);
  await open(page, `${base}&strategy=maglev&weights=db1:3`);
  await expect(page.locator("#summary")).toContainText("Maglev ignores weights");
  // The fair shares follow the weights all the same: db1 should hold half.
  await expect(page.locator("#ring-caption")).toContainText("db1 weighs 3, fair share 50.0");
  await open(page, `${base}&weights=db1:3`);
  await expect(page.locator("#summary")).not.toContainText("ignores weights");
  await expect(page.locator("#ring-caption")).toContainText("db1 weighs 3, fair share 50.0");
  // The picture as a table: a weight and a fair share per node.
  const table = page.locator("#ring-table");
  await expect(table.locator("thead th")).toContainText(["Node", "Weight", "Fair share (w/W)"]);
  await expect(table.locator("tbody tr").first().locator("td").first()).toHaveText("3");
  // The ring's hover names a virtual node's node weight.
  await page.locator("#ring").focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("#live")).toContainText(/Virtual node 1 of 600: db\d:\d+/);
  t.expectClean();
});
