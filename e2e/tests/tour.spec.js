// The Reddit tour (tour=reddit): every step opened by its link and by Next, its caption's numbers checked
// against the fixtures (the seed oracle's, spec_reference.json) and closed forms; Back, the keyboard, the
// step list, "Back to the step", "Leave the tour"; the compact view (700 × 560, sandboxed too); notices.
import { slow, test, expect } from "./test.js";
import { COURSE_ORIGIN, addressFragment, fixture, open, settled, watch } from "./helpers.js";

const STEPS = 11;
const TITLES = [
  "2010: one database", "2011: functional sharding", "Ranges: [A-H] [I-P] [Q-Z]", "2012: user_id % 16",
  "2013: 1000 virtual shards → 16 physical", "Consistent hashing: the course page's Try This", "Why virtual nodes",
  "2015: Cassandra, consistency level ONE", "QUORUM", "Partitioned: choose C or A", "Hot data and a cache",
];

const n = (x) => x.toLocaleString("en-US");
const pct = (x) => `${(x * 100).toFixed(1)}\u00a0%`;
const harmonic = (k) => { let s = 0; for (let i = k; i >= 1; i--) s += 1 / i; return s; };
const spread = (f) => { const d = Object.values(f.dist); return (Math.max(...d) / (f.keys / d.length)).toFixed(2); };

/** What each step's caption must say, each number from a source that is not the page's code. */
function expected() {
  const ref = fixture("spec_reference");
  const reddit = "nodes=db1,db2,db3,db4,db5,db6,db7,db8,db9,db10,db11,db12,db13,db14,db15,db16&vnodes=150&keys=100000&add=db17";
  const seed = fixture("seed_3x150_10k_remove_db2");
  return {
    1: ["10,000 keys lives on db1: 100.0\u00a0%"],
    2: ["10,000 keys on one database"],
    // strategies.md, range: db3's 3,334 keys are the largest range; db4 takes its upper half, 1,667.
    3: ["1,667 keys (16.7\u00a0%) move, all from db3"],
    4: [`${n(ref.moved[reddit].modn)} of the 100,000 keys`, `makes ${pct(1 / harmonic(100_000))}`],
    // strategies.md, shards: ⌊1000 / 17⌋ = 58 whole shards move.
    5: [`58 of the 1,000, carrying ${n(ref.moved[reddit].shards)} keys`],
    6: [`moves ${n(seed.moved)} keys`, "printout says 3,333", `would move ${n(ref.modulo_moved["nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2"])}`],
    7: [`holds ${spread(fixture("seed_3x1_10k"))} times`, `each, ${spread(fixture("seed_3x150_10k"))} times`],
    8: [/fresh with probability \d+\.\d\u00a0%/, /In this run [1-9]\d* of the \d+ reads returned an overwritten value/],
    // Strict quorums: a read right after the commit is consistent, and no read is stale.
    9: ["fresh with probability 100.0\u00a0%", "has 0 stale reads"],
    10: [/: [1-9]\d* of the 48 ops failed/, "keeps is Linearizable"],
    11: [`makes ${pct(1 / harmonic(100_000))}`, `answers ${pct(harmonic(1000) / harmonic(100_000))}`],
  };
}

const bar = (page) => page.locator("#tour");
const caption = (page) => page.locator("#tour-caption");

/** Waits until the tour bar shows step `step` with every number of its caption computed. */
async function onStep(page, step) {
  await expect(bar(page)).toHaveAttribute("data-step", String(step));
  await expect(page.locator("#tour-where")).toHaveText(`Step ${step} of ${STEPS} · ${TITLES[step - 1]}`);
  await expect(caption(page)).toHaveAttribute("data-complete", "true", { timeout: slow(60_000) });
  expect(await addressFragment(page)).toBe(`v=1&tour=reddit&step=${step}`);
  await expect(page.locator(`#tour-steps a[aria-current="step"]`)).toHaveText(`${step}. ${TITLES[step - 1]}`);
}

async function saysItsNumbers(page, step, want) {
  const text = await caption(page).textContent();
  for (const w of want[step]) {
    if (w instanceof RegExp) expect(text, `step ${step}`).toMatch(w);
    else expect(text, `step ${step}`).toContain(w);
  }
  expect(text).not.toMatch(/[{}…—]/);
}

test("every step opened by its link: its experiment, its title, and its caption's numbers from the fixtures", async ({ page }) => {
  const t = watch(page);
  const want = expected();
  for (let step = 1; step <= STEPS; step++) {
    await page.goto(`/#tour=reddit&step=${step}`);
    await onStep(page, step);
    await saysItsNumbers(page, step, want);
    // The numbers the page prints elsewhere agree (the moved count of the change steps).
    if ([3, 4, 5, 6].includes(step)) {
      const moved = await page.locator("#experiment [data-moved]").getAttribute("data-moved");
      expect(await caption(page).textContent()).toMatch(new RegExp(`\\b${n(Number(moved))} (of the [\\d,]+ )?keys`));
    }
  }
  // The boxes of the step without an experiment of its own.
  await page.goto("/#tour=reddit&step=2");
  await onStep(page, 2);
  await expect(page.locator("#tour-boxes .tour-box")).toHaveText(["users", "posts", "comments"]);
  t.expectClean();
});

