#!/usr/bin/env python3
"""Workload W(N,V,K) on well-known third-party Python libraries, for side-by-side ratios with our Rust.

usage: python_peers.py [N V K] [--check]      defaults: 100 1000 1000000
       (install the peers first: pip install --require-hashes -r requirements.txt)

For each peer: build for nodes db1..dbN, owners of keys user_0..user_{K-1}, remove node db{N//2},
owners again, count the keys whose owner (node *name*) changed. One line per peer:
    uhashring-ketama N=100 K=1000000 moved=... secs=...
    jump-consistent-hash N=100 K=1000000 moved=... secs=...
V is accepted for symmetry with seed_workload.py and unused: ketama has a fixed 160 points per node
(40 MD5 digests x 4), jump has no virtual nodes.

Timed work, as in our Rust, includes making the key strings and hashing every key with MD5:
- uhashring-ketama: `HashRing(nodes, hash_fn="ketama")` is libmemcached's ketama with weight 1:
  40 vnodes x 4 replicas = 160 points per node, points = little-endian u32s of MD5("{name}-{j}"), key
  hash = LE u32 of MD5(key)[0:4]. Its `get_node` hashes the key itself, so each key is hashed twice
  (once per ring); that is the library's API. Caveat: it finds the first point *strictly greater*
  than the key's hash (bisect_right) where our rule takes the first point >= it, so a key whose hash
  equals a point exactly goes one point further: 4 keys of 1M at W(100,·,1M); the moved count agrees.
- jump-consistent-hash: `jump.hash(h64(key), n)` (C extension, the paper's code); h64 = top 64 bits of
  MD5(key) big-endian, computed here once per key with hashlib and reused for both assignments, as our
  Rust reuses the key positions. Removing db{N//2} means N-1 buckets over the list without it, renumbered.

--check also runs a plain-Python implementation of the project's own rules (normative definitions) and
reports, per peer, how many keys get the same owner as our rule, before and after the removal.
"""
import hashlib
import struct
import sys
import time
from bisect import bisect_left

import jump
from uhashring import HashRing


def uhashring_ketama(nodes, removed, keys):
    ring = HashRing(nodes, hash_fn="ketama")
    before = [ring.get_node(k) for k in keys]
    ring.remove_node(removed)
    after = [ring.get_node(k) for k in keys]
    return before, after


def jump_consistent_hash(nodes, removed, keys):
    md5 = hashlib.md5
    h = [int.from_bytes(md5(k.encode()).digest()[:8], "big") for k in keys]
    rest = [n for n in nodes if n != removed]
    n, jh = len(nodes), jump.hash
    before = [nodes[jh(x, n)] for x in h]
    after = [rest[jh(x, n - 1)] for x in h]
    return before, after


PEERS = [("uhashring-ketama", uhashring_ketama), ("jump-consistent-hash", jump_consistent_hash)]


# The project's rules, for --check only (untimed).
def ours_ketama(nodes, keys):
    pts = sorted(
        (struct.unpack_from("<I", hashlib.md5(f"{name}-{j}".encode()).digest(), 4 * t)[0], i)
        for i, name in enumerate(nodes)
        for j in range(40)
        for t in range(4)
    )
    points, owners = [p for p, _ in pts], [nodes[i] for _, i in pts]
    out = []
    for k in keys:
        i = bisect_left(points, struct.unpack_from("<I", hashlib.md5(k.encode()).digest())[0])
        out.append(owners[0 if i == len(points) else i])
    return out


def ours_jump(nodes, keys):
    def jump_paper(key, n):
        b, j = -1, 0
        while j < n:
            b = j
            key = (key * 2862933555777941757 + 1) & 0xFFFFFFFFFFFFFFFF
            j = int((b + 1) * (float(1 << 31) / float((key >> 33) + 1)))
        return b

    n = len(nodes)
    return [nodes[jump_paper(int.from_bytes(hashlib.md5(k.encode()).digest()[:8], "big"), n)] for k in keys]


OURS = {"uhashring-ketama": ours_ketama, "jump-consistent-hash": ours_jump}


def main(argv):
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    n, v, k = map(int, args) if args else (100, 1000, 1_000_000)
    nodes = [f"db{i}" for i in range(1, n + 1)]
    removed = f"db{n // 2}"
    for name, run in PEERS:
        t0 = time.perf_counter()
        keys = [f"user_{i}" for i in range(k)]  # timed, as in seed_workload.py and our KeySet
        before, after = run(nodes, removed, keys)
        moved = sum(a != b for a, b in zip(before, after))
        secs = time.perf_counter() - t0
        print(f"{name} N={n} K={k} moved={moved} secs={secs:.3f}", flush=True)
        if check:
            rest = [x for x in nodes if x != removed]
            ob, oa = OURS[name](nodes, keys), OURS[name](rest, keys)
            same_b = sum(x == y for x, y in zip(before, ob))
            same_a = sum(x == y for x, y in zip(after, oa))
            ours_moved = sum(x != y for x, y in zip(ob, oa))
            print(f"  check {name}: ours moved={ours_moved}; same owner as ours before={same_b}/{k} "
                  f"after={same_a}/{k}", flush=True)
    # The same jump job with the keys' h64 computed beforehand (untimed), as the crates.io comparison
    # does: what the C extension's calls themselves cost.
    keys = [f"user_{i}" for i in range(k)]
    h = [int.from_bytes(hashlib.md5(x.encode()).digest()[:8], "big") for x in keys]
    t0 = time.perf_counter()
    rest = [x for x in nodes if x != removed]
    jh = jump.hash
    before = [nodes[jh(x, n)] for x in h]
    after = [rest[jh(x, n - 1)] for x in h]
    moved = sum(a != b for a, b in zip(before, after))
    secs = time.perf_counter() - t0
    print(f"jump-consistent-hash (keys hashed beforehand) N={n} K={k} moved={moved} secs={secs:.3f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
