// Check a real history (#check, ../shared/specs/real-histories.md): the spec's worked examples, every
// one of Porcupine's histories with the verdict its tests assert (and every key of the -bad key-value
// files), the presets, links that carry a history, the file picker and drops, text that is never markup,
// the diagram by pointer and keys, and the compact view.
import { test, expect, slow } from "./test.js";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { COURSE_ORIGIN, ORIGIN, addressFragment, open, settled, watch } from "./helpers.js";

const porcupine = fileURLToPath(new URL("../../crates/lincheck/tests/fixtures/porcupine/", import.meta.url));
const read = (file) => readFileSync(porcupine + file, "utf8");
/** Porcupine's asserted verdicts (expected.txt): whole files, and each key of the -bad files. */
const expected = readFileSync(porcupine + "expected.txt", "utf8")
  .split("\n")
  .filter((l) => l && !l.startsWith("#"))
  .map((l) => l.split(" "));
const files = expected.filter((e) => e.length === 2);
const keys = expected.filter((e) => e.length === 3);
const result = (page) => page.locator("#check-result");

/** Pastes `text` into the section (or, `{ file: NAME }`, opens it as a file: checked at once) and waits
 * until its result is drawn; returns the result's data. */
async function check(page, text, { file } = {}) {
  if (file) {
    await page.locator("#check-file").setInputFiles({ name: file, mimeType: "text/plain", buffer: Buffer.from(text) });
  } else {
    await page.locator("#check-input").fill(text);
  }
  await expect(page.locator("#check-input")).toHaveValue(text);
  await expect(result(page)).toHaveAttribute("data-check-result", "", { timeout: slow(30_000) });
  await expect(page.locator("#check")).not.toHaveAttribute("aria-busy", /.*/);
  return result(page).evaluate((r) => ({ ...r.dataset }));
}

/** The page at the check section, its module loaded. */
async function atCheck(page, fragment = "part=check") {
  await open(page, fragment);
  await expect(page.locator("#check-status")).not.toHaveText(/Loading/);
}

const log = (lines) => lines.map(([p, type, f, v]) => `INFO  jepsen.util - ${p}\t${type}\t${f}\t${v}`).join("\n");

test("the spec's worked examples, and their variants", async ({ page }) => {
  const t = watch(page);
  await atCheck(page);
  // 1. An indeterminate write that must have happened: p1 read 1, so p2's later read of nil is illegal.
  const one = [[0, ":invoke", ":write", 1], [0, ":info", ":write", ":timed-out"], [1, ":invoke", ":read", "nil"],
    [1, ":ok", ":read", 1], [2, ":invoke", ":read", "nil"], [2, ":ok", ":read", "nil"]];
  let r = await check(page, log(one));
  expect(r).toMatchObject({ verdict: "illegal", ops: "3", keys: "1", illegalKeys: "1", format: "jepsen-log", skippedLines: "0" });
  await expect(page.locator('#check-keys-body tr[data-check-key=""]')).toHaveAttribute("data-verdict", "illegal");
  await expect(page.locator("#check-why")).toContainText("p2's read of nil at line 5 cannot be ordered");
  // Drop p1's read: ok (the write may take effect after p2's read, or never).
  r = await check(page, log(one.filter(([p]) => p !== 1)));
  expect(r).toMatchObject({ verdict: "ok", ops: "2" });
  // 2. A failed cas is an observation: the state is 3 when it runs, so its compare cannot fail.
  const two = [[0, ":invoke", ":write", 3], [0, ":ok", ":write", 3], [1, ":invoke", ":cas", "[3 4]"], [1, ":fail", ":cas", "[3 4]"]];
  r = await check(page, log(two));
  expect(r).toMatchObject({ verdict: "illegal", ops: "2" });
  // The cas invoked before the write's :ok: it may run before the write. ok.
  r = await check(page, log([two[0], two[2], two[1], two[3]]));
  expect(r.verdict).toBe("ok");
  // 3. Key-value, per key: "a" illegal; with a legal key "b" the history is illegal, 2 keys, 1 illegal.
  const edn = (p, type, f, key, value) => `{:process ${p}, :type ${type}, :f ${f}, :key "${key}", :value ${value}}`;
  const a = [edn(0, ":invoke", ":put", "a", '"x"'), edn(0, ":ok", ":put", "a", '"x"'), edn(1, ":invoke", ":get", "a", "nil"), edn(1, ":ok", ":get", "a", '""')];
  r = await check(page, a.join("\n"));
  expect(r).toMatchObject({ verdict: "illegal", keys: "1", illegalKeys: "1", format: "edn" });
  const b = [edn(2, ":invoke", ":put", "b", '"y"'), edn(2, ":ok", ":put", "b", '"y"'), edn(3, ":invoke", ":get", "b", "nil"), edn(3, ":ok", ":get", "b", '"y"')];
  r = await check(page, [...a, ...b].join("\n"));
  expect(r).toMatchObject({ verdict: "illegal", keys: "2", illegalKeys: "1" });
  await expect(page.locator('#check-keys-body tr[data-check-key="a"]')).toHaveAttribute("data-verdict", "illegal");
  await expect(page.locator('#check-keys-body tr[data-check-key="b"]')).toHaveAttribute("data-verdict", "ok");
  // 4. Porcupine's own data: below, every file.
  t.expectClean();
});

