"""A visitor's words as a Tantivy query: what matches, and how it ranks.

Every word must match (stop words only count when the query has nothing else), each as the
best of its forms (a disjunction-max: the best form, plus a tenth of the others):

    name, word as typed (folded)                 3.0 + 0.3 x idf
    name, stemmed (château ~ châteaux)           2.5 + 0.3 x idf
    the object's commune or place name           3.0 (where it is, as strong as a name word)
    name, typed so far (last word, prefix)       2.0 (an earlier word as a name word's start: 2.0)
    name, typo correction                        2.0 + 0.3 x idf
    description, stemmed                         0.15 x BM25 (at most about half a name word)
    description, typed so far (last word, when   0.3
      it is no whole word of the index)

and bonuses that never decide alone whether an object matches:

    the whole name is the query                  + 8.0
    the name starts with the query               + 3.0 (as you type)
    the name has the words in order              + 2.0 (two words between at most)

The sum is multiplied by 1 + 0.5 x prior (`prior.py`), then, on the first 100 hits, by how much
of the name the query covers (`coverage_factor`). A synonym span ("vtt") matches as itself or
as any of its alternatives ("velo tout terrain"), at 0.8 of the weight.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import tantivy
from rapidfuzz import process
from rapidfuzz.distance import OSA

from opensit.search import synonyms
from opensit.search.backends import type_token
from opensit.search.text import STOP_WORDS
from opensit.search.textindex import PREFIX_MAX, SCHEMA, TextIndex, analyze, stem_analyzer

NAME_EXACT = 3.0
NAME_STEM = 2.5
NAME_PREFIX = 2.0
NAME_TYPO = 2.0
NAME_IDF = 0.3  # x the term's idf, added to a name match's constant
PLACE = 3.0  # the commune or the place's name
NAME_WORD_START = 2.0  # an earlier word as the start of a name word ("zoo" in "zooparc")
PREFIX_MIN = 3
TEXT_PREFIX = 0.3  # the last word as the start of a description word
TEXT_PREFIX_MIN = 4
TEXT = 0.15  # x BM25: a description word weighs about half a name word at most
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
    """A query's words, with their typo corrections (word -> corrections), whether the last
    word, no whole word of the index, is looked for as the start of description words, and
    the idf of the name terms the query looks up."""

    words: list[str]
    corrections: dict[str, list[str]]
    partial_in_text: bool = False
    idf: dict[tuple[str, str], float] = field(default_factory=dict)  # (field, term) -> idf


def _term(field: str, text: str) -> tantivy.Query:
    return tantivy.Query.term_query(SCHEMA, field, text)


def _boost(query: tantivy.Query, boost: float) -> tantivy.Query:
    return tantivy.Query.boost_query(query, boost)


def _const(query: tantivy.Query, score: float) -> tantivy.Query:
    return tantivy.Query.const_score_query(query, score)


def _name_form(field: str, term: str, weight: float, idf: Mapping) -> tantivy.Query:
    """A name match: a constant (a name word is a name word), plus a little of the term's
    inverse document frequency (a rare word says more than a common one; the coverage factor
    weighs the name's length). One constant-score scorer: BM25 beside it would double the
    postings read, for the same order."""
    return _const(_term(field, term), weight + NAME_IDF * idf.get((field, term), 0.0))


def inverse_document_frequency(index: TextIndex, field: str, term: str) -> float:
    """BM25's idf, as Tantivy and Lucene compute it."""
    total = index.searcher.num_docs
    found = index.doc_freq(field, term)
    return math.log(1 + (total - found + 0.5) / (found + 0.5))


def _name_prefix(group: str, word: str) -> tantivy.Query:
    """Name words that start with `word`: one term of the prefix field (`name_prefixes`)."""
    if len(word) > PREFIX_MAX:
        return _prefix(f"name_{group}", word)
    return _term(f"prefix_{group}", word)


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


def is_whole_word(index: TextIndex, word: str, group: str) -> bool:
    """A word some name or description has as a whole word (typed in full, not begun)."""
    if index.doc_freq(f"name_{group}", word):
        return True
    return bool(index.doc_freq(f"text_{group}", _stem(group, word)))


def begins_a_name_word(index: TextIndex, word: str, group: str) -> bool:
    if len(word) <= PREFIX_MAX:
        return bool(index.doc_freq(f"prefix_{group}", word))
    return bool(index.top_terms(f"name_{group}", word, 1))


def known(index: TextIndex, word: str, group: str, last: bool) -> bool:
    """A word some name has (or, the last word, begins with): no typo correction for it."""
    if index.doc_freq(f"name_{group}", word):
        return True
    return last and begins_a_name_word(index, word, group)


def analyse(index: TextIndex, words: list[str], group: str, typos: bool, prefix: bool) -> Words:
    """The words with their corrections (typos only for words no name has); with `prefix`, the
    last word is looked for as the start of description words when it is not a whole word of
    the index ("chenon" as typed so far; "concert", typed in full, matches descriptions by its
    stem already, and a prefix of the descriptions' words costs a union of 50 terms)."""
    found: dict[str, list[str]] = {}
    if typos:
        for n, word in enumerate(words):
            last = prefix and n == len(words) - 1
            if typo_distance(word) and not known(index, word, group, last):
                found[word] = corrections(index, word, group)
    partial = bool(prefix and words and len(words[-1]) >= TEXT_PREFIX_MIN)
    partial = partial and not is_whole_word(index, words[-1], group)
    keys = [(f"name_{group}", w) for w in words] + [
        (f"stem_{group}", _stem(group, w)) for w in words
    ]
    keys += [(f"name_{group}", fix) for fixes in found.values() for fix in fixes]
    idf = {key: inverse_document_frequency(index, *key) for key in keys}
    return Words(words, found, partial, idf)


def _word(
    word: str, group: str, last: bool, fixes: Sequence[str], in_text: bool, idf: Mapping
) -> tantivy.Query:
    stem = _stem(group, word)
    forms = [
        _name_form(f"name_{group}", word, NAME_EXACT, idf),
        _name_form(f"stem_{group}", stem, NAME_STEM, idf),
        _const(_term(f"place_{group}", word), PLACE),
        _boost(_term(f"text_{group}", stem), TEXT),
    ]
    if last or len(word) >= PREFIX_MIN:
        prefix = _name_prefix(group, word)
        forms.append(_const(prefix, NAME_PREFIX if last else NAME_WORD_START))
    if last and in_text:
        prefix = _prefix(f"text_{group}", word)
        forms.append(_const(prefix, TEXT_PREFIX))
    for fix in fixes:
        forms.append(_name_form(f"name_{group}", fix, NAME_TYPO, idf))
        forms.append(_boost(_term(f"text_{group}", _stem(group, fix)), TEXT * 0.5))
    return tantivy.Query.disjunction_max_query(forms, 0.1)


def _span(
    words: Sequence[str],
    group: str,
    last_word: str | None,
    fixes: dict,
    in_text: bool = False,
    idf: Mapping | None = None,
) -> tantivy.Query:
    idf = idf or {}
    return _all([_word(w, group, w == last_word, fixes.get(w, ()), in_text, idf) for w in words])


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
            own = _span(
                words[n:end], group, last_word, fixes, analysed.partial_in_text, analysed.idf
            )
            options = [own]
            options += [
                _boost(_span(list(alt), group, None, {}), SYNONYM) for alt in spans[(n, end)]
            ]
            clauses.append((tantivy.Occur.Must, tantivy.Query.disjunction_max_query(options)))
            n = end
            continue
        word = words[n]
        last = word == last_word
        in_text = last and analysed.partial_in_text
        clause = _word(word, group, last, fixes.get(word, ()), in_text, analysed.idf)
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
