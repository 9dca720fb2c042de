// Time and consistency: the spec's worked histories opened as links (verdicts, stale reads, what is kept
// and dropped), the page's history and staleness numbers equal to the native ones for every preset and a
// few more links (tests/fixtures/time_links.json), the controls by keyboard and pointer, the diagram by
// keyboard, hostile values, and the compact view of a link about time.
import { test, expect } from "./test.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { open, addressFragment, settled, watch, clickAt } from "./helpers.js";

const fixture = (path) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../${path}.json`, import.meta.url)), "utf8"));
const spec = fixture("crates/time/tests/fixtures/spec_consistency");
const golden = fixture("tests/fixtures/time_links");
const history = (page) => page.locator("#history");
const notices = (page) => page.locator("#notice-list li").allTextContents();

/** Opens a link, scrolls to the time section (a link not about time makes its views only once they
 * come near the screen) and waits until its views show the link's numbers. */
async function openTime(page, fragment) {
  await open(page, fragment);
  await page.locator("#time").scrollIntoViewIfNeeded();
  await settled(page);
  await expect(history(page)).toHaveAttribute("data-hist", /./);
}

test("the spec's worked histories, opened as links: what is kept, the verdicts, the stale reads", async ({ page }) => {
  expect(spec.examples.length).toBe(11);
  for (const ex of spec.examples) {
    await openTime(page, `hist=${ex.hist}`);
    await expect(history(page)).toHaveAttribute("data-hist", ex.kept);
    await expect(history(page)).toHaveAttribute("data-stale-reads", String(ex.stale));
    await expect(history(page)).toHaveAttribute("data-max-staleness", String(ex.staleness));
    const marks = await page
      .locator("#verdicts li")
      .evaluateAll((lis) => lis.map((li) => `${li.dataset.verdict}:${li.dataset.holds}`));
    expect(marks, ex.hist).toEqual(
      spec.verdict_order.map((name, i) => `${name}:${[...ex.verdicts][i] === "✔"}`),
    );
    // Every ✗ names its ops; they are marked in the diagram while it is pointed at.
    const broken = page.locator('#verdicts li[data-holds="false"]');
    if ((await broken.count()) > 0) {
      await expect(broken.first().locator(".why")).not.toBeEmpty();
      const witness = (await broken.first().getAttribute("data-witness")).split(" ");
      await broken.first().hover();
      for (const op of witness) {
        await expect(page.locator(`#history-diagram [data-op="${op}"]`)).toHaveClass(/witness/);
      }
    }
    if (ex.dropped.length > 0) {
      const said = (await notices(page)).join(" ");
      for (const d of ex.dropped) expect(said).toContain(`“${d}”`);
    }
  }
});

test("every preset and time link shows exactly the native history and staleness numbers", async ({ page }) => {
  const t = watch(page);
  expect(golden.links.length).toBe(10);
  for (const want of golden.links) {
    await openTime(page, want.link);
    expect(await addressFragment(page)).toBe(want.link);
    await expect(history(page)).toHaveAttribute("data-hist", want.hist);
    await expect(history(page)).toHaveAttribute("data-stale-reads", String(want.stale_reads));
    await expect(history(page)).toHaveAttribute("data-max-staleness", String(want.max_staleness));
    const marks = await page.locator("#verdicts li").evaluateAll((lis) => lis.map((li) => (li.dataset.holds === "true" ? "✔" : "✗")).join(""));
    expect(marks, want.link).toBe(want.verdicts);
    const rows = await page.locator("#pbs tbody tr").evaluateAll((trs) =>
      trs.map((tr) => ({
        r: Number(tr.dataset.r),
        w: Number(tr.dataset.w),
        stale_k1: Number(tr.dataset.staleK1),
        p0: Number(tr.dataset.p0),
        t999: tr.dataset.t999,
        read999: tr.dataset.read999,
        write999: tr.dataset.write999,
      })),
    );
    expect(rows, want.link).toEqual(want.pbs);
  }
  t.expectClean();
});

test("the presets: one click each sets the whole experiment, and each tells its story", async ({ page }) => {
  await openTime(page, "replicas=3&nodes=db1,db2,db3,db4,db5");
  const presets = { one: golden.links[0], quorum: golden.links[1], primary: golden.links[2], cp: golden.links[3], ap: golden.links[4] };
  for (const [id, want] of Object.entries(presets)) {
    await page.locator(`#presets [data-preset="${id}"]`).click();
    await expect(page.locator("main")).toHaveAttribute("data-shown", want.link);
    await expect(page.locator("main")).not.toHaveAttribute("data-busy", /.*/);
    await expect(history(page)).toHaveAttribute("data-hist", want.hist);
  }
  // The last, AP: the cut-off side is served, and reads stale.
  await expect(history(page)).toHaveAttribute("data-unavailable", "0");
  expect(Number(await history(page).getAttribute("data-stale-reads"))).toBeGreaterThan(0);
  await expect(page.locator("#history-diagram svg .window")).toHaveCount(1);
  await expect(page.locator("#history-diagram .lane.stand-in")).toHaveCount(2);
  // CP refuses it: unavailable ops, nothing stale.
  await page.locator('#presets [data-preset="cp"]').click();
  await expect(page.locator("main")).toHaveAttribute("data-shown", presets.cp.link);
  await expect(page.locator("main")).not.toHaveAttribute("data-busy", /.*/);
  expect(Number(await history(page).getAttribute("data-unavailable"))).toBeGreaterThan(0);
  await expect(history(page)).toHaveAttribute("data-stale-reads", "0");
});

