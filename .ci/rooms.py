#!/usr/bin/env python3
"""The rooms of the house (docs/architecture.md): no import circle between source files, and no source
file over 900 lines, in every crate of the workspace (src/ and crates/*/src/).

A file reads another when it names a path into it (`use crate::ring::Position`, `super::dom::by_id`,
`crate::strategy::ALL`, …). Only files of which neither is the other's ancestor in the module tree count:
a module's own files (`app/mod.rs` and `app/placing.rs`) make one room. A circle is a set of files that
read each other round. Exits 1 and says what it found on either.
"""
import pathlib
import re
import sys

LIMIT = 900
root = pathlib.Path(__file__).resolve().parent.parent


def modules(src: pathlib.Path) -> dict:
    """Module path (tuple) -> file, for one crate's src/."""
    out = {}
    for f in src.rglob("*.rs"):
        rel = f.relative_to(src).with_suffix("")
        parts = list(rel.parts)
        if parts == ["lib"] or parts == ["main"]:
            path = ()
        elif parts[-1] == "mod":
            path = tuple(parts[:-1])
        else:
            path = tuple(parts)
        out[path] = f
    return out


def strip_comments(text: str) -> str:
    """The file without comments, and without its unit tests (`#[cfg(test)] mod tests { … }` at its
    end): a test may read any room to set up its case; it is not the room's import."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    m = re.search(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{", text)
    return text[: m.start()] if m else text


def paths_in(text: str):
    """Every path a file names: `crate::a::b`, `super::a`, `self::a`, and `use` trees expanded."""
    text = strip_comments(text)
    # `use a::{b, c::{d}}` trees: expand to a::b, a::c::d.
    def expand(prefix: str, tree: str):
        tree = tree.strip()
        if tree.startswith("{") and tree.endswith("}"):
            depth, start, items = 0, 1, []
            for i, ch in enumerate(tree):
                if ch == "{":
                    depth += 1
                elif ch == "}":
                    depth -= 1
                elif ch == "," and depth == 1:
                    items.append(tree[start:i])
                    start = i + 1
            items.append(tree[start:-1])
            for item in items:
                if item.strip():
                    yield from expand(prefix, item)
            return
        m = re.match(r"([\w:]*?)::(\{.*\})$", tree, re.S)
        if m:
            yield from expand(prefix + m.group(1) + "::", m.group(2))
            return
        yield prefix + re.split(r"\s+as\s+", tree)[0].strip()

    for m in re.finditer(r"\buse\s+([^;]+);", text):
        yield from expand("", m.group(1).replace("\n", " "))
    for m in re.finditer(r"\b((?:crate|super|self)(?:::\w+)+)", text):
        yield m.group(1)


def resolve(path: str, here: tuple, mods: dict, crate_aliases: dict):
    parts = path.split("::")
    if parts[0] == "crate":
        base, rest = (), parts[1:]
    elif parts[0] in ("super", "self"):
        base = here
        while parts and parts[0] in ("super", "self"):
            if parts[0] == "super":
                base = base[:-1]
            parts = parts[1:]
        rest = parts
    elif parts[0] in crate_aliases:
        # The core reads the time crate as `crate::consistency` (a re-export): another crate, not a room.
        return None
    else:
        return None
    full = base + tuple(rest)
    for n in range(len(full), -1, -1):
        if full[:n] in mods:
            return full[:n]
    return None


def related(a: tuple, b: tuple) -> bool:
    return a[: len(b)] == b or b[: len(a)] == a


def circles(src: pathlib.Path):
    mods = modules(src)
    edges = {m: set() for m in mods}
    for m, f in mods.items():
        for p in paths_in(f.read_text(encoding="utf-8")):
            target = resolve(p, m, mods, {})
            if target is not None and target != m and not related(m, target):
                edges[m].add(target)
    # Strongly connected components (Tarjan).
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(mods[c].relative_to(root).as_posix() for c in comp))

    sys.setrecursionlimit(10000)
    for v in mods:
        if v not in index:
            visit(v)
    return out


def main() -> int:
    crates = root / "crates"
    sources = [root / "src"] + (
        sorted(p / "src" for p in crates.iterdir() if (p / "src").is_dir()) if crates.is_dir() else []
    )
    bad = 0
    for src in sources:
        for c in circles(src):
            print("import circle: " + " ↔ ".join(c))
            bad += 1
        for f in sorted(src.rglob("*.rs")):
            n = sum(1 for _ in f.open(encoding="utf-8"))
            if n > LIMIT:
                print(f"over {LIMIT} lines: {f.relative_to(root).as_posix()} ({n})")
                bad += 1
    if bad:
        return 1
    print(f"rooms: no import circle, no file over {LIMIT} lines ({len(sources)} crates)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
