// Course-ready: the compact view in a course page's text column (sandboxed too), the embed code, links
// that last, and the downloads.
import { slow, test, expect } from "./test.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { COURSE_ORIGIN, PORT, addressFragment, distBefore, fixture, open, rows, settled, watch } from "./helpers.js";

const moved = (scope) => scope.locator("#experiment [data-moved]");

test("embed mode in a sandboxed iframe of a 700 px course column: loads, fits 700 × 560, every number right", async ({ browser }) => {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    const t = watch(page);
    // The course page is on localhost, the frame on 127.0.0.1, and sandbox="allow-scripts" makes it opaque.
    await page.goto(`${COURSE_ORIGIN}/course-sandboxed.html`);
    const frame = page.frameLocator("iframe");
    await expect(moved(frame)).toHaveAttribute("data-moved", "3114");
    await expect(frame.locator("#experiment .big")).toHaveText("Removing db2 moves 3,114 of 10,000 keys (31.1 %).");
    // The compact view: no masthead or long panels; the ring, the sliders, the experiment, a link out.
    await expect(frame.locator(".masthead")).toBeHidden();
    await expect(frame.locator("#compare")).toBeHidden();
    await expect(frame.locator("#ring")).toBeVisible();
    for (const name of ["Nodes", "Virtual nodes", "Keys"]) await expect(frame.getByRole("slider", { name, exact: true })).toBeVisible();
    const full = frame.getByRole("link", { name: /Open the full playground/ });
    await expect(full).toBeVisible();
    const href = await full.getAttribute("href");
    expect(new URL(href).hash).toBe("#v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
    expect(await full.getAttribute("target")).toBe("_blank");
    // It fits: the frame's document is no taller or wider than the 700 × 560 frame.
    const box = await page.locator("iframe").boundingBox();
    expect(Math.round(box.width)).toBe(700);
    const size = await frame.locator("html").evaluate((html) => ({ h: html.scrollHeight, w: html.scrollWidth }));
    expect(size.h).toBeLessThanOrEqual(560);
    expect(size.w).toBeLessThanOrEqual(700);
    // Everything else behaves the same: the sliders and the experiment menu work in the sandbox.
    await frame.getByRole("combobox", { name: "Experiment" }).selectOption({ label: "Remove db1" });
    await expect(moved(frame)).toHaveAttribute("data-moved", "3678");
    await frame.getByRole("slider", { name: "Nodes", exact: true }).focus();
    await page.keyboard.press("ArrowRight");
    await expect(frame.locator("#nodes-value")).toHaveText("4");
    await page.screenshot({ path: `test-results/embed-700-sandboxed-${scheme}.png` });
    expect(t.errors).toEqual([]);
    // Nothing but the course page and the playground's own files.
    expect(t.foreign.filter((url) => !url.startsWith(`${COURSE_ORIGIN}/course`))).toEqual([]);
    await context.close();
  }
});

