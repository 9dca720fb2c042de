// The nine strategies in the page: chosen by menu or link, exact against ../shared/specs/strategies.md's
// worked examples, compared side by side, and the Reddit 2012 → 2013 story.
import { slow, test, expect } from "./test.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { open, rows, addressFragment, watch, fixture, settled, clickAt as clickBox } from "./helpers.js";

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

test("the shards and c sliders by pointer: each end shows the numbers of its rule exactly", async ({ page }) => {
  const t = watch(page);
  // Recomputed from strategies.md's rules (spec_reference.json); c = 3.00 is the ring exactly (the seed).
  const ends = fixture("spec_reference").slider_ends;
  const seed = fixture("seed_3x150_10k_remove_db2");
  const clickAt = async (name, fraction) => {
    await clickBox(page.getByRole("slider", { name }), fraction);
  };
  const expectNumbers = async (link, want) => {
    expect(await settled(page)).toBe(`v=1&${link}`);
    await expect(moved(page)).toHaveAttribute("data-moved", String(want.moved));
    const all = await rows(page);
    expect(Object.fromEntries(all.map((r) => [r.node, r.keys])), link).toEqual(want.before);
    expect(Object.fromEntries(all.filter((r) => r.node !== "db2").map((r) => [r.node, r.after])), link).toEqual(want.after);
  };
  const base = "nodes=db1,db2,db3&vnodes=150&keys=10000";
  await open(page, `${base}&strategy=shards&remove=db2`);
  await clickAt("Virtual shards", 0.01);
  await expect(page.locator("#shards-value")).toHaveText("16");
  await expectNumbers(`${base}&strategy=shards&shards=16&remove=db2`, ends[`${base}&strategy=shards&shards=16&remove=db2`]);
  await clickAt("Virtual shards", 0.99);
  await expect(page.locator("#shards-value")).toHaveText("10,000");
  await expectNumbers(`${base}&strategy=shards&shards=10000&remove=db2`, ends[`${base}&strategy=shards&shards=10000&remove=db2`]);
  await open(page, `${base}&strategy=bounded&remove=db2`);
  await clickAt("Load bound c", 0.01);
  await expect(page.locator("#c-value")).toHaveText("1.00");
  await expectNumbers(`${base}&strategy=bounded&c=1.00&remove=db2`, ends[`${base}&strategy=bounded&c=1.00&remove=db2`]);
  await clickAt("Load bound c", 0.99);
  await expect(page.locator("#c-value")).toHaveText("3.00");
  await expectNumbers(`${base}&strategy=bounded&c=3.00&remove=db2`, { moved: seed.moved, before: seed.dist, after: seed.dist_after });
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
  // Every strategy's moves for this change, recomputed from strategies.md's rules (spec_reference.json).
  const link = `nodes=${Array.from({ length: 16 }, (_, i) => `db${i + 1}`).join(",")}&vnodes=150&keys=100000&add=db17`;
  expect(await addressFragment(page)).toBe(`v=1&${link.replace("&add", "&strategy=modn&add")}`);
  const want = fixture("spec_reference").moved[link];
  const k = 100000;
  const modn = Number(await reddit.getAttribute("data-modn-moved"));
  const shards = Number(await reddit.getAttribute("data-shards-moved"));
  // hash % N: a key stays only where md5 mod 16 and mod 17 name the same node (about 1 in 17).
  expect(modn).toBe(want.modn);
  expect(modn / k).toBeGreaterThan(0.9);
  // 1000 shards: ⌊1000/17⌋ = 58 whole shards move, about 5.8 % of the keys.
  expect(shards).toBe(want.shards);
  expect(shards / k).toBeGreaterThan(0.04);
  expect(shards / k).toBeLessThan(0.08);
  await expect(moved(page)).toHaveAttribute("data-moved", String(modn));
  // Every row of the comparison, exactly.
  for (const [s, n] of Object.entries(want)) {
    await expect(page.locator(`#compare-body tr[data-strategy="${s}"]`)).toHaveAttribute("data-moved", String(n));
  }
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
  // open() waits until the page shows the new link's numbers (the menu, the values and the notices are
  // those of the previous link until then).
  expect(await open(page, "strategy=shards&shards=0")).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&strategy=shards&shards=16");
  await expect(page.locator("#shards-value")).toHaveText("16");
  expect((await notices(page)).join(" ")).toContain("“shards” must be at least 16");
  expect(await open(page, "strategy=bounded&c=abc")).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&strategy=bounded&c=1.25");
  await expect(page.locator("#strategy")).toHaveValue("bounded");
  await expect(page.locator("#c-value")).toHaveText("1.25");
  expect((await notices(page)).join(" ")).toContain("“c” should be a number from 1.00 to 3.00");
  await open(page, "strategy=bounded&c=9");
  await expect(page.locator("#c-value")).toHaveText("3.00");
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&strategy=bounded&c=3.00");
  t.expectClean();
});

