"""A visitor's words as a Tantivy query: what matches, and how it ranks.

Every word must match (stop words only count when the query has nothing else), each as the
best of its forms (a disjunction-max: the best form, plus a tenth of the others):

    name, word as typed (folded)                 3.0 + 0.3 x BM25
    name, stemmed (château ~ châteaux)           2.5 + 0.3 x BM25
    the object's commune or place name           3.0 (where it is, as strong as a name word)
    name, typed so far (last word, prefix)       2.0 (an earlier word as a name word's start: 2.0)
    name, typo correction                        2.0 + 0.3 x BM25
    description, stemmed                         0.6 + 0.1 x BM25 (never a name word's weight)
    description, typed so far (last word)        0.3

and bonuses that never decide alone whether an object matches:

    the whole name is the query                  + 8.0
    the name starts with the query               + 3.0 (as you type)
    the name has the words in order              + 2.0 (two words between at most)

The sum is multiplied by 1 + 0.5 x prior (`prior.py`), then, on the first 100 hits, by how much
of the name the query covers (`coverage_factor`). A synonym span ("vtt") matches as itself or
as any of its alternatives ("velo tout terrain"), at 0.8 of the weight.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import tantivy
from rapidfuzz import process
from rapidfuzz.distance import OSA

from opensit.search import synonyms
from opensit.search.backends import type_token
from opensit.search.text import STOP_WORDS
from opensit.search.textindex import SCHEMA, TextIndex, analyze, stem_analyzer

NAME_EXACT = 3.0
NAME_STEM = 2.5
NAME_PREFIX = 2.0
NAME_TYPO = 2.0
NAME_IDF = 0.3  # x BM25, added to a name match's constant
PLACE = 3.0  # the commune or the place's name
NAME_WORD_START = 2.0  # an earlier word as the start of a name word ("zoo" in "zooparc")
PREFIX_MIN = 3
TEXT_PREFIX = 0.3  # the last word as the start of a description word
TEXT_PREFIX_MIN = 4
TEXT = 0.6
TEXT_IDF = 0.1
WHOLE_NAME = 8.0
NAME_STARTS = 3.0
PHRASE = 2.0
SYNONYM = 0.8
PHRASE_SLOP = 2


def typo_distance(word: str) -> int:
    """Edits allowed: none under 5 letters, one for 5 to 8, two beyond."""
    return 0 if len(word) < 5 else 1 if len(word) <= 8 else 2


RERANK = 100  # the first hits whose score the coverage factor weighs
MIN_FACTOR = 0.5


def coverage_factor(words: Sequence[str], name_length: int) -> float:
    """0.5 to 1: how much of the name the query covers. "zoo de beauval" covers all of
    "ZooParc de Beauval" but half of "Navette Blois-Zoo de Beauval"; a name is what the
    visitor is after when the query says all of it."""
    meaningful = sum(1 for word in words if word not in STOP_WORDS) or len(words)
    return MIN_FACTOR + (1 - MIN_FACTOR) * min(1.0, meaningful / max(name_length, 1))


@dataclass
class Words:
    """A query's words, with their typo corrections (word -> corrections)."""

    words: list[str]
    corrections: dict[str, list[str]]


def _term(field: str, text: str) -> tantivy.Query:
    return tantivy.Query.term_query(SCHEMA, field, text)


def _boost(query: tantivy.Query, boost: float) -> tantivy.Query:
    return tantivy.Query.boost_query(query, boost)


def _const(query: tantivy.Query, score: float) -> tantivy.Query:
    return tantivy.Query.const_score_query(query, score)


def _name_form(query: tantivy.Query, weight: float) -> tantivy.Query:
    """A name match: a constant (a name word is a name word), plus a little of its BM25 (a
    rare word in a short name says more than a common one)."""
    return tantivy.Query.boolean_query(
        [
            (tantivy.Occur.Should, _const(query, weight)),
            (tantivy.Occur.Should, _boost(query, NAME_IDF)),
        ]
    )


def _text_form(query: tantivy.Query, weight: float) -> tantivy.Query:
    """A description match: a constant, and a tenth of its BM25, so that descriptions rank
    among themselves by BM25 but a word in a description never outweighs it in a name."""
    return tantivy.Query.boolean_query(
        [
            (tantivy.Occur.Should, _const(query, weight)),
            (tantivy.Occur.Should, _boost(query, TEXT_IDF)),
        ]
    )


def _prefix(field: str, text: str) -> tantivy.Query:
    """Terms of a field that start with `text` (Tantivy's phrase-prefix query of one term: the
    first 50 such terms in dictionary order, as Lucene's; a regular expression would cost
    0.3 ms to compile per word)."""
    return tantivy.Query.phrase_prefix_query(SCHEMA, field, [text])