test("the time controls by keyboard and pointer write the link and recompute", async ({ page }) => {
  const t = watch(page);
  await openTime(page, "nodes=db1,db2,db3,db4&replicas=3&trials=1000");
  const base = "v=1&nodes=db1,db2,db3,db4&vnodes=150&keys=10000&replicas=3";
  const settle = async (fragment) => {
    await expect(page.locator("main")).toHaveAttribute("data-shown", fragment);
    await expect(page.locator("main")).not.toHaveAttribute("data-busy", /.*/);
    expect(await addressFragment(page)).toBe(fragment);
  };
  // Clients by keyboard, ops by pointer.
  const clients = page.getByRole("slider", { name: "Clients" });
  await clients.focus();
  await page.keyboard.press("End");
  await settle(`${base}&trials=1000&clients=5`);
  await expect(history(page)).toHaveAttribute("data-hist", /5:/);
  const ops = page.getByRole("slider", { name: "Ops per client" });
  await clickAt(ops, (w) => w - 2);
  await settle(`${base}&trials=1000&clients=5&ops=20`);
  await expect(history(page)).toHaveAttribute("data-ops", "100");
  // The environment and the trials from their menus, by keyboard.
  await page.getByLabel("Latencies").selectOption("wan");
  await settle(`${base}&lat=wan&trials=1000&clients=5&ops=20`);
  await expect(page.locator("#pbs")).toHaveAttribute("data-lat", "wan");
  await page.getByLabel("Monte Carlo").selectOption("10000");
  await settle(`${base}&lat=wan&trials=10000&clients=5&ops=20`);
  await expect(page.locator("#pbs")).toHaveAttribute("data-trials", "10000");
  // Another run: the next seed.
  const before = await history(page).getAttribute("data-hist");
  await page.getByRole("button", { name: "Another run" }).click();
  await settle(`${base}&lat=wan&trials=10000&clients=5&ops=20&seed=2`);
  expect(await history(page).getAttribute("data-hist")).not.toBe(before);
  // Primary mode shows where reads go; a partition box by Space; the window.
  await page.getByLabel("Replication", { exact: true }).selectOption("primary");
  await expect(page.getByLabel("Reads go to")).toBeVisible();
  await page.getByLabel("Reads go to").selectOption("sticky");
  await settle(`${base}&lat=wan&trials=10000&clients=5&ops=20&seed=2&mode=primary&reads=sticky`);
  const side = page.locator('#split input[data-side="c1"]');
  await side.focus();
  await page.keyboard.press("Space");
  await settle(`${base}&lat=wan&trials=10000&clients=5&ops=20&seed=2&mode=primary&reads=sticky&split=c1`);
  await page.getByLabel("from (ms)").fill("50");
  await page.getByLabel("to (ms, empty: the end)").fill("150");
  await page.getByLabel("to (ms, empty: the end)").press("Enter");
  await settle(`${base}&lat=wan&trials=10000&clients=5&ops=20&seed=2&mode=primary&reads=sticky&split=c1&from=50&to=150`);
  await page.getByLabel("When partitioned, choose").selectOption("a");
  await settle(`${base}&lat=wan&trials=10000&clients=5&ops=20&seed=2&mode=primary&reads=sticky&cap=a&split=c1&from=50&to=150`);
  t.expectClean();
});

