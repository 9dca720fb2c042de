// Serves a built page as a static host does (GitHub Pages, Netlify): gzip for text and wasm, the right
// types, CORS. usage: node serve-gzip.mjs DIR PORT
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const root = resolve(process.argv[2] ?? "../../dist");
const port = Number(process.argv[3] ?? 4190);
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};
const cache = new Map();
createServer(async (req, res) => {
  try {
    let file = normalize(join(root, decodeURIComponent(new URL(req.url, "http://x").pathname)));
    if (!file.startsWith(root)) throw new Error("outside root");
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    const type = types[extname(file)] ?? "application/octet-stream";
    const gzip = /gzip/.test(req.headers["accept-encoding"] ?? "") && type !== "image/png";
    let body = await readFile(file);
    if (gzip) {
      if (!cache.has(file)) cache.set(file, gzipSync(body, { level: 9 }));
      body = cache.get(file);
    }
    res.writeHead(200, {
      "content-type": type,
      "access-control-allow-origin": "*",
      "cache-control": "no-cache",
      ...(gzip ? { "content-encoding": "gzip" } : {}),
    });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
}).listen(port, "127.0.0.1");