test("100 nodes × 1M keys: every strategy compared once the sliders rest", async ({ page }) => {
  test.setTimeout(slow(120_000));
  const t = watch(page);
  const nodes = Array.from({ length: 100 }, (_, i) => `db${i + 1}`).join(",");
  await open(page, `nodes=${nodes}&vnodes=1000&keys=1000000&remove=db50`);
  await expect(moved(page)).toHaveAttribute("data-moved", "10321");
  await expect(page.locator("#compare-status")).toHaveAttribute("data-ready", "true", { timeout: slow(60_000) });
  const table = page.locator("#compare-body");
  await expect(table.locator('tr[data-strategy="ring"]')).toHaveAttribute("data-moved", "10321");
  // Rendezvous and ketama move only db50's keys; hash % N nearly all; jump renumbers 50 nodes.
  const movedOf = async (s) => Number(await table.locator(`tr[data-strategy="${s}"]`).getAttribute("data-moved"));
  expect(await movedOf("modn")).toBeGreaterThan(900000);
  expect(await movedOf("rendezvous")).toBeLessThan(12000);
  expect(await movedOf("jump")).toBeGreaterThan(100000);
  // Exactly: every strategy's moves recomputed from strategies.md's rules (spec_reference.json).
  const want = fixture("spec_reference").moved[`nodes=${nodes}&vnodes=1000&keys=1000000&remove=db50`];
  expect(want.ring).toBe(10321);
  for (const [s, n] of Object.entries(want)) expect(await movedOf(s), s).toBe(n);
  const snapshot = await page.evaluate(() => window.wasmBindings.report());
  expect(snapshot.comparison).toHaveLength(9);
  expect(snapshot.comparison.find((r) => r.strategy === "ring").moved).toBe(10321);
  expect(Object.fromEntries(snapshot.comparison.map((r) => [r.strategy, r.moved]))).toEqual(want);
  t.expectClean();
});

/**
 * The canvas read back along circles: at each radius (in CSS pixels), at about one angle per canvas pixel
 * (clockwise from the top, as the ring is drawn), the node whose colour is there; -1 where something else
 * is drawn (a blend where two nodes' arcs meet, a mark), -2 where nothing is (transparent). Colours are the
 * page's node colours (src/layout.rs, PALETTE).
 */
async function readRing(page, radii) {
  return page.locator("#ring").evaluate((c, radii) => {
    const palette = ["#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#f0e442", "#882255"]
      .map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const scale = c.width / c.getBoundingClientRect().width;
    const { data } = c.getContext("2d").getImageData(0, 0, c.width, c.height);
    const cx = c.width / 2;
    return radii.map((r) => {
      const turns = Math.ceil(2 * Math.PI * r * scale);
      return Array.from({ length: turns }, (_, i) => {
        const a = (2 * Math.PI * (i + 0.5)) / turns;
        const x = Math.round(cx + r * scale * Math.sin(a));
        const y = Math.round(cx - r * scale * Math.cos(a));
        const at = (y * c.width + x) * 4;
        const rgb = [data[at], data[at + 1], data[at + 2]];
        if (data[at + 3] === 0) return -2;
        return data[at + 3] === 255 ? palette.findIndex((p) => p.every((v, k) => Math.abs(v - rgb[k]) <= 2)) : -1;
      });
    });
  }, radii);
}

