// The address is the state: links reproduce experiments, and hostile links are harmless.
import { test, expect } from "./test.js";
import { open, rows, addressFragment, watch, fixture, distBefore } from "./helpers.js";

const notices = (page) => page.locator("#notice-list li").allTextContents();

test("a link round-trips: open, reload, change, go back by editing the address", async ({ page }) => {
  const t = watch(page);
  const link = "nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2";
  await open(page, link);
  await expect(page.locator("#experiment [data-moved]")).toHaveAttribute("data-moved", "3114");
  expect(await addressFragment(page)).toBe(`v=1&${link}`);
  await page.reload();
  await expect(page.locator("#experiment [data-moved]")).toHaveAttribute("data-moved", "3114");
  await expect(page.getByRole("slider", { name: "Virtual nodes", exact: true })).toHaveAttribute("aria-valuetext", "150 virtual nodes per node");
  await expect(page.getByRole("combobox", { name: "Experiment" })).toHaveValue("remove:db2");
  // Editing the address (a hashchange) applies the new link.
  await page.evaluate(() => (location.hash = "nodes=a,b,c,d&vnodes=20&keys=5000&add=e"));
  await expect(page.locator("#load-body tr")).toHaveCount(5);
  expect((await rows(page)).map((r) => r.node)).toEqual(["a", "b", "c", "d", "e"]);
  await expect(page.locator("#keys-value")).toHaveText("5,000");
  await expect(page.getByRole("combobox", { name: "Experiment" })).toHaveValue("add:e");
  await expect(page.locator("#notice")).toBeHidden();
  // An edited address that changes nothing is still written back in full.
  await page.evaluate(() => (location.hash = "add=e&keys=5000&vnodes=20&nodes=a,b,c,d"));
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=a,b,c,d&vnodes=20&keys=5000&add=e");
  t.expectClean();
});

test("a link with custom names keeps them when the Nodes slider moves", async ({ page }) => {
  await open(page, "nodes=alpha,beta,gamma,delta,epsilon&vnodes=5&keys=5000&remove=gamma");
  expect(await distBefore(page)).toEqual(fixture("seed_5x5_5k_remove_gamma").dist);
  const nodes = page.getByRole("slider", { name: "Nodes", exact: true });
  await nodes.focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("#load-body tr")).toHaveCount(6);
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=alpha,beta,gamma,delta,epsilon,db6&vnodes=5&keys=5000&remove=gamma");
});

test("markup in names is never run or rendered, and is reported", async ({ page }) => {
  const t = watch(page);
  const evil = [
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=2</script>",
    '"><svg onload=window.__pwned=3>',
  ];
  await open(page, `nodes=db1,${evil.map(encodeURIComponent).join(",")},db2&add=${encodeURIComponent("<b>x</b>")}`);
  expect((await rows(page)).map((r) => r.node)).toEqual(["db1", "db2"]);
  await expect(page.locator("#notice")).toBeVisible();
  const said = (await notices(page)).join(" ");
  expect(said).toContain("Ignored node names");
  expect(said).toContain("Can't add");
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  // (The history view's own diagram is the page's only SVG.)
  await expect(page.locator("main img, main svg:not(.diagram), main script, main b")).toHaveCount(0);
  // The address is rewritten to what was used.
  expect(await addressFragment(page)).toBe("v=1&nodes=db1,db2&vnodes=150&keys=10000");
  // The notice can be dismissed.
  await page.getByRole("button", { name: "Dismiss" }).click();
  await expect(page.locator("#notice")).toBeHidden();
  t.expectClean();
});

test("bad numbers, unknown settings, repeats and bad changes are clamped or ignored, and said", async ({ page }) => {
  const t = watch(page);
  await open(page, "nodes=db1,db1,,db2&vnodes=abc&keys=99999999999&colour=red&remove=db9&add=db3");
  expect((await rows(page)).map((r) => r.node)).toEqual(["db1", "db2"]);
  await expect(page.locator("#vnodes-value")).toHaveText("150");
  await expect(page.locator("#keys-value")).toHaveText("1,000,000");
  const said = await notices(page);
  expect(said.some((n) => n.includes("repeated"))).toBe(true);
  expect(said.some((n) => n.includes("“vnodes” should be a whole number"))).toBe(true);
  expect(said.some((n) => n.includes("“keys” must be at most 1000000"))).toBe(true);
  expect(said.some((n) => n.includes("unknown setting “colour”"))).toBe(true);
  expect(said.some((n) => n.includes("Can't remove “db9”"))).toBe(true);
  expect(said.some((n) => n.includes("Only one change at a time"))).toBe(true);
  await expect(page.locator("#experiment [data-moved]")).toHaveCount(0);
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2&vnodes=150&keys=1000000");
  t.expectClean();
});

test("negative, zero and empty values fall back to the limits or defaults", async ({ page }) => {
  await open(page, "nodes=&vnodes=0&keys=-4&remove=");
  expect((await rows(page)).map((r) => r.node)).toEqual(["db1", "db2", "db3"]);
  await expect(page.locator("#vnodes-value")).toHaveText("1");
  await expect(page.locator("#keys-value")).toHaveText("10,000");
  expect((await notices(page)).length).toBeGreaterThanOrEqual(3);
});

test("a huge fragment is cut, reported, and the page still works", async ({ page }) => {
  const t = watch(page);
  const names = Array.from({ length: 30000 }, (_, i) => `n${i}`).join(",");
  await open(page, `keys=500&vnodes=10&nodes=${names}`);
  await expect(page.locator("#notice")).toBeVisible();
  const said = (await notices(page)).join(" ");
  expect(said).toContain("too long");
  expect(said).toContain("At most 100 nodes");
  await expect(page.locator("#load-body tr")).toHaveCount(100);
  expect((await rows(page)).reduce((s, r) => s + r.keys, 0)).toBe(500);
  t.expectClean();
});

test("percent-encoded junk and stray separators do not break the page", async ({ page }) => {
  const t = watch(page);
  await open(page, "%%%&&&=&nodes=%E2%82%AC,%00,db1&vnodes=1e3&keys=%20500%20&remove=db1");
  expect((await rows(page)).map((r) => r.node)).toEqual(["db1"]);
  await expect(page.locator("#keys-value")).toHaveText("500");
  await expect(page.locator("#notice")).toBeVisible();
  t.expectClean();
});