test("the Embed button shows and copies an iframe for this experiment, which opens the compact view", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const t = watch(page);
  await open(page, "nodes=db1,db2,db3&vnodes=40&keys=2000&remove=db3");
  const button = page.getByRole("button", { name: "Embed" });
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await button.click();
  await expect(button).toHaveAttribute("aria-expanded", "true");
  const code = page.getByLabel(/Paste this into a course page/);
  await expect(code).toBeVisible();
  const snippet = await code.inputValue();
  expect(snippet).toBe(`<iframe src="http://127.0.0.1:${PORT}/#v=1&nodes=db1,db2,db3&vnodes=40&keys=2000&remove=db3&embed=1" title="Consistent hashing ring playground" width="100%" height="560" loading="lazy" allow="clipboard-write"></iframe>`);
  await expect(page.locator("#copy-status")).toHaveText("Embed code copied.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
  // The snippet's address opens the compact view of the same experiment, with the seed's own count:
  // python3 ../shared/oracle/seed_golden.py db1,db2,db3 40 2000 --remove db3  →  "moved": 686.
  await page.goto(snippet.match(/src="([^"]+)"/)[1]);
  expect(await settled(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=40&keys=2000&remove=db3&embed=1");
  await expect(page.locator("body")).toHaveClass(/embed/);
  await expect(moved(page)).toHaveAttribute("data-moved", "686");
  await expect(page.locator("#experiment .big")).toHaveText("Removing db3 moves 686 of 2,000 keys (34.3 %).");
  // Reset keeps the compact view. (Its button is in the full page's link row, which the compact view does
  // not show; a click on it, as a script could make, goes back to the course page's example, compact.)
  const reset = page.locator("#reset");
  await expect(reset).toBeHidden();
  await reset.dispatchEvent("click");
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&embed=1");
  expect(await settled(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&embed=1");
  await expect(page.locator("body")).toHaveClass(/embed/);
  await expect(page.locator(".masthead")).toBeHidden();
  // The seed's example, no change: every node's keys as the seed counts them.
  expect(await distBefore(page)).toEqual(fixture("seed_3x150_10k").dist);
  t.expectClean();
});

test("links written by version 1 open the same experiment; an unknown version opens what it can and says so", async ({ page }) => {
  const t = watch(page);
  const corpus = readFileSync(fileURLToPath(new URL("../../tests/fixtures/links-v1.txt", import.meta.url)), "utf8")
    .split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split("\t"));
  // Exactly the corpus (tests/links_v1.rs counts the same 24): a lost link fails here.
  expect(corpus.length).toBe(24);
  for (const [link, ...expects] of corpus) {
    await open(page, link);
    for (const e of expects) {
      const [what, value] = e.split("=");
      if (what === "moved") await expect(moved(page)).toHaveAttribute("data-moved", value);
      const want = what === "moved" ? null : Object.fromEntries(value.split(",").map((p) => [p.split(":")[0], Number(p.split(":")[1])]));
      // Opening a link from another link is a hash change: wait for the page to apply it.
      if (what === "before") await expect.poll(async () => Object.fromEntries((await rows(page)).map((r) => [r.node, r.keys])), { message: link }).toEqual(want);
      if (what === "after") await expect.poll(async () => Object.fromEntries((await rows(page)).filter((r) => r.node in want).map((r) => [r.node, r.after])), { message: link }).toEqual(want);
      // Replication: per-node attributes of the load table's rows, totals on the panel and the experiment.
      const perNode = { copies: "copies", copies_after: "copiesAfter", requests: "requests", requests_after_cache: "requestsAfterCache" }[what];
      if (perNode) {
        await expect.poll(() => page.locator("#load-body tr").evaluateAll((trs, key) =>
          Object.fromEntries(trs.filter((tr) => tr.dataset[key] !== undefined).map((tr) => [tr.dataset.node, Number(tr.dataset[key])])), perNode),
        { message: `${link} ${what}` }).toEqual(want);
      }
      const total = { unavailable: "data-unavailable", unreadable: "data-unreadable", unwritable: "data-unwritable", hit_ratio: "data-hit-ratio" }[what];
      if (total) await expect(page.locator("#service"), `${link} ${what}`).toHaveAttribute(total, value);
      if (what === "copies_moved") await expect(moved(page)).toHaveAttribute("data-copies-moved", value);
    }
    await expect(page.locator("#notice")).toBeHidden();
  }
  // A setting from a later version (here an invented "geo") is said and ignored.
  await open(page, "v=2&nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2&geo=eu");
  await expect(moved(page)).toHaveAttribute("data-moved", "3114");
  const said = await page.locator("#notice-list li").allTextContents();
  expect(said[0]).toContain("version “2” of the link format");
  expect(said.join(" ")).toContain("unknown setting “geo”");
  t.expectClean();
});

test("downloads: the picture at twice the canvas's resolution, the loads and every moved key as CSV", async ({ page }) => {
  const t = watch(page);
  await open(page, "nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
  const save = async (name) => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name }).click()]);
    const path = `test-results/${download.suggestedFilename()}`;
    await download.saveAs(path);
    return { name: download.suggestedFilename(), data: readFileSync(path) };
  };
  const png = await save("Picture (PNG)");
  expect(png.name).toBe("ring-playground_ring_3-nodes_150-vnodes_10000-keys_remove-db2.png");
  expect(png.data.subarray(1, 4).toString()).toBe("PNG");
  const [w, h] = [png.data.readUInt32BE(16), png.data.readUInt32BE(20)];
  const css = await page.locator("#ring").evaluate((c) => c.getBoundingClientRect().width);
  expect(w).toBe(Math.round(css * 2));
  expect(h).toBeGreaterThan(w);
  const loads = await save("Loads (CSV)");
  expect(loads.name).toBe("ring-playground_ring_3-nodes_150-vnodes_10000-keys_remove-db2_loads.csv");
  expect(loads.data.toString().trim().split("\n")).toEqual([
    "node,keys,share,keys_after,change", "db1,3678,0.367800,5301,1623", "db2,3114,0.311400,0,-3114", "db3,3208,0.320800,4699,1491",
  ]);
  const keys = await save("Moved keys (CSV)");
  const lines = keys.data.toString().trim().split("\n");
  expect(lines[0]).toBe("key,from,to");
  expect(lines.length - 1).toBe(3114);
  expect(lines.slice(1).every((l) => /^user_\d+,db2,db[13]$/.test(l))).toBe(true);
  await expect(page.locator("#copy-status")).toHaveText("Moved keys saved.");
  t.expectClean();
});