/** The picture as a table's share columns (per node, before and after), as fractions; null for "—". */
async function tableShares(page) {
  return page.locator("#ring-table-body tr").evaluateAll((trs) => trs.map((tr) => {
    const cells = [...tr.querySelectorAll("td")].map((td) => td.textContent);
    const share = (t) => (t.includes("%") ? Number(t.replace(/[^\d.]/g, "")) / 100 : null);
    return [share(cells[0]), share(cells[1])];
  }));
}

test("every strategy draws its structure: the bands show each node's share, the keys the added node", async ({ browser }) => {
  test.setTimeout(slow(300_000));
  for (const [width, scheme] of [[1280, "light"], [1280, "dark"], [390, "light"], [390, "dark"]]) {
    // Three device pixels per CSS pixel (a phone's): Maglev's 1,440 slots then span a few canvas pixels
    // each, so most pixels hold one node's colour rather than a blend of neighbours.
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, deviceScaleFactor: 3 });
    const page = await context.newPage();
    const t = watch(page);
    for (const strategy of Object.keys(spec.counts)) {
      const what = `${strategy} ${width} ${scheme}`;
      // 40 shards rather than 1,000: each a band stretch of 9°, where 1,000 alternating one-pixel cells
      // would be mostly blends (and db6's shards, taken from the top of the map, one unblended stretch).
      const shards = strategy === "shards" ? "&shards=40" : "";
      await open(page, `nodes=db1,db2,db3,db4,db5&vnodes=100&keys=20000&strategy=${strategy}${shards}&add=db6`);
      // The ring's geometry (src/layout.rs, Geometry::fit): the outer band before the change, the inner
      // after it, the key bars outside both.
      const size = await page.locator("#ring").evaluate((c) => c.getBoundingClientRect().width);
      const r = size / 2;
      const band = Math.min(22, Math.max(6, r * 0.07));
      const outer = r * 0.62;
      const before = outer - band / 2;
      const after = outer - 1.5 * band - 2;
      const barsFrom = outer + 4 + band + 2;
      const barsTo = r * 0.96;
      const radii = [before, after];
      for (let x = barsFrom; x < barsTo; x += 2) radii.push(x);
      const [b, a, ...bars] = await readRing(page, radii);
      const k = bars.flat();
      const shareOf = (samples, node) => samples.filter((x) => x === node).length / samples.filter((x) => x >= 0).length;
      const drawn = (samples) => samples.filter((x) => x !== -2).length / samples.length;
      const shares = await tableShares(page);
      if (["modn", "jump", "rendezvous"].includes(strategy)) {
        // No structure: no band drawn, no share column; only the keys.
        expect(drawn(b), what).toBeLessThan(0.02);
        expect(drawn(a), what).toBeLessThan(0.02);
        expect(shares.every(([x, y]) => x === null && y === null), what).toBe(true);
      } else {
        // Both bands are drawn all the way round, in the nodes' colours: every node's colour in the
        // proportion the picture's table gives, where the canvas resolves the structure (1280 px: within
        // 2 points, pixels where two nodes' arcs meet being blends, left out; within 4 for Maglev, whose
        // 65,537 cells are drawn as 1,440 slots, each in the colour of its middle cell); at 390 px, where
        // a Maglev slot is about one pixel, at least every node's colour.
        expect(drawn(b), what).toBeGreaterThan(0.98);
        expect(drawn(a), what).toBeGreaterThan(0.98);
        expect(shares).toHaveLength(6);
        for (let node = 0; node < 6; node++) {
          const [want, wantAfter] = shares[node];
          if (width === 1280) {
            const within = strategy === "maglev" ? 0.04 : 0.02;
            expect(Math.abs(shareOf(b, node) - (want ?? 0)), `${what}: db${node + 1} before`).toBeLessThan(within);
            expect(Math.abs(shareOf(a, node) - wantAfter), `${what}: db${node + 1} after`).toBeLessThan(within);
          } else {
            if (want) expect(shareOf(b, node), `${what}: db${node + 1} before`).toBeGreaterThan(0.01);
            else expect(shareOf(b, node), `${what}: db${node + 1} before`).toBeLessThan(0.01);
            expect(shareOf(a, node), `${what}: db${node + 1} after`).toBeGreaterThan(0.01);
          }
        }
        // The spec's rules give some shares exactly: five equal ranges, 8 of the 40 shards each, at first.
        if (strategy === "range" || strategy === "shards") for (let node = 0; node < 5; node++) expect(shares[node][0]).toBe(0.2);
      }
      // Keys that moved are drawn in the colour of the node they moved to: db6 takes keys in every
      // strategy, so its colour is on the key bars.
      expect(k.filter((x) => x === 5).length, what).toBeGreaterThan(10);
    }
    t.expectClean();
    await context.close();
  }
});