test("every time slider by keyboard and by pointer: its ends, written to the link, and the history they make", async ({ page }) => {
  const t = watch(page);
  await openTime(page, "nodes=db1,db2,db3,db4&replicas=3&trials=1000");
  // The time settings other than their defaults, in the order the link writes them.
  const set = { trials: 1000 };
  const fragment = () =>
    ["v=1&nodes=db1,db2,db3,db4&vnodes=150&keys=10000&replicas=3",
      ...["trials", "clients", "ops", "think", "writes"].filter((k) => k in set).map((k) => `${k}=${set[k]}`)].join("&");
  const ops = async () => Number(await history(page).getAttribute("data-ops"));
  const kinds = async () => (await history(page).getAttribute("data-hist")).split(",").map((op) => op.split(":")[1][0]);
  for (const [name, key, min, max] of [
    ["Clients", "clients", 1, 5],
    ["Ops per client", "ops", 1, 20],
    ["Think time (mean)", "think", 1, 1000],
    ["Writes", "writes", 0, 100],
  ]) {
    const slider = page.getByRole("slider", { name });
    await slider.focus();
    await page.keyboard.press("Home");
    set[key] = min;
    await expect(page.locator("main")).toHaveAttribute("data-shown", fragment());
    await expect(page.locator("main")).not.toHaveAttribute("data-busy", /.*/);
    expect(await addressFragment(page), name).toBe(fragment());
    await clickAt(slider, (w) => w - 2);
    set[key] = max;
    await expect(page.locator("main")).toHaveAttribute("data-shown", fragment());
    await expect(page.locator("main")).not.toHaveAttribute("data-busy", /.*/);
    expect(await addressFragment(page), name).toBe(fragment());
    // The history is the one these settings make: clients × ops ops; with 100 % writes, writes only.
    expect(await ops(), name).toBe((set.clients ?? 3) * (set.ops ?? 6));
  }
  expect(new Set(await kinds())).toEqual(new Set(["w"]));
  // And 0 % writes: reads only.
  await page.getByRole("slider", { name: "Writes" }).focus();
  await page.keyboard.press("Home");
  set.writes = 0;
  await expect(page.locator("main")).toHaveAttribute("data-shown", fragment());
  await expect(page.locator("main")).not.toHaveAttribute("data-busy", /.*/);
  expect(new Set(await kinds())).toEqual(new Set(["r"]));
  t.expectClean();
});

test("the diagram by keyboard: the arrow keys move from op to op and name each", async ({ page }) => {
  await openTime(page, "hist=1:w1@0-10,2:r1@20-30,2:r0@40-50");
  const first = page.locator('#history-diagram [data-op="0"]');
  await expect(first).toHaveAttribute("tabindex", "0");
  await first.focus();
  await expect(page.locator("#history-tip")).toHaveText("c1 wrote 1 (acknowledged), from 0 to 10 ms.");
  await page.keyboard.press("ArrowRight");
  await expect(page.locator('#history-diagram [data-op="1"]')).toBeFocused();
  await expect(page.locator("#history-tip")).toHaveText("c2 read 1, from 20 to 30 ms.");
  await page.keyboard.press("End");
  await expect(page.locator('#history-diagram [data-op="2"]')).toBeFocused();
  await expect(page.locator("#history-tip")).toHaveText(
    "c2 read 0, from 40 to 50 ms. Stale: 1 newer version had been acknowledged before it began.",
  );
  await expect(page.locator('#history-diagram [data-op="2"]')).toHaveClass(/stale/);
  // The verdict that breaks names it; focusing the verdict marks its ops.
  const mr = page.locator('#verdicts li[data-verdict="mr"]');
  await expect(mr).toHaveAttribute("data-holds", "false");
  await mr.focus();
  await expect(page.locator('#history-diagram [data-op="1"]')).toHaveClass(/witness/);
  await expect(page.locator('#history-diagram [data-op="2"]')).toHaveClass(/witness/);
  // A hand-made history can go back to the simulation.
  await page.getByRole("button", { name: "Back to the simulation" }).click();
  await expect(page.locator("main")).toHaveAttribute("data-shown", "v=1&nodes=db1,db2,db3&vnodes=150&keys=10000");
});

test("a simulated history opens as a link of its own", async ({ page }) => {
  await openTime(page, golden.links[0].link);
  const href = await page.locator("#history-link").getAttribute("href");
  expect(href).toBe(`#${golden.links[0].link}&hist=${golden.links[0].hist}`);
  await page.locator("#history-link").click();
  await expect(page.locator("main")).toHaveAttribute("data-shown", href.slice(1));
  await expect(history(page)).toHaveAttribute("data-hist", golden.links[0].hist);
  await expect(page.locator("#history-link")).toBeHidden();
});

test("hostile time values are said, quoted as text, and never run", async ({ page }) => {
  const t = watch(page);
  await openTime(
    page,
    "keys=500&key=900&lat=<b>moon</b>&trials=7&clients=9&mode=paxos&split=db1,<img src=x onerror=alert(1)>&hist=1:w1@0-10,<script>alert(1)</script>",
  );
  const said = (await notices(page)).join(" ");
  expect(said).toContain("“key” must be at most 499");
  expect(said).toContain("“lat” is one of ssd, disk, ymmr, wan, not “<b>moon</b>”");
  expect(said).toContain("“trials” must be at least 1000");
  expect(said).toContain("“mode” is one of quorum, primary, not “paxos”");
  expect(said).toContain("<img src=x onerror");
  expect(said).toContain("<script>alert(1)");
  await expect(page.locator("#notice-list img, #notice-list script, #notice-list b")).toHaveCount(0);
  await expect(history(page)).toHaveAttribute("data-hist", "1:w1@0-10");
  t.expectClean();
});

test("the compact view of a link about time shows the history and its verdicts", async ({ page }) => {
  await page.setViewportSize({ width: 700, height: 560 });
  await openTime(page, `${golden.links[4].link}&embed=1`);
  await expect(page.locator("#history-diagram svg")).toBeVisible();
  await expect(page.locator("#verdicts")).toBeVisible();
  await expect(page.locator("#history-facts")).toBeVisible();
  // It fits the frame without scrolling sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