test("downloads at a million keys: every moved key of hash % N, written a part at a time, and the picture", async ({ page }) => {
  test.setTimeout(slow(180_000));
  const t = watch(page);
  // hash % N from 10 to 9 nodes at a million keys: about 900,000 rows, 18 MB.
  await open(page, "nodes=db1,db2,db3,db4,db5,db6,db7,db8,db9,db10&vnodes=150&keys=1000000&strategy=modn&remove=db5");
  const moved = Number(await page.locator("#experiment [data-moved]").getAttribute("data-moved"));
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: slow(120_000) }), page.getByRole("button", { name: "Moved keys (CSV)" }).click()]);
  // Written a part at a time: the status counts up before the file is saved.
  const path = `test-results/${download.suggestedFilename()}`;
  await download.saveAs(path);
  const text = readFileSync(path, "utf8");
  const lines = text.split("\n");
  expect(lines[0]).toBe("key,from,to");
  expect(lines.at(-1)).toBe("");
  expect(lines.length - 2).toBe(moved);
  // Key-number order, every row a move away from its old node (db5's keys included).
  let last = -1;
  const wrong = [];
  for (const line of lines.slice(1, -1)) {
    const [key, from, to] = line.split(",");
    const n = Number(key.slice(5));
    if (!(n > last && from !== to && /^db\d+$/.test(from) && /^db\d+$/.test(to))) wrong.push(line);
    last = n;
  }
  expect(wrong).toEqual([]);
  await expect(page.locator("#copy-status")).toHaveText("Moved keys saved.");
  const [png] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Picture (PNG)" }).click()]);
  await png.saveAs(`test-results/${png.suggestedFilename()}`);
  expect(readFileSync(`test-results/${png.suggestedFilename()}`).subarray(1, 4).toString()).toBe("PNG");
  t.expectClean();
});

