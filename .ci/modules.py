#!/usr/bin/env python3
"""Trunk post-build hook: names the page's modules loaded on demand in the built index.html.

Trunk builds the time views (crates/time) as a module the page does not start (`data-type="worker"` in
index.html), under a fixed name. This gives its files names with their content's hash (so a new build is
never mixed with a cached old one) and writes them on <html data-time-js data-time-wasm>, where the core
reads them when it first needs the views (src/web/time_views.rs). Run by Trunk with TRUNK_STAGING_DIR set.
"""
import hashlib
import os
import pathlib
import re

dist = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
page = dist / "index.html"
html = page.read_text(encoding="utf-8")
js, wasm = dist / "ring-time.js", dist / "ring-time_bg.wasm"
if not js.exists() or not wasm.exists():
    raise SystemExit("modules.py: the build has no ring-time.js and ring-time_bg.wasm")
digest = hashlib.sha256(js.read_bytes() + wasm.read_bytes()).hexdigest()[:16]
named = {"js": f"ring-time-{digest}.js", "wasm": f"ring-time-{digest}_bg.wasm"}
js.rename(dist / named["js"])
wasm.rename(dist / named["wasm"])
attrs = f'data-time-js="./{named["js"]}" data-time-wasm="./{named["wasm"]}"'
html, n = re.subn(r"<html(\s[^>]*)?>", lambda m: f"<html{m.group(1) or ''} {attrs}>", html, count=1)
if n != 1:
    raise SystemExit("modules.py: no <html> tag to name the modules on")
page.write_text(html, encoding="utf-8")
