#!/usr/bin/env python3
"""Trunk post-build hook: names the page's modules loaded on demand in the built index.html.

Trunk builds the time views (crates/time) and the real history check (crates/check) as modules the page
does not start (`data-type="worker"` in index.html), under fixed names. This gives each module's files
names with their content's hash (so a new build is never mixed with a cached old one) and writes them on
<html data-NAME-js data-NAME-wasm>, where the core reads them when it first needs the module
(src/web/modules.rs). Run by Trunk with TRUNK_STAGING_DIR set.
"""
import hashlib
import os
import pathlib
import re

MODULES = ["time", "check"]

dist = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
page = dist / "index.html"
html = page.read_text(encoding="utf-8")
attrs = []
for name in MODULES:
    js, wasm = dist / f"ring-{name}.js", dist / f"ring-{name}_bg.wasm"
    if not js.exists() or not wasm.exists():
        raise SystemExit(f"modules.py: the build has no ring-{name}.js and ring-{name}_bg.wasm")
    digest = hashlib.sha256(js.read_bytes() + wasm.read_bytes()).hexdigest()[:16]
    named = {"js": f"ring-{name}-{digest}.js", "wasm": f"ring-{name}-{digest}_bg.wasm"}
    js.rename(dist / named["js"])
    wasm.rename(dist / named["wasm"])
    attrs.append(f'data-{name}-js="./{named["js"]}" data-{name}-wasm="./{named["wasm"]}"')
html, n = re.subn(r"<html(\s[^>]*)?>", lambda m: f"<html{m.group(1) or ''} {' '.join(attrs)}>", html, count=1)
if n != 1:
    raise SystemExit("modules.py: no <html> tag to name the modules on")
page.write_text(html, encoding="utf-8")
