// Replication, failures, quorums, hot keys and the cache: exact against ../shared/specs/replication.md's
// worked examples, every new control by keyboard and pointer, links that round-trip, hostile values.
import { slow, test, expect } from "./test.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { open, addressFragment, watch, clickAt as clickBox } from "./helpers.js";

const spec = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../tests/fixtures/spec_replication.json", import.meta.url)), "utf8"),
);
const service = (page) => page.locator("#service");
const row = (page, node) => page.locator(`#load-body tr[data-node="${node}"]`);
const notices = (page) => page.locator("#notice-list li").allTextContents();
const perNode = {
  copies: "data-copies",
  copies_after: "data-copies-after",
  requests: "data-requests",
  requests_after_cache: "data-requests-after-cache",
};
const totals = {
  unavailable: "data-unavailable",
  unreadable: "data-unreadable",
  unwritable: "data-unwritable",
  hit_ratio: "data-hit-ratio",
  unserved: "data-unserved",
};

for (const ex of spec.examples) {
  test(`worked example: ${ex.title}`, async ({ page }) => {
    const t = watch(page);
    await open(page, ex.link);
    await expect(page.locator("#notice")).toBeHidden();
    for (const [field, attr] of Object.entries(perNode)) {
      for (const [node, want] of Object.entries(ex[field] ?? {})) {
        await expect(row(page, node), `${field} of ${node}`).toHaveAttribute(attr, String(want));
      }
    }
    for (const [field, attr] of Object.entries(totals)) {
      if (ex[field] !== undefined) await expect(service(page), field).toHaveAttribute(attr, String(ex[field]));
    }
    if (ex.copies_moved !== undefined) {
      await expect(page.locator("#experiment [data-moved]")).toHaveAttribute("data-copies-moved", String(ex.copies_moved));
      await expect(page.locator("#experiment dd[data-copies-moved]")).toContainText(ex.copies_moved.toLocaleString("en-US"));
    }
    if (ex.max_over_mean !== undefined) {
      const got = Number(await service(page).getAttribute("data-request-max-mean"));
      const digits = String(ex.max_over_mean).split(".")[1].length;
      expect(got.toFixed(digits)).toBe(ex.max_over_mean.toFixed(digits));
    }
    // The link the page writes is the one it was opened with, with its version first.
    expect(await addressFragment(page)).toBe(`v=1&${ex.link.replace("zipf=0.8&", "zipf=0.80&")}`);
    t.expectClean();
  });
}

test("the replication sliders by keyboard: R, r, w, and what the quorums mean", async ({ page }) => {
  const t = watch(page);
  await open(page, "nodes=db1,db2,db3,db4&vnodes=100&keys=5000&remove=db4");
  const replicas = page.getByRole("slider", { name: "Replicas per key" });
  await expect(replicas).toHaveAttribute("aria-valuetext", "1 replica: the owner only");
  // Without replication the copies are the keys, and a change creates one copy per moved key.
  const moved = page.locator("#experiment [data-moved]");
  await expect(moved).toHaveAttribute("data-copies-moved", await moved.getAttribute("data-moved"));
  await replicas.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("#replicas-value")).toHaveText("3");
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3,db4&vnodes=100&keys=5000&replicas=3&remove=db4");
  await expect(row(page, "db1")).toHaveAttribute("data-copies", "4040");
  await expect(moved).toHaveAttribute("data-copies-moved", "3450");
  // r = w = 1 of 3: reads may be stale.
  await expect(service(page)).toHaveAttribute("data-consistency", "eventual");
  await expect(service(page)).toContainText("r + w = 2 ≤ R = 3: eventual.");
  const read = page.getByRole("slider", { name: "Read quorum r" });
  const write = page.getByRole("slider", { name: "Write quorum w" });
  await expect(read).toHaveAttribute("max", "3");
  await read.focus();
  await page.keyboard.press("ArrowRight");
  await write.focus();
  await page.keyboard.press("End");
  await expect(write).toHaveAttribute("aria-valuetext", "w = 3 of 3");
  await expect(service(page)).toHaveAttribute("data-consistency", "strong");
  await expect(service(page)).toContainText("r + w = 5 > R = 3: strong.");
  await expect.poll(() => addressFragment(page)).toBe(
    "v=1&nodes=db1,db2,db3,db4&vnodes=100&keys=5000&replicas=3&r=2&w=3&remove=db4",
  );
  // Lowering R pulls the quorums down with it.
  await replicas.focus();
  await page.keyboard.press("Home");
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3,db4&vnodes=100&keys=5000&remove=db4");
  await expect(read).toHaveAttribute("max", "1");
  t.expectClean();
});