test("Next walks the whole tour and Back comes back, by button and by keyboard; the caption is said once per step", async ({ page }) => {
  const t = watch(page);
  const want = expected();
  await page.goto("/#tour=reddit");
  await onStep(page, 1);
  await expect(page.getByRole("button", { name: "Back", exact: true })).toBeDisabled();
  for (let step = 2; step <= STEPS; step++) {
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await onStep(page, step);
    await saysItsNumbers(page, step, want);
    // Said to screen readers: the step and its caption, complete.
    const text = await caption(page).textContent();
    await expect(page.locator("#tour-live")).toHaveText(`Step ${step} of ${STEPS} · ${TITLES[step - 1]}. ${text}`);
  }
  // At the end Next is off and the focus moved to Back.
  await expect(page.getByRole("button", { name: "Next", exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Back", exact: true })).toBeFocused();
  // The keyboard: ← and → while the tour bar has the focus.
  await page.keyboard.press("ArrowLeft");
  await onStep(page, 10);
  await page.keyboard.press("ArrowLeft");
  await onStep(page, 9);
  await page.keyboard.press("ArrowRight");
  await onStep(page, 10);
  await page.getByRole("button", { name: "Back", exact: true }).click();
  await onStep(page, 9);
  // The list of steps: each a link that opens its step.
  await page.locator("#tour-menu summary").click();
  const links = page.locator("#tour-steps a");
  await expect(links).toHaveText(TITLES.map((title, i) => `${i + 1}. ${title}`));
  expect(await links.nth(5).getAttribute("href")).toBe("#v=1&tour=reddit&step=6");
  await links.nth(5).click();
  await onStep(page, 6);
  await expect(page.locator("#tour-menu")).not.toHaveAttribute("open", /.*/);
  // The caption is said once: drawing the balance curve and the comparison later does not say it again.
  await expect(page.locator("#compare-status")).toHaveAttribute("data-ready", "true");
  await expect(page.locator("#tour-live")).toHaveText(/^Step 6 of 11/);
  t.expectClean();
});

test("a step changed by the student: the address keeps it, Back to the step restores it, Leave the tour keeps the experiment", async ({ page }) => {
  const t = watch(page);
  await page.goto("/#tour=reddit&step=6");
  await onStep(page, 6);
  const restore = page.getByRole("button", { name: "Back to the step" });
  await expect(restore).toBeHidden();
  await page.getByRole("combobox", { name: "Experiment" }).selectOption({ label: "Remove db1" });
  const shown = await settled(page);
  expect(shown).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db1&tour=reddit&step=6");
  await expect(restore).toBeVisible();
  // The caption's numbers are the changed experiment's (the seed oracle's 3,678), and the printout's
  // 3,333 belongs to the course page's example only.
  const seed = fixture("seed_3x150_10k_remove_db1");
  await expect(caption(page)).toContainText(`Removing db2 moves ${n(seed.moved)} keys`);
  await expect(caption(page)).toContainText("printout says —");
  // The changed step is a link of its own.
  await page.reload();
  expect(await settled(page)).toBe(shown);
  await expect(restore).toBeVisible();
  await restore.click();
  await onStep(page, 6);
  await expect(restore).toBeHidden();
  await expect(page.locator("#experiment [data-moved]")).toHaveAttribute("data-moved", "3114");
  // Reset, on a tour, is the step too.
  await page.getByRole("slider", { name: "Virtual nodes" }).focus();
  await page.keyboard.press("Home");
  await settled(page);
  await page.getByRole("button", { name: "Reset" }).click();
  await onStep(page, 6);
  // Leaving keeps the experiment, without the tour.
  await page.getByRole("button", { name: "Leave the tour" }).click();
  expect(await settled(page)).toBe("v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
  await expect(bar(page)).toBeHidden();
  t.expectClean();
});

test("unknown tours and steps out of range: defaulted with a notice, markup shown as text", async ({ page }) => {
  await page.goto("/#tour=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&nodes=db1,db2");
  await settled(page);
  await expect(bar(page)).toBeHidden();
  await expect(page.locator("#notice-list")).toContainText("Unknown tour “<img src=x onerror=a…”");
  await expect(page.locator("#notice-list img")).toHaveCount(0);
  await page.goto("/#tour=reddit&step=99");
  await settled(page);
  await onStep(page, 1);
  await expect(page.locator("#notice-list")).toHaveText("The tour reddit has steps 1 to 11, not “99”: opened step 1.");
});

test("the compact view: the whole tour and every step fit 700 × 560, in a sandboxed course page too; the Embed button offers both", async ({ browser }) => {
  test.setTimeout(slow(240_000));
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport: { width: 700, height: 560 }, colorScheme: scheme });
    const page = await context.newPage();
    const t = watch(page);
    // Every step (10 last: Next then goes to 11).
    for (const step of [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 10]) {
      await open(page, `tour=reddit&step=${step}&embed=1`);
      await expect(bar(page)).toHaveAttribute("data-step", String(step));
      await expect(caption(page)).toHaveAttribute("data-complete", "true", { timeout: slow(60_000) });
      await expect(page.getByRole("button", { name: "Next", exact: true })).toBeVisible();
      await expect(page.getByRole("button", { name: "Leave the tour" })).toBeHidden();
      const size = await page.locator("html").evaluate((html) => ({ h: html.scrollHeight, w: html.scrollWidth }));
      expect(size.h, `step ${step}`).toBeLessThanOrEqual(560);
      expect(size.w, `step ${step}`).toBeLessThanOrEqual(700);
    }
    // Next keeps the compact view.
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await expect(bar(page)).toHaveAttribute("data-step", "11");
    expect(await addressFragment(page)).toBe("v=1&tour=reddit&step=11&embed=1");
    t.expectClean();
    await context.close();
  }
  // In the course page's sandboxed frame (an opaque origin): the whole tour.
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  const t = watch(page);
  await page.goto(`${COURSE_ORIGIN}/course-sandboxed.html`);
  await page.locator("iframe").evaluate((f) => { f.src = f.src.replace(/#.*/, "#tour=reddit&embed=1"); });
  const frame = page.frameLocator("iframe");
  await expect(frame.locator("#tour")).toHaveAttribute("data-step", "1");
  await frame.getByRole("button", { name: "Next", exact: true }).click();
  await expect(frame.locator("#tour")).toHaveAttribute("data-step", "2");
  await expect(frame.locator("#tour-caption")).toHaveAttribute("data-complete", "true");
  const size = await frame.locator("html").evaluate((html) => html.scrollHeight);
  expect(size).toBeLessThanOrEqual(560);
  expect(t.errors).toEqual([]);
  expect(t.foreign.filter((url) => !url.startsWith(`${COURSE_ORIGIN}/course`))).toEqual([]);
  await context.close();
  // The full page's Embed button: this step, or the whole tour from its first.
  const full = await browser.newPage();
  await open(full, "tour=reddit&step=6");
  await full.getByRole("button", { name: "Embed" }).click();
  const base = full.url().split("#")[0];
  await expect(full.locator("#embed-code")).toHaveValue(new RegExp(`src="${base}#v=1&tour=reddit&step=6&embed=1"`));
  await expect(full.locator("#embed-tour-code")).toHaveValue(new RegExp(`src="${base}#v=1&tour=reddit&step=1&embed=1"`));
  await full.close();
});

test("the parts of the page: a link to each keeps the experiment, says part=, and lands there when opened", async ({ page }) => {
  const t = watch(page);
  const top = (selector) => page.locator(selector).evaluate((el) => el.getBoundingClientRect().top);
  await open(page, "nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2");
  const nav = page.getByRole("navigation", { name: "Parts of the page" });
  await expect(nav.getByRole("link")).toHaveText(["Partitioning", "Replicas and failures", "Time and consistency", "Comparison", "Check a history"]);
  for (const [name, part, selector] of [["Time and consistency", "time", "#time"], ["Comparison", "compare", "#compare"], ["Replicas and failures", "service", "#service"]]) {
    await nav.getByRole("link", { name }).click();
    expect(await settled(page)).toBe(`v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2&part=${part}`);
    await expect(nav.getByRole("link", { name })).toHaveAttribute("aria-current", "location");
    // Just under the navigation, which stays in sight.
    await expect.poll(() => top(selector)).toBeGreaterThan(20);
    expect(await top(selector)).toBeLessThan(80);
  }
  // A link with part= lands there; the experiment is the link's.
  await page.goto("/#v=1&nodes=db1,db2,db3&vnodes=150&keys=10000&remove=db2&part=compare");
  await settled(page);
  await expect.poll(() => top("#compare")).toBeLessThan(80);
  expect(await page.evaluate(() => scrollY)).toBeGreaterThan(500);
  await expect(page.locator("#experiment [data-moved]")).toHaveAttribute("data-moved", "3114");
  // On a tour, a part given in the link wins over the step's.
  await page.goto("/#tour=reddit&step=6&part=compare");
  await expect(caption(page)).toHaveAttribute("data-complete", "true");
  await expect.poll(() => top("#compare")).toBeLessThan(250);
  // An unknown part: the top of the page, and a notice.
  await page.goto("/#nodes=db1,db2&part=kitchen");
  await settled(page);
  await expect(page.locator("#notice-list")).toContainText("Unknown part of the page “kitchen”");
  t.expectClean();
});
