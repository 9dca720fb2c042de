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


def room_name(src: pathlib.Path, mods: dict, room: tuple) -> str:
    """A room as its file, or its folder when it is a module of several files."""
    f = mods[room]
    rel = f.relative_to(root).as_posix()
    return rel[: -len("/mod.rs")] + "/" if rel.endswith("/mod.rs") else rel


def related(a: tuple, b: tuple) -> bool:
    return a[: len(b)] == b or b[: len(a)] == a


def circles(src: pathlib.Path):
    mods = modules(src)
    # A room is a module beside others under a common parent: a file's reading of a file in another
    # room counts between the two rooms, the children of their lowest common ancestor (so `md5x.rs`
    # reading `ring/mod.rs` and `ring/keys.rs` reading `md5x.rs` is a circle between md5x and ring).
    edges = {}
    for m, f in mods.items():
        if f.stem.startswith("tests"):
            # A module's tests (`tests.rs`, `tests_weighted.rs`) may read any room to set up a case.
            continue
        for p in paths_in(f.read_text(encoding="utf-8")):
            target = resolve(p, m, mods, {})
            if target is None or target == m or related(m, target):
                continue
            common = 0
            while m[common] == target[common]:
                common += 1
            a, b = m[: common + 1], target[: common + 1]
            edges.setdefault(a, set()).add(b)
            edges.setdefault(b, set())
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
                out.append(sorted(room_name(src, mods, c) for c in comp))

    sys.setrecursionlimit(10000)
    for v in edges:
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