test("the replication sliders by pointer, and a link that survives a reload", async ({ page }) => {
  const t = watch(page);
  await open(page, "nodes=db1,db2,db3,db4&vnodes=100&keys=5000");
  const clickAt = async (name, fraction) => {
    await clickBox(page.getByRole("slider", { name }), fraction);
  };
  await clickAt("Replicas per key", 0.99);
  await expect(page.locator("#replicas-value")).toHaveText("5");
  // Five replicas on four nodes: capped, and said.
  await expect(service(page)).toHaveAttribute("data-replicas", "4");
  await expect(service(page)).toContainText("(R = 5 capped at the 4 nodes)");
  await clickAt("Read quorum r", 0.99);
  await clickAt("Write quorum w", 0.01);
  await expect(page.locator("#read-value")).toHaveText("5");
  await expect(page.locator("#write-value")).toHaveText("1");
  // The quorums' numbers are shown (and the section has its new height) before the next click.
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3,db4&vnodes=100&keys=5000&replicas=5&r=5");
  await expect(page.locator("main")).not.toHaveAttribute("data-busy", /.*/);
  await clickAt("Cache (keys)", 0.99);
  await expect(page.locator("#cache-value")).toHaveText("5,000");
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3,db4&vnodes=100&keys=5000&replicas=5&r=5&cache=5000");
  // r = 5 > 4 live replicas: every read fails.
  await expect(service(page)).toHaveAttribute("data-unreadable", "5000");
  await page.reload();
  await expect(page.locator("#replicas-value")).toHaveText("5");
  await expect(service(page)).toHaveAttribute("data-unreadable", "5000");
  await expect(service(page)).toHaveAttribute("data-hit-ratio", "1000000");
  expect(await addressFragment(page)).toBe("v=1&nodes=db1,db2,db3,db4&vnodes=100&keys=5000&replicas=5&r=5&cache=5000");
  t.expectClean();
});

test("Down boxes by pointer and keyboard fail nodes; the box keeps the focus", async ({ page }) => {
  const t = watch(page);
  await open(page, "nodes=db1,db2,db3,db4&vnodes=100&keys=5000&replicas=3&r=2&w=3");
  const down1 = page.getByRole("checkbox", { name: "db1 down" });
  await down1.click();
  await expect(down1).toBeChecked();
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3,db4&vnodes=100&keys=5000&replicas=3&r=2&w=3&fail=db1");
  await expect(row(page, "db1")).toHaveAttribute("data-requests", "0");
  await expect(row(page, "db2")).toHaveAttribute("data-requests", "348100");
  await expect(service(page)).toHaveAttribute("data-unwritable", "4040");
  await expect(service(page)).toHaveAttribute("data-unavailable", "0");
  // Keyboard: Space on db2's box; the rebuilt table gives the focus back to it.
  const down2 = page.getByRole("checkbox", { name: "db2 down" });
  await down2.focus();
  await page.keyboard.press("Space");
  await expect(down2).toBeChecked();
  await expect(down2).toBeFocused();
  await expect.poll(() => addressFragment(page)).toContain("&fail=db1,db2");
  // Both down: keys whose three replicas include both have one live copy left.
  await expect(service(page)).not.toHaveAttribute("data-unreadable", "0");
  await expect(page.locator("#ring-summary")).toContainText("Down: db1, db2");
  await page.keyboard.press("Space");
  await expect(down2).not.toBeChecked();
  await expect.poll(() => addressFragment(page)).toBe("v=1&nodes=db1,db2,db3,db4&vnodes=100&keys=5000&replicas=3&r=2&w=3&fail=db1");
  // A removed node cannot also fail: its box is disabled.
  await page.getByRole("combobox", { name: "Experiment" }).selectOption({ label: "Remove db4" });
  await expect(page.getByRole("checkbox", { name: "db4 down (removed by the change)" })).toBeDisabled();
  t.expectClean();
});

test("hot keys and the cache by pointer and keyboard: the hottest key is named, the hit ratio shown", async ({ page }) => {
  const t = watch(page);
  await open(page, "nodes=db1,db2,db3,db4&vnodes=100&keys=5000&replicas=2");
  await expect(service(page)).toContainText("Every key is equally popular");
  const zipf = page.getByRole("slider", { name: "Hot keys (Zipf s)" });
  // Pointer: click the slider at 40 % of its width: s = 0.80.
  await clickBox(zipf, 0.4);
  await expect(page.locator("#zipf-value")).not.toHaveText("0.00");
  // Keyboard: exactly 0.80.
  await zipf.focus();
  await page.keyboard.press("Home");
  for (let i = 0; i < 16; i++) await page.keyboard.press("ArrowRight");
  await expect(page.locator("#zipf-value")).toHaveText("0.80");
  await expect(page.locator("[data-hot-key]")).toHaveAttribute("data-hot-key", "user_0");
  await expect(page.locator("[data-hot-key]")).toContainText("Replicas cool a hot key");
  await expect(page.locator("#ring-summary")).toContainText("The hottest key, user_0");
  await expect(row(page, "db1")).toHaveAttribute("data-requests", "268817");
  const cache = page.getByRole("slider", { name: "Cache (keys)" });
  await cache.focus();
  await page.keyboard.press("Home");
  // The scale is 0, 1, 2, … 99, 100, 110, …: fifty steps up is 50.
  for (let i = 0; i < 50; i++) await page.keyboard.press("ArrowRight");
  await expect(page.locator("#cache-value")).toHaveText("50");
  await expect(service(page)).toHaveAttribute("data-hit-ratio", "283054");
  await expect(row(page, "db1")).toHaveAttribute("data-requests-after-cache", "282465");
  await expect(service(page)).toContainText("Hot data is where a cache pays");
  await expect.poll(() => addressFragment(page)).toBe(
    "v=1&nodes=db1,db2,db3,db4&vnodes=100&keys=5000&replicas=2&zipf=0.80&cache=50",
  );
  // End: the whole key set cached.
  await page.keyboard.press("End");
  await expect(service(page)).toHaveAttribute("data-hit-ratio", "1000000");
  // Bounded loads says what it does not balance.
  await page.getByRole("combobox", { name: "Strategy" }).selectOption("bounded");
  await expect(service(page)).toContainText("Bounded loads balances keys, not requests");
  t.expectClean();
});

