#!/usr/bin/env python3
"""Trunk post-build hook: names the modules loaded on demand (modules.py), then adds the page's
Content-Security-Policy (csp.py), in that order. One hook, because Trunk runs its hooks at the same
time: two hooks that each rewrite index.html would race, and one's change would be lost."""
import pathlib
import runpy

here = pathlib.Path(__file__).parent
for script in ("modules.py", "csp.py"):
    runpy.run_path(str(here / script), run_name="__main__")
