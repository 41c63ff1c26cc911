"""Near-duplicate articles: MinHash over normalised word shingles, LSH candidates, clusters.

Republished copies of an article (another site's masthead, a changed byline, a
trailer added) share almost all their word 3-grams. Each document gets a MinHash
signature of its normalised word shingles (computed where the pipeline runs:
worker process or Ray actor); the ingest process keeps an LSH index of every
stored signature and links a new document to the stored ones whose estimated
Jaccard similarity reaches the threshold. Clusters are the connected components
of those links, named by their smallest document id, so they do not depend on
the order documents arrived in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..arabic.normalize import normalize

NUM_PERM = 128
SHINGLE = 3          # words per shingle
THRESHOLD = 0.8      # estimated Jaccard similarity for a near-duplicate
SCHEME = "affine32"  # datasketch's 32-bit hashing: signatures are NUM_PERM uint32 values
MIN_SHINGLES = 8     # shorter texts (captions, stubs) are not fingerprinted: too many false matches

_DTYPE = np.uint32
_WORD = re.compile(r"\w+", re.UNICODE)
_TEMPLATE: MinHash | None = None


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Word k-grams of the normalised text (Arabic folding, lower case, digits ASCII)."""
    words = _WORD.findall(normalize(text).lower())
    if len(words) < k:
        return set()
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def _template() -> MinHash:
    # the permutations are generated once per process and shared by every signature
    global _TEMPLATE
    if _TEMPLATE is None:
        _TEMPLATE = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    return _TEMPLATE


def signature(text: str) -> bytes | None:
    """MinHash hash values of ``text`` as bytes, or None when it is too short to fingerprint."""
    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=1, permutations=_template().permutations, scheme=SCHEME)
    m.update_batch(list(sh))
    return np.asarray(m.hashvalues, dtype=_DTYPE).tobytes()


def _minhash(sig: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=np.frombuffer(sig, dtype=_DTYPE),
                   permutations=_template().permutations, scheme=SCHEME)


def jaccard(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(np.frombuffer(a, dtype=_DTYPE) == np.frombuffer(b, dtype=_DTYPE)))


class NearDupIndex:
    """LSH index of signatures; :meth:`add` returns the near-duplicates already indexed."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.sigs: dict[str, bytes] = {}

    def __len__(self) -> int:
        return len(self.sigs)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.sigs

    def load(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Index stored signatures without querying them (they were linked when stored)."""
        for doc_id, sig in items:
            if doc_id not in self.sigs and sig:
                self.lsh.insert(doc_id, _minhash(sig))
                self.sigs[doc_id] = sig

    def add(self, doc_id: str, sig: bytes | None) -> list[tuple[str, float]]:
        """Index ``doc_id`` and return its near-duplicates ``(other_id, jaccard)``, best first.

        LSH candidates are symmetric, so every pair is found when the later of its
        two documents is added, whatever the order.
        """
        if sig is None or doc_id in self.sigs:
            return []
        m = _minhash(sig)
        out = []
        for other in self.lsh.query(m):
            j = jaccard(sig, self.sigs[other])
            if j >= self.threshold:
                out.append((other, j))
        self.lsh.insert(doc_id, m)
        self.sigs[doc_id] = sig
        return sorted(out, key=lambda x: (-x[1], x[0]))

    def remove(self, doc_id: str) -> None:
        """Forget ``doc_id`` (used when its batch could not be stored)."""
        if doc_id in self.sigs:
            self.lsh.remove(doc_id)
            del self.sigs[doc_id]


def clusters(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Union-find over near-duplicate pairs: member id -> cluster id (smallest member id)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            # the smaller id becomes the root, so a cluster is named by its smallest member
            if rb < ra:
                ra, rb = rb, ra
            parent[rb] = ra
    return {x: find(x) for x in parent}