test("the compact view shows the part its link is about, and computes nothing it does not show", async ({ page }) => {
  await page.setViewportSize({ width: 700, height: 560 });
  const t = watch(page);
  const fits = async (what) => {
    const size = await page.locator("html").evaluate((html) => ({ h: html.scrollHeight, w: html.scrollWidth }));
    expect(size.h, what).toBeLessThanOrEqual(560);
    expect(size.w, what).toBeLessThanOrEqual(700);
  };
  // Not computed, once the page has done all it does at rest (`main[data-rested]`): the comparison's rows,
  // the curve's values, the staleness model, the history.
  const untouched = async (...views) => {
    await expect(page.locator("main")).toHaveAttribute("data-rested", "");
    const all = {
      compare: () => expect(page.locator("#compare-body tr[data-max-mean]")).toHaveCount(0),
      curve: () => expect(page.locator("#curve-values")).toHaveText("Computed when the sliders rest."),
      pbs: () => expect(page.locator("#pbs-body tr")).toHaveCount(0),
      history: () => expect(page.locator("#history")).not.toHaveAttribute("data-hist", /./),
    };
    for (const v of views) await all[v]();
  };

  // Each link in a new document (opening one link from another keeps the views the first computed).
  const fresh = async (link) => { await page.goto("about:blank"); await open(page, link); };

  // Replication, a node down, hot keys and a cache: the ring beside the replication sliders and numbers.
  await fresh("nodes=db1,db2,db3,db4,db5&replicas=3&fail=db2&zipf=1.00&cache=100&embed=1");
  await expect(page.locator("body")).toHaveAttribute("data-compact", "service");
  await expect(page.locator("#ring")).toBeVisible();
  for (const name of ["Replicas per key", "Read quorum r", "Write quorum w", "Hot keys (Zipf s)", "Cache (keys)"]) {
    await expect(page.getByRole("slider", { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("slider", { name: "Nodes", exact: true })).toBeHidden();
  await expect(page.getByRole("link", { name: /Open the full playground/ })).toBeVisible();
  // Zipf s = 1 over 10,000 keys, the 100 most requested cached: H(100) / H(10,000) of the requests
  // (replication.md), a closed form.
  const h = (n) => { let s = 0; for (let i = n; i >= 1; i--) s += 1 / i; return s; };
  const hit = `${(100 * h(100) / h(10000)).toFixed(1)} %`;
  expect(hit).toBe("53.0 %");
  await expect(page.locator("#service-body")).toContainText(`answers ${hit} of the requests`);
  await expect(page.locator("#service-body .facts")).toBeVisible();
  await expect(page.locator("#service-body .more").first()).toBeHidden();
  await fits("service");
  await untouched("compare", "curve", "pbs", "history");

  // A staleness setting alone: the staleness model, its table, no ring and no history.
  await fresh("nodes=db1,db2,db3,db4,db5&replicas=3&lat=wan&embed=1");
  await expect(page.locator("body")).toHaveAttribute("data-compact", "staleness");
  await expect(page.locator("#ring")).toBeHidden();
  await expect(page.locator("#pbs-curve")).toBeVisible();
  // r = w = 1 of R = 3: a read misses the write with probability C(2,1)/C(3,1) = 2/3 (the PBS paper's
  // closed form for fixed quorums); 9 rows, one per (r, w).
  await expect(page.locator("#pbs-body tr")).toHaveCount(9);
  await expect(page.locator("#pbs-body tr.current td").nth(2)).toHaveText("66.7 %");
  await fits("staleness");
  await untouched("compare", "curve", "history");

  // The balance curve (part=curve): the ring, the virtual nodes slider, the curve; 150 virtual nodes'
  // spread is the seed's own distribution's.
  await fresh("nodes=db1,db2,db3&vnodes=150&keys=10000&part=curve&embed=1");
  await expect(page.locator("body")).toHaveAttribute("data-compact", "curve");
  await expect(page.locator("#curve")).toBeVisible();
  await expect(page.getByRole("slider", { name: "Virtual nodes", exact: true })).toBeVisible();
  await expect(page.getByRole("slider", { name: "Nodes", exact: true })).toBeHidden();
  const dist = Object.values(fixture("seed_3x150_10k").dist);
  const mean = dist.reduce((a, b) => a + b) / dist.length;
  const sd = Math.sqrt(dist.reduce((a, b) => a + (b - mean) ** 2, 0) / dist.length);
  await expect(page.locator("#curve-values")).toContainText(`150: ${(100 * sd / mean).toFixed(1)} %`, { timeout: slow(60_000) });
  await fits("curve");
  await untouched("compare", "pbs", "history");
  t.expectClean();
});