test("hostile values for every new setting are clamped or dropped, and said", async ({ page }) => {
  const t = watch(page);
  const cases = [
    ["replicas=0", "“replicas” must be at least 1: used 1.", ""],
    ["replicas=99", "“replicas” must be at most 5: used 5.", "&replicas=5"],
    ["replicas=2&r=7&w=-1", "“r” must be at most 2: used 2.", "&replicas=2&r=2"],
    ["zipf=9", "“zipf” must be at most 2.00: used 2.00.", "&zipf=2.00"],
    ["zipf=0.83", "“zipf” goes in steps of 0.05: used 0.85.", "&zipf=0.85"],
    ["zipf=%3Cscript%3E", "“zipf” should be a number from 0.00 to 2.00", ""],
    ["keys=1000&cache=99999999", "“cache” must be at most 1000: used 1000.", "&cache=1000"],
    ["fail=db9,%3Cb%3E", "Can't fail “db9”: it is not one of the nodes.", ""],
    ["remove=db2&fail=db2,db3", "“db2” is removed by the change", "&remove=db2&fail=db3"],
  ];
  for (const [link, said, kept] of cases) {
    await open(page, link);
    await expect.poll(() => notices(page), { message: link }).toContainEqual(expect.stringContaining(said));
    const keys = link.startsWith("keys=1000") ? "1000" : "10000";
    await expect.poll(() => addressFragment(page), { message: link }).toBe(`v=1&nodes=db1,db2,db3&vnodes=150&keys=${keys}${kept}`);
  }
  t.expectClean();
});

test("100 nodes × 1M keys × R = 3: exact totals, and the page still takes input", async ({ page }) => {
  test.setTimeout(slow(120_000));
  const t = watch(page);
  await open(page, "nodes=" + Array.from({ length: 100 }, (_, i) => `db${i + 1}`).join(",") + "&vnodes=1000&keys=1000000&replicas=3&zipf=1.00&remove=db50");
  await expect(page.locator("#experiment [data-moved]")).toHaveAttribute("data-copies-moved", /^\d+$/);
  const copies = await page.locator("#load-body tr").evaluateAll((trs) =>
    trs.reduce((s, tr) => s + Number(tr.dataset.copies), 0),
  );
  expect(copies).toBe(3_000_000);
  const after = await page.locator("#load-body tr[data-copies-after]").evaluateAll((trs) =>
    trs.reduce((s, tr) => s + Number(tr.dataset.copiesAfter), 0),
  );
  expect(after).toBe(3_000_000);
  // A failure is a recomputation of the service numbers only.
  await page.getByRole("checkbox", { name: "db1 down" }).click();
  await expect(page.locator("#service")).toHaveAttribute("data-unavailable", "0");
  await expect.poll(() => addressFragment(page)).toContain("&fail=db1");
  t.expectClean();
});

test("a load table with more columns than fit beside the ring takes the full width instead of scrolling sideways", async ({ page }) => {
  const t = watch(page);
  const measure = () => page.evaluate(() => {
    const wrap = document.querySelector(".load-panel .table-wrap");
    return {
      wide: document.querySelector(".stage").classList.contains("wide-load"),
      share: document.querySelector(".load-panel").getBoundingClientRect().width / document.querySelector(".stage").getBoundingClientRect().width,
      sideways: wrap.scrollWidth - wrap.clientWidth,
    };
  });
  // Copies, requests and the cache before and after a change: 13 columns, the full width, no scrolling.
  await open(page, "nodes=db1,db2,db3,db4&vnodes=150&keys=10000&replicas=3&r=2&w=2&zipf=0.80&cache=100&remove=db2");
  let m = await measure();
  expect(m.wide).toBe(true);
  expect(m.share).toBeGreaterThan(0.99);
  expect(m.sideways).toBeLessThanOrEqual(0);
  // The page's example (a change, 9 columns with the weights) stays beside the ring, and fits there too.
  await open(page, "nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
  m = await measure();
  expect(m.wide).toBe(false);
  expect(m.share).toBeLessThan(0.6);
  expect(m.sideways).toBeLessThanOrEqual(0);
  t.expectClean();
});
