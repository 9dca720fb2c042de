// Shared steps for the browser tests.
import { expect } from "@playwright/test";
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

/** Opens the page at `#fragment` and waits until the load table is drawn. */
export async function open(page, fragment = "") {
  await page.goto(fragment ? `/#${fragment}` : "/");
  // Attached rather than visible: the compact view (embed=1) hides the table but fills it all the same.
  await expect(page.locator("#load-body tr").first()).toBeAttached();
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
