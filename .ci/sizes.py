#!/usr/bin/env python3
"""What each wasm module the page ships weighs, and what is in it.

For each module in dist/ (built by `trunk build --release`): its size raw and gzipped (gzip -9, as a
static host sends it). Then, from the same module as cargo built it before wasm-bindgen and wasm-opt
(target/wasm32-unknown-unknown/release, which keeps function names), its code and data by crate (and by
top-level module for this workspace's own crates), measured with twiggy: shares of the bytes before
wasm-opt, which shrinks all parts alike to within a few per cent.

usage: python3 .ci/sizes.py [--top N]      (needs twiggy on PATH: cargo install --locked twiggy)
"""
import gzip
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STRIPPED = "(names, custom sections, type descriptors: not in the shipped file)"
OWN = {"ring_playground", "ring_time", "ring_check", "ring_dom", "lincheck"}
top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 12


def owner(name: str) -> str:
    """The crate (or own crate::module) an item's name belongs to."""
    if name.startswith("custom section") or name.endswith("subsection") or "__wbindgen_describe" in name:
        return STRIPPED
    if name.startswith("data segment"):
        return "(data: string constants, tables)"
    if name.startswith("elem") or name.startswith("table") or name.startswith("global") or name.startswith("type"):
        return "(tables, types, globals)"
    # "<impl a::B for c::D>::f", "<a::B as c::D>::f", "a::b::f", "report_hash" (wasm-bindgen exports)
    m = re.match(r"[<&\s]*(?:impl\s+)?(?:dyn\s+)?([A-Za-z_][A-Za-z0-9_]*)(?:::([A-Za-z_][A-Za-z0-9_]*))?", name)
    if not m or "::" not in name:
        return "(exports and glue)"
    crate, module = m.group(1), m.group(2)
    if crate in OWN and module and not module[0].isupper():
        return f"{crate}::{module}"
    return crate


def breakdown(wasm: Path) -> Counter:
    out = subprocess.run(["twiggy", "top", "-n", "1000000", "--format", "json", str(wasm)],
                         check=True, capture_output=True, text=True).stdout
    sizes = Counter()
    for item in json.loads(out):
        sizes[owner(item["name"])] += item["shallow_size"]
    return sizes


def main() -> None:
    dist = ROOT / "dist"
    shipped = sorted(dist.glob("*_bg.wasm"))
    if not shipped:
        sys.exit("no dist/*_bg.wasm: run `trunk build --release --locked` first")
    total_raw = total_gz = 0
    print(f"{'module':<18}{'raw':>10}{'gzip -9':>10}")
    for wasm in shipped:
        data = wasm.read_bytes()
        gz = len(gzip.compress(data, 9))
        total_raw += len(data)
        total_gz += gz
        print(f"{wasm.name.rsplit('-', 1)[0]:<18}{len(data):>10,}{gz:>10,}")
    print(f"{'all':<18}{total_raw:>10,}{total_gz:>10,}")
    for wasm in shipped:
        crate = wasm.name.rsplit("-", 1)[0].replace("-", "_")
        built = ROOT / "target/wasm32-unknown-unknown/release" / f"{crate}.wasm"
        if not built.exists():
            print(f"\n{built} missing: no breakdown for {crate}")
            continue
        sizes = breakdown(built)
        names = STRIPPED
        shipped_part = sum(v for k, v in sizes.items() if k != names)
        print(f"\n{crate}: what the module holds (bytes before wasm-opt, what wasm-bindgen removes left out)")
        rest = shipped_part
        for name, size in sorted(((k, v) for k, v in sizes.items() if k != names), key=lambda kv: -kv[1])[:top]:
            print(f"  {size:>9,}  {100 * size / shipped_part:5.1f} %  {name}")
            rest -= size
        print(f"  {rest:>9,}  {100 * rest / shipped_part:5.1f} %  (the rest)")


if __name__ == "__main__":
    main()