test("every Porcupine history gets the verdict its tests assert, and every key of the -bad files its own", async ({ page }) => {
  test.setTimeout(slow(300_000));
  const t = watch(page);
  await atCheck(page);
  const etcd = readdirSync(porcupine + "jepsen").filter((f) => f.endsWith(".log"));
  // 103 logs, one of them empty; with the 6 key-value files, 108 histories.
  expect(etcd).toHaveLength(103);
  const nonEmpty = files.filter(([file]) => read(file).trim() !== "");
  expect(nonEmpty).toHaveLength(108);
  expect(nonEmpty.filter(([f, v]) => f.startsWith("jepsen/") && v === "ok")).toHaveLength(23);
  const verdicts = [];
  for (const [file, want] of nonEmpty) {
    const r = await check(page, read(file), { file: file.split("/")[1] });
    verdicts.push([file, r.verdict]);
    expect(r.verdict, file).toBe(want);
    expect(r.skippedLines, file).toBe("0");
    if (file.startsWith("kv/")) {
      expect(r.format, file).toBe("edn");
      for (const [, key, v] of keys.filter(([f]) => f === file)) {
        const k = key.slice("key=".length);
        await expect(page.locator(`#check-keys-body tr[data-check-key="${k}"]`), `${file} ${key}`).toHaveAttribute("data-verdict", v);
      }
      // Too large for a link: checked from the text, and the page says so.
      if (file.includes("c50")) await expect(page.locator("#check-share")).toContainText("too large to share by link");
    } else {
      expect(r.format, file).toBe("jepsen-log");
    }
  }
  expect(verdicts).toHaveLength(108);
  t.expectClean();
});

