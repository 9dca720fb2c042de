// Never freezing: the numbers are computed in short tasks between inputs. After rapid input the final
// numbers are the last input's, exactly, and no numbers for an older input ever replace newer ones; a
// 1M-key link shows its progress while it opens and takes input meanwhile. (How long the main thread is
// busy is measured by .ci/responsiveness, not asserted here.)
import { slow, test, expect } from "./test.js";
import { rows, settled, watch } from "./helpers.js";

const nodes = Array.from({ length: 100 }, (_, i) => `db${i + 1}`).join(",");
const big = `nodes=${nodes}&vnodes=1000&keys=1000000&remove=db50`;

/** Records every link whose numbers the page shows from now on. */
async function recordShown(page) {
  await page.evaluate(() => {
    window.__shown = [];
    const main = document.querySelector("main");
    new MutationObserver(() => window.__shown.push(main.dataset.shown)).observe(main, { attributeFilter: ["data-shown"] });
  });
}

/** What a page opened afresh at `link` shows: the moved count and every row. */
async function freshNumbers(browser, link) {
  const page = await browser.newPage();
  await page.goto(`/#${link}`);
  await settled(page);
  const numbers = { moved: await page.locator("#experiment [data-moved]").getAttribute("data-moved"), rows: await rows(page) };
  await page.close();
  return numbers;
}

const param = (link, name) => Number(new URLSearchParams(link).get(name));

test("rapid Virtual nodes steps at 100 × 1000 × 1M: the last step's numbers, exactly, and nothing older after newer", async ({ page, browser }) => {
  const t = watch(page);
  await page.goto(`/#${big}`);
  await settled(page);
  await recordShown(page);
  await page.locator("#vnodes").focus();
  const main = page.locator("main");
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("ArrowLeft");
    // Every third step is let through to its numbers; the others are overtaken mid-computation (the
    // next step arrives while the page is busy with this one).
    if (i % 3 === 2) await settled(page);
    else await expect(main).toHaveAttribute("data-busy", "true");
  }
  const final = await settled(page);
  expect(param(final, "vnodes")).toBeLessThan(1000);
  // Every numbers shown are for a later step than the ones before them, and the last are the last step's.
  // (The same link may be said twice in a row: once the inputs rest, the time views join its numbers.)
  const shown = await page.evaluate(() => window.__shown);
  const steps = shown.map((link) => param(link, "vnodes")).filter((v, i, all) => i === 0 || v !== all[i - 1]);
  expect(steps.length, `shown ${steps.join(" → ")}`).toBeGreaterThanOrEqual(4);
  for (let i = 1; i < steps.length; i++) expect(steps[i], `shown ${steps.join(" → ")}`).toBeLessThan(steps[i - 1]);
  expect(shown.at(-1)).toBe(final);
  // The same numbers as the final link opened afresh.
  expect({ moved: await page.locator("#experiment [data-moved]").getAttribute("data-moved"), rows: await rows(page) }).toEqual(
    await freshNumbers(browser, final),
  );
  t.expectClean();
});

test("settings changed in quick succession (keys, nodes, replicas, Zipf): the final numbers are the last settings'", async ({ page, browser }) => {
  const t = watch(page);
  const link = `nodes=${nodes.split(",").slice(0, 40).join(",")}&vnodes=200&keys=300000&remove=db7`;
  await page.goto(`/#${link}`);
  await settled(page);
  await recordShown(page);
  for (const [id, key, times] of [["keys", "ArrowLeft", 5], ["nodes", "ArrowRight", 3], ["replicas", "ArrowRight", 2], ["zipf", "ArrowRight", 4], ["keys", "ArrowRight", 2]]) {
    await page.locator(`#${id}`).focus();
    for (let i = 0; i < times; i++) await page.keyboard.press(key);
  }
  const final = await settled(page);
  expect(param(final, "replicas")).toBe(3);
  expect(final).toContain("zipf=");
  const shown = await page.evaluate(() => window.__shown);
  expect(shown.at(-1)).toBe(final);
  const copies = async (p) => p.locator("#load-body tr").evaluateAll((trs) => trs.map((tr) => [tr.dataset.node, tr.dataset.copies, tr.dataset.requests]));
  const fresh = await browser.newPage();
  await fresh.goto(`/#${final}`);
  await settled(fresh);
  expect(await copies(page)).toEqual(await copies(fresh));
  expect(await rows(page)).toEqual(await rows(fresh));
  await fresh.close();
  t.expectClean();
});

