// A static file server for the built page (../dist), for the browser tests: node serve.mjs DIR PORT
// Also serves the pages beside this file that embed the playground: /course.html and /course-sandboxed.html.
// Like GitHub Pages, it sends `Access-Control-Allow-Origin: *`: a page in <iframe sandbox="allow-scripts">
// has an opaque origin, so its module script, its wasm and its stylesheet are CORS requests.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(process.argv[2] ?? "../dist");
const port = Number(process.argv[3] ?? 4173);
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
    const body = course ? (await readFile(file, "utf8")).replaceAll("127.0.0.1:4173/", `127.0.0.1:${port}/`) : await readFile(file);
    res.writeHead(200, {
      "content-type": types[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
      "access-control-allow-origin": "*",
    });
    res.end(body);
  } catch {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  }
}).listen(port, "127.0.0.1", () => console.log(`serving ${root} at http://127.0.0.1:${port}/`));