test("the presets: an illegal etcd log with its stale read explained, and a linearizable one", async ({ page }) => {
  const t = watch(page);
  await open(page, "nodes=db1,db2,db3&vnodes=150&keys=10000");
  await page.locator("#time").scrollIntoViewIfNeeded();
  await page.getByRole("button", { name: "etcd 2.0, reads without quorum (Jepsen)" }).click();
  expect(await settled(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&part=check&check=p.etcd_000");
  await expect(result(page)).toHaveAttribute("data-verdict", "illegal");
  await expect(result(page)).toHaveAttribute("data-ops", "85");
  await expect(page.locator("#check-why")).toHaveText(/^p11's read of 2 at line 85 cannot be ordered: .*every write of 2 had been overwritten/);
  // The first op that cannot be placed is marked on the diagram; the prefix is numbered.
  await expect(page.locator("#check-diagram .op.blocked")).toHaveCount(1);
  expect(await page.locator("#check-diagram .op.placed").count()).toBeGreaterThan(30);
  await expect(page.locator("#check-input")).toHaveValue(/jepsen\.util - 0\s+:invoke\s+:read\s+nil/);
  await page.getByRole("button", { name: "etcd 2.0, a linearizable run (Jepsen)" }).click();
  await settled(page);
  await expect(result(page)).toHaveAttribute("data-verdict", "ok");
  await expect(page.locator("#check-why")).toHaveText("");
  t.expectClean();
});

test("a pasted history travels in the link, compressed, and opens again as it was", async ({ page, browser }) => {
  const t = watch(page);
  await atCheck(page);
  const text = "1:w1@0-10,2:r0@20-30";
  const r = await check(page, text);
  expect(r).toMatchObject({ verdict: "illegal", format: "hist", ops: "2" });
  const link = await settled(page);
  expect(link).toMatch(/&check=z\.[A-Za-z0-9_-]+$/);
  expect(await addressFragment(page)).toBe(link);
  const again = await browser.newPage();
  await again.goto(`/#${link}`);
  await settled(again);
  await expect(again.locator("#check-input")).toHaveValue(text);
  await expect(again.locator("#check-result")).toHaveAttribute("data-verdict", "illegal");
  await again.close();
  // Emptied: the link no longer carries it.
  await page.locator("#check-input").fill("");
  await expect.poll(() => addressFragment(page)).not.toContain("check=");
  t.expectClean();
});

test("a file opened or dropped is checked; skipped lines are listed as text, never as markup", async ({ page }) => {
  const t = watch(page);
  await atCheck(page);
  await page.locator("#check-file").setInputFiles({ name: "etcd_002.log", mimeType: "text/plain", buffer: Buffer.from(read("jepsen/etcd_002.log")) });
  await expect(result(page)).toHaveAttribute("data-check-result", "");
  await expect(result(page)).toHaveAttribute("data-verdict", "ok");
  // A drop of text with a hostile line: the line is an error, shown as text.
  const hostile = `${log([[0, ":invoke", ":write", 1], [0, ":ok", ":write", 1]])}\nINFO  jepsen.util - <img src=x onerror=alert(1)> :ok :read 1`;
  await page.locator("#check").evaluate((section, text) => {
    const data = new DataTransfer();
    data.setData("text/plain", text);
    section.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
  }, hostile);
  await expect(result(page)).toHaveAttribute("data-skipped-lines", "1");
  await expect(page.locator("#check-errors li")).toHaveCount(1);
  await expect(page.locator("#check-errors li")).toContainText("Line 3");
  await expect(page.locator("#check-errors li code")).toHaveText(/<img src=x onerror=alert\(1\)>/);
  await expect(page.locator("#check img")).toHaveCount(0);
  t.expectClean();
});

test("a file chosen, or text typed, while the checker is still loading is checked once it is there", async ({ context }) => {
  for (const how of ["file", "text"]) {
    const page = await context.newPage();
    const t = watch(page);
    // The check module's wasm is held back until the reader has acted.
    let release;
    const acted = new Promise((resolve) => { release = resolve; });
    await page.route(/ring-check-[0-9a-f]+_bg\.wasm$/, async (route) => { await acted; await route.continue(); });
    await page.goto("/#part=check");
    await expect(page.locator("#check-status")).toHaveText("Loading the checker…");
    if (how === "file") {
      await page.locator("#check-file").setInputFiles({ name: "etcd_002.log", mimeType: "text/plain", buffer: Buffer.from(read("jepsen/etcd_002.log")) });
    } else {
      await page.locator("#check-input").fill(read("jepsen/etcd_000.log"));
    }
    release();
    await expect(result(page)).toHaveAttribute("data-check-result", "", { timeout: slow(30_000) });
    await expect(result(page)).toHaveAttribute("data-verdict", how === "file" ? "ok" : "illegal");
    await expect(page.locator("#check-input")).toHaveValue(read(how === "file" ? "jepsen/etcd_002.log" : "jepsen/etcd_000.log"));
    t.expectClean();
    await page.close();
  }
});

test("the diagram: pointer and arrow keys name each op and its place; zoom widens it; another key by its row", async ({ page }) => {
  const t = watch(page);
  await atCheck(page, "part=check&check=p.etcd_000");
  await expect(result(page)).toHaveAttribute("data-verdict", "illegal");
  const first = page.locator("#check-diagram .op").first();
  await first.hover();
  await expect(page.locator("#check-tip")).toContainText("p0's read of nil at line 1");
  await first.focus();
  await expect(page.locator("#check-tip")).toContainText(/^p\d+'s .* at line \d+/);
  const before = await page.locator("#check-tip").textContent();
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("#check-tip")).not.toHaveText(before);
  await expect(page.locator("#check-tip")).toContainText(/placed \d+(st|nd|rd|th) in the order found|cannot be placed|not placed/);
  await page.locator("#check-diagram .op.blocked").focus();
  await expect(page.locator("#check-tip")).toContainText("p11's read of 2 at line 85");
  await expect(page.locator("#check-tip")).toContainText("cannot be placed");
  const width = async () => Number(await page.locator("#check-diagram svg").getAttribute("width"));
  const w1 = await width();
  await page.getByRole("button", { name: "Zoom in" }).click();
  expect(await width()).toBeGreaterThan(w1);
  await page.getByRole("button", { name: "Zoom out" }).click();
  await page.getByRole("button", { name: "Zoom out" }).click();
  expect(await width()).toBeLessThan(w1);
  // A key-value history: a row per key; its button shows that key.
  await check(page, read("kv/c10-bad.txt"));
  await expect(page.locator("#check-keys-body tr")).toHaveCount(10);
  await page.locator('#check-keys-body tr[data-check-key="4"] button').click();
  await expect(page.locator("#check-diagram-title")).toHaveText("Key “4”: its ops, numbered in a linearization");
  t.expectClean();
});

test("the compact view of a link about a real history shows the check, at 700 × 560, in a sandboxed course page too", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 700, height: 560 } });
  const page = await context.newPage();
  const t = watch(page);
  await page.goto("/#part=check&check=p.etcd_000&embed=1");
  await settled(page);
  await expect(page.locator("body")).toHaveAttribute("data-compact", "check");
  await expect(page.locator("#check")).toBeVisible();
  await expect(page.locator(".ring-figure")).toBeHidden();
  await expect(result(page)).toHaveAttribute("data-verdict", "illegal");
  await expect(page.locator("#check-why")).toBeInViewport();
  // The op that cannot be placed is in view in the diagram's box, though the diagram is wider and
  // taller than the frame (the box scrolled to it, not the page).
  const box = await page.locator("#check-diagram").boundingBox();
  const op = await page.locator("#check-diagram .op.blocked rect").boundingBox();
  expect(op.x).toBeGreaterThanOrEqual(box.x);
  expect(op.x + op.width).toBeLessThanOrEqual(box.x + box.width);
  expect(op.y).toBeGreaterThanOrEqual(box.y);
  expect(op.y + op.height).toBeLessThanOrEqual(box.y + box.height);
  t.expectClean();
  // In a course page's sandboxed iframe (another origin, and an opaque one): the module loads there too.
  const course = await context.newPage();
  const errors = [];
  course.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await course.goto(`${COURSE_ORIGIN}/course-sandboxed.html`);
  await course.locator("iframe").evaluate((f, src) => { f.src = src; }, `${ORIGIN}/#part=check&check=p.etcd_000&embed=1`);
  const frame = course.frameLocator("iframe");
  await expect(frame.locator("#check-result")).toHaveAttribute("data-verdict", "illegal", { timeout: slow(30_000) });
  await expect(frame.locator("#check-why")).toContainText("p11's read of 2 at line 85 cannot be ordered");
  expect(errors).toEqual([]);
  await context.close();
});
