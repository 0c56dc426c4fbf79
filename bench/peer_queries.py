"""The query sets of bench/search_peer.py and bench/search_floor.py: words drawn by their
frequency in the names of the peer's catalog, seeded, one list per query kind."""

import dataclasses
import random

from peer_engine import Peer

# Shares of the query mix (700 queries: 200, 150, 100, 100, 100, 50).
KINDS = {
    "text": 4,
    "text+type": 3,
    "rare word": 2,
    "facets with text": 2,
    "suggest": 2,
    "typo": 1,
}


@dataclasses.dataclass
class Query:
    kind: str
    q: str
    types: list[str] | None = None  # OpenSIT's type codes
    peer_types: list[str] | None = None  # the same with their descendants


def typo(word: str, rng: random.Random, known) -> str | None:
    """`word` with one edit that is not on its first letter and makes no known word."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    for _ in range(20):
        i = rng.randrange(1, len(word))
        op = rng.choice(("substitute", "delete", "insert", "transpose"))
        if op == "substitute":
            out = word[:i] + rng.choice(letters.replace(word[i], "")) + word[i + 1 :]
        elif op == "delete":
            out = word[:i] + word[i + 1 :]
        elif op == "insert":
            out = word[:i] + rng.choice(letters) + word[i:]
        else:
            if i == len(word) - 1 or word[i] == word[i + 1]:
                continue
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if not known(out):
            return out
    return None


def make_queries(peer: Peer, count: int, seed: int) -> list[Query]:
    from opensit.catalog.types import TYPES, descendants, root_of

    rng = random.Random(seed)
    vocabulary = peer.stats["words"]
    words = sorted(vocabulary)
    weights = [vocabulary[w][0] for w in words]
    surface = {w: vocabulary[w][1] for w in words}
    type_codes = [c for c in sorted(peer.stats["types"]) if c in TYPES]
    type_weights = [peer.stats["types"][c] for c in type_codes]
    # Rare: the name words in the lowest tenth of document frequency (name + text).
    frequency = {w: peer.doc_freq(w) for w in words}
    ranked = sorted((f, w) for w, f in frequency.items() if f > 0)
    limit = ranked[len(ranked) // 10][0]
    rare = [w for f, w in ranked if f <= limit]

    def draw(n: int) -> list[str]:
        out: list[str] = []
        while len(out) < n:
            word = rng.choices(words, weights)[0]
            if word not in out:
                out.append(word)
        return out

    def text() -> str:
        return " ".join(surface[w] for w in draw(rng.randint(1, 3)))

    shares = sum(KINDS.values())
    out: list[Query] = []
    for kind, share in KINDS.items():
        n = max(1, round(count * share / shares))
        while n:
            if kind in ("text", "facets with text"):
                out.append(Query(kind, text()))
            elif kind == "text+type":
                code = rng.choices(type_codes, type_weights)[0]
                if rng.random() < 0.5:
                    code = root_of(code)
                out.append(Query(kind, text(), [code], list(descendants(code))))
            elif kind == "rare word":
                out.append(Query(kind, surface[rng.choice(rare)]))
            elif kind == "suggest":
                length = rng.randint(3, 5)
                word = draw(1)[0]
                if len(word) < length:
                    continue
                out.append(Query(kind, surface[word][:length]))
            else:  # typo
                picked = draw(rng.randint(1, 3))
                long = [w for w in picked if len(w) >= 5]
                if not long:
                    continue
                target = rng.choice(long)
                wrong = typo(target, rng, lambda w: w in vocabulary or peer.doc_freq(w))
                if wrong is None:
                    continue
                words_typed = [wrong if w == target else surface[w] for w in picked]
                out.append(Query(kind, " ".join(words_typed)))
            n -= 1
    return out