test("keyboard and pointer name every strategy's structure: ranges, shards, Maglev entries, ketama points, down nodes, the hot key", async ({ page }) => {
  const t = watch(page);
  const live = page.locator("#live");
  const tip = page.locator("#ring-tip");
  const ring = page.locator("#ring");
  // Names by Python: sorted(f"user_{i}" for i in range(10000))[3332], [3333], [6665]; db1 is down.
  for (const [strategy, first, second] of [
    ["range", /^range 1 of 3: user_0 … user_3998 on db1 \(down\) covers 33\.3\u00a0% of the circle: 3,333 keys$/, /^range 2 of 3: user_3999 … user_6998 on db2 covers 33\.3\u00a0% of the circle: 3,333 keys$/],
    // strategies.md: shard s starts on node s mod N.
    ["shards", /^shard 0 of 1,000 on db1 \(down\) covers 0\.1\u00a0% of the circle$/, /^shard 1 of 1,000 on db2 covers 0\.1\u00a0% of the circle$/],
    ["maglev", /^Maglev entry 0 of 65,537 on db\d( \(down\))? covers 0\.0\u00a0% of the circle$/, /^Maglev entry 1 of 65,537 on db\d/],
    ["ketama", /^ketama point 1 of 480 on db\d( \(down\))? covers \d+\.\d\u00a0% of the circle$/, /^ketama point 2 of 480 on db\d/],
  ]) {
    await open(page, `nodes=db1,db2,db3&vnodes=150&keys=10000&strategy=${strategy}&fail=db1`);
    await ring.focus();
    await page.keyboard.press("Home");
    await expect(live, strategy).toHaveText(first);
    await page.keyboard.press("ArrowRight");
    await expect(live, strategy).toHaveText(second);
    // The tip over the picture names the same unit.
    await expect(tip).toBeVisible();
    await expect(tip).toHaveText(second);
    // The last unit is one step back from the first.
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowLeft");
    await expect(live).toHaveText(/ of (3|1,000|65,537|480)\b/);
  }
  // No structure to point at: the formula strategies say so.
  await open(page, "nodes=db1,db2,db3&vnodes=150&keys=10000&strategy=jump");
  await ring.focus();
  await page.keyboard.press("Home");
  await expect(live).toHaveText(/^Jump consistent hash has no structure to step through/);
  // The hottest key's marker: its tip says its share (replication.md: 1 / H(10,000) = 10.2\u00a0%) and where
  // it lives; db3 is down.
  await open(page, "nodes=db1,db2,db3&vnodes=150&keys=10000&replicas=2&zipf=1.00&fail=db3");
  const [x, y] = (await ring.getAttribute("data-hot")).split(",").map(Number);
  await ring.hover({ position: { x, y } });
  await expect(tip).toHaveText(/^user_0, the hottest key: 10\.2\u00a0% of all requests; on db\d, db\d(; up: db\d)?$/);
  t.expectClean();
});
