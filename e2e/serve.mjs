// A static file server for the built page (../dist), for the browser tests: node serve.mjs DIR PORT
// GZIP=1 serves it as a static host does (GitHub Pages, Netlify), for Lighthouse (.ci/lighthouse/run):
// text and wasm gzipped (level 9) to clients that accept it, and revalidated rather than never stored.
// Also serves the pages beside this file that embed the playground: /course.html and /course-sandboxed.html.
// Like GitHub Pages, it sends `Access-Control-Allow-Origin: *`: a page in <iframe sandbox="allow-scripts">
// has an opaque origin, so its module script, its wasm and its stylesheet are CORS requests.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(process.argv[2] ?? "../dist");
const port = Number(process.argv[3] ?? 4173);
const gzipping = Boolean(process.env.GZIP);
/** Gzipped files, by path and modification time (a rebuild is served afresh). */
const gzipped = new Map();
const courses = new Set(["/course.html", "/course-sandboxed.html"]);
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
};

createServer(async (req, res) => {
  try {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const course = courses.has(path);
    let file = course ? fileURLToPath(new URL(path.slice(1), import.meta.url)) : normalize(join(root, path));
    if (!file.startsWith(root) && !course) throw new Error("outside root");
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    // The course pages name the playground's address with the default port; serve them with this one.
    let body = course ? (await readFile(file, "utf8")).replaceAll("127.0.0.1:4173/", `127.0.0.1:${port}/`) : await readFile(file);
    const type = types[extname(file)] ?? "application/octet-stream";
    const gzip = gzipping && /gzip/.test(req.headers["accept-encoding"] ?? "") && type !== "image/png";
    if (gzip) {
      const key = `${file} ${(await stat(file)).mtimeMs}`;
      if (!gzipped.has(key)) gzipped.set(key, gzipSync(body, { level: 9 }));
      body = gzipped.get(key);
    }
    res.writeHead(200, {
      "content-type": type,
      "cache-control": gzipping ? "no-cache" : "no-store",
      "access-control-allow-origin": "*",
      ...(gzip ? { "content-encoding": "gzip" } : {}),
    });
    res.end(body);
  } catch {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  }
}).listen(port, "127.0.0.1", () => console.log(`serving ${root} at http://127.0.0.1:${port}/`));
