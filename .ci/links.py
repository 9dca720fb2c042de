#!/usr/bin/env python3
"""Links between the docs stay whole: every relative link in README.md, docs/*.md and the crates'
README.md files resolves.

Checked: inline links and images `[text](path)`, `[text](path#anchor)`, `[text](#anchor)`, reference
definitions `[id]: path`, and `<a href="…">`. The file must exist (relative to the linking file), and an
anchor into a Markdown file must be one of its headings' anchors, by GitHub's rule (the heading's text,
lower case; every character other than a letter, digit, space, hyphen or underscore dropped; spaces to
hyphens; a repeated heading gets -1, -2, …), or an explicit `<a id="…">` / `<a name="…">`.

Skipped: absolute URLs (`http:`, `https:`, `mailto:`, any scheme), links inside fenced code blocks and
inline code, and anchors into files that are not Markdown (a source file's `#L10`). Links to the page
itself carry its settings in the fragment or query (`index.html#v=1&nodes=…`, `./#tour=reddit`, `?…`):
they are page links, not doc anchors; for those only the page's file is checked (`index.html`, or the
folder's `index.html`), never the fragment.

Prints each broken link as file:line and exits 1 if there is any.
"""
import pathlib
import re
import sys
import unicodedata
from urllib.parse import unquote

root = pathlib.Path(__file__).resolve().parent.parent


def sources() -> list:
    files = [root / "README.md"]
    files += sorted((root / "docs").glob("*.md"))
    files += sorted((root / "crates").glob("*/README.md"))
    return [f for f in files if f.is_file()]


FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def prose_lines(text: str):
    """(line number, line, the line with its inline code blanked out), outside fenced code blocks."""
    fence = None
    for n, line in enumerate(text.split("\n"), 1):
        m = FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line[m.end():].strip():
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        yield n, line, blank_code(line)


def blank_code(line: str) -> str:
    """The line with every inline code span replaced by spaces (same length)."""
    out, i = [], 0
    while i < len(line):
        if line[i] == "`":
            j = i
            while j < len(line) and line[j] == "`":
                j += 1
            ticks = line[i:j]
            end = line.find(ticks, j)
            # A closing run of exactly the same length.
            while end != -1 and (end + len(ticks) < len(line) and line[end + len(ticks)] == "`"):
                end = line.find(ticks, end + len(ticks) + 1)
            if end == -1:
                out.append(ticks)
                i = j
                continue
            out.append(" " * (end + len(ticks) - i))
            i = end + len(ticks)
            continue
        out.append(line[i])
        i += 1
    return "".join(out)


INLINE = re.compile(r"\]\(\s*(<[^>\n]*>|[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
REFDEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
HREF = re.compile(r"<a\s[^>]*\bhref\s*=\s*[\"']([^\"']+)[\"']", re.I)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def links(text: str):
    """(line, destination) of every link outside code."""
    for n, _, line in prose_lines(text):
        for m in INLINE.finditer(line):
            yield n, m.group(1).strip("<>")
        m = REFDEF.match(line)
        if m:
            yield n, m.group(1).strip("<>")
        for m in HREF.finditer(line):
            yield n, m.group(1)


HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
ANCHOR = re.compile(r"<a\s[^>]*\b(?:id|name)\s*=\s*[\"']([^\"']+)[\"']", re.I)


def rendered(heading: str) -> str:
    """A heading's text as GitHub renders it: code spans' text kept, links and images by their text,
    emphasis marks and HTML tags dropped."""
    text = re.sub(r"\s+#+\s*$", "", heading)
    text = re.sub(r"^#+$", "", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("`", "")
    text = re.sub(r"(\*+|(?<!\w)_+|_+(?!\w))", "", text)
    return text


def slug(text: str) -> str:
    """GitHub's anchor for a heading's rendered text."""
    kept = []
    for ch in text.lower():
        cat = unicodedata.category(ch)
        if ch in " -_" or cat[0] in "LMN" or cat == "Pc":
            kept.append(ch)
    return "".join(kept).replace(" ", "-")


def anchors(path: pathlib.Path) -> set:
    text = path.read_text(encoding="utf-8")
    seen, out = {}, set()
    previous = None
    for n, line, prose in prose_lines(text):
        m = HEADING.match(line)
        title = None
        if m:
            title = m.group(2)
        elif previous and previous.strip() and SETEXT.match(line) and not HEADING.match(previous):
            # A setext heading (the line above underlined).
            if not re.match(r"^ {0,3}([-*_][ \t]*){3,}$", previous) and not previous.lstrip().startswith(("|", "-", "*", ">")):
                title = previous.strip()
        if title is not None:
            base = slug(rendered(title))
            count = seen.get(base, 0)
            out.add(base if count == 0 else f"{base}-{count}")
            seen[base] = count + 1
        for a in ANCHOR.finditer(prose):
            out.add(a.group(1))
        previous = line
    return out


def is_page(path: str, query: bool) -> bool:
    """A link to the page itself (its settings in the fragment or query), not to a document."""
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return name == "index.html" or path.endswith("/") or path in ("", ".") and query


def check(src: pathlib.Path, cache: dict) -> list:
    bad = []
    here = src.parent
    rel = src.relative_to(root).as_posix()
    for line, dest in links(src.read_text(encoding="utf-8")):
        if SCHEME.match(dest) or dest.startswith("//"):
            continue
        path, _, fragment = dest.partition("#")
        path, q, _ = path.partition("?")
        path, fragment = unquote(path), unquote(fragment)
        where = f"{rel}:{line}: ({dest})"
        if is_page(path, bool(q)):
            page = (here / path) if path.endswith("index.html") else (here / path / "index.html")
            if not page.resolve().is_file():
                bad.append(f"{where} the page {page.resolve().relative_to(root) if page.resolve().is_relative_to(root) else page} does not exist")
            continue
        target = (here / path).resolve() if path else src
        if not target.exists():
            bad.append(f"{where} no such file")
            continue
        if not fragment:
            continue
        if target.is_dir() or target.suffix.lower() not in (".md", ".markdown"):
            continue
        if target not in cache:
            cache[target] = anchors(target)
        if fragment not in cache[target]:
            bad.append(f"{where} no anchor #{fragment} in {target.relative_to(root).as_posix()}")
    return bad


def main() -> int:
    cache, bad, files = {}, [], sources()
    for f in files:
        bad += check(f, cache)
    for b in bad:
        print("broken link: " + b)
    if bad:
        return 1
    print(f"links: every relative link resolves ({len(files)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
