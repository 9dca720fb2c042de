// Writes the default experiment's numbers into index.html, so that the page shows them at its first paint,
// before the wasm has even arrived (the page then replaces them with the numbers it computes, the same ones).
// Run it after a change to what the default page prints, against a served build of that change:
//   node tools/prerender.mjs [URL]   (default http://127.0.0.1:4173/; edits ../index.html)
// The browser test "the default page's numbers are in index.html …" (page.spec.js) fails until it is run.
//
// What is written: the load table's head and rows, the line under it, and the Experiment panel, each
// element marked `data-prerendered` (a link hides them: see the start-up script in index.html). The rows lose
// their data-* hooks (tests wait for the page's own rows), the "Down" boxes are disabled until the page
// takes over, and the colour swatches get a class (the page's CSP forbids inline style attributes).
import { chromium } from "playwright-core";
import { readFileSync, writeFileSync } from "node:fs";

const base = process.argv[2] ?? "http://127.0.0.1:4173/";
const file = new URL("../../index.html", import.meta.url);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage();
await page.goto(base);
await page.waitForFunction(() => {
  const main = document.querySelector("main");
  return main.dataset.shown !== undefined && !main.hasAttribute("data-busy") && document.querySelector("#load-body tr:not([data-prerendered])");
});
const parts = await page.evaluate(() => {
  const palette = ["#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#f0e442", "#882255"];
  const hex = (rgb) => "#" + rgb.match(/\d+/g).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, "0")).join("");
  const marked = (id) => {
    const copy = document.getElementById(id).cloneNode(true);
    for (const el of copy.querySelectorAll("*")) {
      for (const a of [...el.attributes]) if (a.name.startsWith("data-") || a.name === "style") el.removeAttribute(a.name);
    }
    for (const s of copy.querySelectorAll(".swatch")) {
      const original = document.getElementById(id).querySelectorAll(".swatch")[[...copy.querySelectorAll(".swatch")].indexOf(s)];
      const at = palette.indexOf(hex(getComputedStyle(original).backgroundColor));
      if (at < 0) throw new Error("a swatch outside the palette");
      s.classList.add(`p${at}`);
    }
    for (const box of copy.querySelectorAll("input")) box.setAttribute("disabled", "");
    for (const el of copy.children) el.setAttribute("data-prerendered", "");
    return [...copy.children].map((el) => el.outerHTML).join("\n");
  };
  const summary = document.getElementById("summary").textContent;
  return {
    "load-head": marked("load-head"),
    "load-body": marked("load-body"),
    summary: `<span data-prerendered>${summary.replaceAll("&", "&amp;").replaceAll("<", "&lt;")}</span>`,
    "experiment-body": marked("experiment-body") + '<p class="hint" data-linked-only>Loading the ring…</p>',
  };
});
await browser.close();

let html = readFileSync(file, "utf8");
for (const [id, inner] of Object.entries(parts)) {
  const open = new RegExp(`(<(\\w+) id="${id}"[^>]*>)([\\s\\S]*?)(</\\2>)`);
  if (!open.test(html)) throw new Error(`index.html has no element with id="${id}"`);
  // Nested elements of the same tag would end the match early: only <div id="experiment-body"> holds
  // elements, and they are <p>.
  html = html.replace(open, (_, start, _tag, _old, end) => start + inner + end);
}
writeFileSync(file, html);
console.log(`index.html: the default experiment's numbers written (${Object.keys(parts).join(", ")})`);
