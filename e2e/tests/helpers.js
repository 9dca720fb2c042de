// Shared steps for the browser tests.
import { expect, slow } from "./test.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The port the page is served on (playwright.config.js reads the same E2E_PORT), and its two origins:
 * the page's own, and the course pages' (localhost and 127.0.0.1 are different origins). */
export const PORT = Number(process.env.E2E_PORT ?? 4173);
export const ORIGIN = `http://127.0.0.1:${PORT}`;
export const COURSE_ORIGIN = `http://localhost:${PORT}`;

/** A seed fixture (printed by ../shared/oracle/seed_golden.py), from ../tests/fixtures. */
export function fixture(name) {
  const url = new URL(`../../tests/fixtures/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), "utf8"));
}

/** The link fragment for a fixture's configuration. */
export function fragmentOf(f) {
  let s = `nodes=${f.nodes.join(",")}&vnodes=${f.vnodes}&keys=${f.keys}`;
  if (f.remove) s += `&remove=${f.remove}`;
  if (f.add) s += `&add=${f.add}`;
  return s;
}

/**
 * Watches a page for trouble: console errors, uncaught exceptions, and requests leaving the page's origin.
 * Call before navigating; check with `expectClean()`.
 */
export function watch(page) {
  const trouble = { errors: [], foreign: [] };
  page.on("console", (m) => m.type() === "error" && trouble.errors.push(m.text()));
  page.on("pageerror", (e) => trouble.errors.push(String(e)));
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.origin !== ORIGIN && url.protocol !== "data:") trouble.foreign.push(r.url());
  });
  trouble.expectClean = () => {
    expect(trouble.errors, "console errors").toEqual([]);
    expect(trouble.foreign, "requests outside the page's origin").toEqual([]);
  };
  return trouble;
}

/**
 * Waits until the page shows the numbers of the link in its address: `<main data-shown>` names that link
 * and `<main data-busy>` is gone (src/web/mod.rs sets both once the picture and every panel are drawn).
 * The page is busy from the moment it takes an input (a key press, a pointer drag, a new fragment), a
 * frame before it applies it and rewrites the address: so this never returns the numbers from before an
 * input the page has received. Returns the link shown.
 */
export async function settled(page, timeout = slow(60_000)) {
  const shown = await page.waitForFunction(() => {
    const main = document.querySelector("main");
    const link = main?.dataset.shown;
    return main && !main.hasAttribute("data-busy") && link !== undefined && `#${link}` === location.hash ? link : null;
  }, null, { timeout, polling: 10 });
  return shown.jsonValue();
}

/**
 * Opens the page at `#fragment` and waits until it shows that link's numbers. Opening a link from another
 * link changes only the fragment: the previous link's table is still there until the new one is applied,
 * so waiting for a table row would return at once; the address is rewritten to the link as read, and the
 * numbers are current when `data-shown` names it. Returns that link (as the page rewrote it).
 */
export async function open(page, fragment = "") {
  await page.goto(fragment ? `/#${fragment}` : "/");
  const shown = await settled(page);
  // Attached rather than visible: the compact view (embed=1) hides the table but fills it all the same.
  await expect(page.locator("#load-body tr").first()).toBeAttached();
  return shown;
}

/** The load table's hooks: [{ node, keys, after }] in row order. */
export async function rows(page) {
  return page.locator("#load-body tr").evaluateAll((trs) =>
    trs.map((tr) => ({
      node: tr.dataset.node,
      keys: Number(tr.dataset.keys),
      after: tr.dataset.keysAfter === undefined ? undefined : Number(tr.dataset.keysAfter),
    })),
  );
}

/** { node: keys } before the change, as the seed's `dist`. */
export async function distBefore(page) {
  return Object.fromEntries((await rows(page)).filter((r) => r.keys > 0 || r.after === undefined).map((r) => [r.node, r.keys]));
}

/** { node: keys } after the change, for nodes present after it, as the seed's `dist_after`. */
export async function distAfter(page, removed) {
  return Object.fromEntries((await rows(page)).filter((r) => r.node !== removed).map((r) => [r.node, r.after]));
}

/** The fragment currently in the address bar (without '#'). */
export async function addressFragment(page) {
  return page.evaluate(() => decodeURIComponent(location.hash.slice(1)));
}

/**
 * Clicks `locator` at `fraction` of its width, halfway down. Playwright scrolls it into view and
 * waits until its box has stopped moving and nothing covers the point, so a layout that is still
 * settling (a section growing above the slider) cannot make the click land elsewhere.
 * `fraction` may also be a function of the width, giving the offset in pixels.
 */
export async function clickAt(locator, fraction) {
  const box = await locator.boundingBox();
  const x = typeof fraction === "function" ? fraction(box.width) : box.width * fraction;
  await locator.click({ position: { x, y: box.height / 2 } });
}