test("a 1M-key link shows its progress while it opens, and takes input meanwhile", async ({ page }) => {
  const t = watch(page);
  // From the commit on (the load event can come after the pill is gone), checked on every frame: the
  // pill, what it says and <main aria-busy>, read at the same moment.
  await page.goto(`/#${big}`, { waitUntil: "commit" });
  const progress = page.locator("#progress");
  const seen = await (await page.waitForFunction(() => {
    const pill = document.getElementById("progress");
    return pill && !pill.hidden && pill.offsetWidth > 0
      ? { text: document.getElementById("progress-text").textContent, busy: document.querySelector("main").getAttribute("aria-busy") }
      : null;
  }, null, { polling: "raf", timeout: slow(20_000) })).jsonValue();
  // Hashing a million keys takes about 80 ms on a fast machine: the pill (shown after 150 ms) may name a
  // later stage.
  expect(seen.text).toMatch(/^(Hashing keys… \d+ %|Placing keys…|Counting…|Replicas and requests…)$/);
  expect(seen.busy).toBe("true");
  // The controls show the link's settings at once, before its numbers.
  await expect(page.locator("#keys-value")).toHaveText("1,000,000");
  await expect(page.locator("#nodes-value")).toHaveText("100");
  await expect(page.locator("#change")).toHaveValue(/db50/);
  // Input while the keys are hashed: the slider moves at once, and the numbers that come are its.
  await page.locator("#vnodes").focus();
  await page.keyboard.press("End");
  await page.keyboard.press("ArrowLeft");
  await expect(page.locator("#vnodes-value")).not.toHaveText("1,000");
  const final = await settled(page);
  expect(param(final, "vnodes")).toBeLessThan(1000);
  await expect(progress).toBeHidden();
  await expect(page.locator("main")).not.toHaveAttribute("aria-busy");
  const total = (await rows(page)).reduce((s, r) => s + r.keys, 0);
  expect(total).toBe(1_000_000);
  t.expectClean();
});

test("a large page shows a step's numbers before its picture, and they are the final ones", async ({ page }) => {
  const t = watch(page);
  const many = Array.from({ length: 40 }, (_, i) => `db${i + 1}`).join(",");
  await page.goto(`/#nodes=${many}&vnodes=200&keys=60000&remove=db20`);
  await settled(page);
  // The moment the panels say they show a link's numbers: is the picture still pending, and what do they say?
  await page.evaluate(() => {
    window.__numbers = [];
    const main = document.querySelector("main");
    new MutationObserver(() => window.__numbers.push({
      link: main.dataset.numbers,
      pictureLater: main.hasAttribute("data-busy") && main.dataset.shown !== main.dataset.numbers,
      busy: main.hasAttribute("data-busy"), shown: (main.dataset.shown ?? "").slice(-40),
      moved: document.querySelector("#experiment [data-moved]")?.getAttribute("data-moved"),
      rows: [...document.querySelectorAll("#load-body tr")].map((tr) => `${tr.dataset.node} ${tr.dataset.keys} ${tr.dataset.keysAfter}`),
    })).observe(main, { attributeFilter: ["data-numbers"] });
  });
  await page.getByRole("slider", { name: "Virtual nodes", exact: true }).focus();
  await page.keyboard.press("ArrowRight");
  const link = await settled(page);
  const first = await page.evaluate((link) => window.__numbers.find((n) => n.link === link), link);
  expect(first, "data-numbers named the final link").toBeDefined();
  expect(first.pictureLater, `the numbers came before the picture: ${JSON.stringify(await page.evaluate(() => window.__numbers.map((n) => [n.link.slice(-40), n.pictureLater, n.busy, n.shown])))}`).toBe(true);
  // What they said then is exactly what the page says once the picture shows them too.
  const now = await page.evaluate(() => ({
    moved: document.querySelector("#experiment [data-moved]")?.getAttribute("data-moved"),
    rows: [...document.querySelectorAll("#load-body tr")].map((tr) => `${tr.dataset.node} ${tr.dataset.keys} ${tr.dataset.keysAfter}`),
  }));
  expect({ moved: first.moved, rows: first.rows }).toEqual(now);
  expect(now.rows).toHaveLength(40);
  t.expectClean();
});
