#!/usr/bin/env python3
"""Trunk post-build hook: adds a Content-Security-Policy to the built index.html.

The policy allows only this page's own files, plus the inline scripts (the module script Trunk writes to
start the wasm, and index.html's one line that marks a link before the first paint), each allowed by its
SHA-256 computed here from the built page, and WebAssembly compilation. Nothing
may be loaded from, or sent to, anywhere else. Run by Trunk (see Trunk.toml) with TRUNK_STAGING_DIR set.
"""
import base64
import hashlib
import os
import pathlib
import re

page = pathlib.Path(os.environ["TRUNK_STAGING_DIR"]) / "index.html"
html = page.read_text(encoding="utf-8")
inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
hashes = " ".join(
    "'sha256-%s'" % base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() for body in inline
)
policy = "; ".join([
    "default-src 'none'",
    f"script-src 'self' {hashes} 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
])
meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
if "Content-Security-Policy" not in html:
    html = html.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n  ' + meta, 1)
    if meta not in html:
        raise SystemExit("csp.py: no <meta charset=\"utf-8\"> to put the policy after")
    page.write_text(html, encoding="utf-8")