def _all(queries: Sequence[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in queries])


def _stem(group: str, word: str) -> str:
    stems = analyze(stem_analyzer(group), word)
    return stems[0] if stems else word


def corrections(index: TextIndex, word: str, group: str, limit: int = 3) -> list[str]:
    """Name words within the typo distance of `word`, with its first letter, most frequent
    first."""
    distance = typo_distance(word)
    if not distance:
        return []
    vocabulary = index.vocabulary(f"name_{group}", word[0])
    found = process.extract(
        word, vocabulary, scorer=OSA.distance, score_cutoff=distance, limit=None
    )
    found.sort(key=lambda item: (item[1], -index.doc_freq(f"name_{group}", item[0])))
    return [term for term, _score, _i in found[:limit] if term != word]


def known(index: TextIndex, word: str, group: str, last: bool) -> bool:
    """A word some name has (or, the last word, begins with): no typo correction for it."""
    if index.doc_freq(f"name_{group}", word):
        return True
    return last and bool(index.top_terms(f"name_{group}", word, 1))


def analyse(index: TextIndex, words: list[str], group: str, typos: bool, prefix: bool) -> Words:
    found: dict[str, list[str]] = {}
    if typos:
        for n, word in enumerate(words):
            last = prefix and n == len(words) - 1
            if typo_distance(word) and not known(index, word, group, last):
                found[word] = corrections(index, word, group)
    return Words(words, found)


def _word(word: str, group: str, last: bool, fixes: Sequence[str]) -> tantivy.Query:
    stem = _stem(group, word)
    forms = [
        _name_form(_term(f"name_{group}", word), NAME_EXACT),
        _name_form(_term(f"stem_{group}", stem), NAME_STEM),
        _const(_term(f"place_{group}", word), PLACE),
        _text_form(_term(f"text_{group}", stem), TEXT),
    ]
    if last or len(word) >= PREFIX_MIN:
        prefix = _prefix(f"name_{group}", word)
        forms.append(_const(prefix, NAME_PREFIX if last else NAME_WORD_START))
    if last and len(word) >= TEXT_PREFIX_MIN:
        prefix = _prefix(f"text_{group}", word)
        forms.append(_const(prefix, TEXT_PREFIX))
    for fix in fixes:
        forms.append(_name_form(_term(f"name_{group}", fix), NAME_TYPO))
        forms.append(_boost(_term(f"text_{group}", _stem(group, fix)), TEXT * 0.5))
    return tantivy.Query.disjunction_max_query(forms, 0.1)


def _span(words: Sequence[str], group: str, last_word: str | None, fixes: dict) -> tantivy.Query:
    return _all([_word(w, group, w == last_word, fixes.get(w, ())) for w in words])


def build(
    analysed: Words,
    group: str,
    lang: str,
    type_codes: Sequence[str] | None = None,
    prefix: bool = True,
) -> tantivy.Query:
    words, fixes = analysed.words, analysed.corrections
    meaningful = [w for w in words if w not in STOP_WORDS] or list(words)
    last_word = words[-1] if prefix and words else None
    spans = synonyms.alternatives(words, lang) if words else {}
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    n = 0
    while n < len(words):
        ends = [end for (start, end) in spans if start == n]
        if ends:
            end = max(ends)
            own = _span(words[n:end], group, last_word, fixes)
            options = [own]
            options += [
                _boost(_span(list(alt), group, None, {}), SYNONYM) for alt in spans[(n, end)]
            ]
            clauses.append((tantivy.Occur.Must, tantivy.Query.disjunction_max_query(options)))
            n = end
            continue
        word = words[n]
        clause = _word(word, group, word == last_word, fixes.get(word, ()))
        required = word in meaningful
        clauses.append((tantivy.Occur.Must if required else tantivy.Occur.Should, clause))
        n += 1
    whole = " ".join(words)
    clauses.append((tantivy.Occur.Should, _const(_term(f"exact_{group}", whole), WHOLE_NAME)))
    if prefix:
        starts = _prefix(f"exact_{group}", whole)
        clauses.append((tantivy.Occur.Should, _const(starts, NAME_STARTS)))
    if len(meaningful) > 1:
        phrase = tantivy.Query.phrase_query(SCHEMA, f"name_{group}", meaningful, PHRASE_SLOP)
        clauses.append((tantivy.Occur.Should, _const(phrase, PHRASE)))
    if type_codes:
        tags = tantivy.Query.term_set_query(
            SCHEMA, "tags", [type_token(code) for code in type_codes]
        )
        clauses.append((tantivy.Occur.Must, _const(tags, 0.0)))
    return tantivy.Query.boolean_query(clauses)
