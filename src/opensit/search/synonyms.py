"""Search synonyms: the network's rules ("gîte" ↔ "location", "resto" → "restaurant", "VTT" ↔
"vélo tout terrain") and the query-time lookup the query builder calls.

Rules are governed like the vocabularies (catalog.vocabulary_governance): network admins create,
edit, (de)activate and delete them; every change is in the audit log (`synonym.*`). They apply
at query time, so no re-indexing: each process keeps the active rules compiled in memory and
compares a version token of the table (row count, highest id, sum of revisions) at most every
`CHECK_SECONDS`, so that a change made by another process is seen within that delay; a change
made in this process drops the cache at once.
"""

import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from opensit.core.audit import log_action
from opensit.core.langtext import active_languages
from opensit.network.permissions import Actor, require
from opensit.search.synonym_models import Synonym
from opensit.search.text import light_stem, query_words

MIN_TERMS, MAX_TERMS, MAX_TERM_CHARS = 2, 20, 100
# How long a process trusts its compiled rules before checking the table's version token.
CHECK_SECONDS = float(getattr(settings, "OPENSIT_SYNONYM_CHECK_SECONDS", 2.0))
MAX_COMPILED_LANGUAGES = 32
_clock = time.monotonic  # a module attribute, so that tests can move it

Kind = Synonym.Kind
Span = tuple[int, int]
Words = tuple[str, ...]
# A rule as compiled: language, kind, and each term's (stemmed key, folded words).
_Rule = tuple[str, str, tuple[tuple[Words, Words], ...]]


# --- rules: validation and services ------------------------------------------------------------


def languages() -> list[str]:
    """The languages a rule may be restricted to ("" is every language)."""
    return sorted({*active_languages(), "fr", "en"})


def term_words(term: str) -> Words:
    """A term as the query sees it: folded words ("Vélo-tout-terrain" -> velo, tout, terrain)."""
    return tuple(query_words(term))


def term_key(term: str) -> Words:
    """What a term matches: its folded words without a plural s/x (light_stem)."""
    return tuple(light_stem(word) for word in query_words(term))


def clean_terms(terms: Iterable[str]) -> list[str]:
    """The terms as stored: trimmed, inner spaces collapsed, blank lines dropped; raises
    ValueError naming the problem (too few or too many, too long, no word, a duplicate)."""
    cleaned = [" ".join(str(term).split()) for term in terms]
    cleaned = [term for term in cleaned if term]
    if len(cleaned) < MIN_TERMS:
        raise ValueError(_("A synonym rule needs at least %(n)d terms.") % {"n": MIN_TERMS})
    if len(cleaned) > MAX_TERMS:
        raise ValueError(_("A synonym rule has at most %(n)d terms.") % {"n": MAX_TERMS})
    seen: dict[Words, str] = {}
    for term in cleaned:
        if len(term) > MAX_TERM_CHARS:
            raise ValueError(
                _("“%(term)s” is longer than %(n)d characters.")
                % {"term": term[:40] + "…", "n": MAX_TERM_CHARS}
            )
        key = term_key(term)
        if not key:
            raise ValueError(_("“%(term)s” has no word to search.") % {"term": term})
        if key in seen:
            raise ValueError(
                _("“%(term)s” and “%(other)s” are the same term once folded.")
                % {"term": term, "other": seen[key]}
            )
        seen[key] = term
    return cleaned


def _clean(terms: Iterable[str], kind: str, language: str) -> list[str]:
    if kind not in Kind.values:
        raise ValueError(_("Unknown kind of synonym rule: %(kind)s") % {"kind": kind})
    if language not in ("", *languages()):
        raise ValueError(_("Unknown language: %(lang)s") % {"lang": language})
    return clean_terms(terms)


def can_manage(actor: Actor) -> bool:
    """Synonyms are governed as the vocabularies are: by network admins."""
    return actor.is_network_admin


def _require_manager(actor: Actor) -> None:
    require(can_manage(actor), _("Only network admins manage the search synonyms."))


def _user(actor: Actor):
    user = getattr(actor, "user", None)
    return user if getattr(user, "pk", None) else None


def _changed() -> None:
    """Drop this process's cache now, and again once the transaction commits (other threads
    of the process may have reloaded the old rules in between)."""
    clear_cache()
    transaction.on_commit(clear_cache)


def _audit_data(rule: Synonym) -> dict:
    return {
        "terms": rule.terms,
        "kind": rule.kind,
        "language": rule.language,
        "active": rule.active,
        "note": rule.note,
    }


@transaction.atomic
def create_rule(
    actor: Actor,
    terms: Iterable[str],
    kind: str = Kind.EQUIVALENT,
    language: str = "",
    note: str = "",
    active: bool = True,
) -> Synonym:
    _require_manager(actor)
    cleaned = _clean(terms, kind, language)
    now = timezone.now()
    rule = Synonym.objects.create(
        terms=cleaned,
        kind=kind,
        language=language,
        note=note.strip(),
        active=active,
        created_at=now,
        updated_at=now,
        created_by=_user(actor),
        updated_by=_user(actor),
    )
    log_action(actor, "synonym.create", rule.pk, **_audit_data(rule))
    _changed()
    return rule


@transaction.atomic
def update_rule(
    actor: Actor,
    rule: Synonym,
    *,
    terms: Iterable[str] | None = None,
    kind: str | None = None,
    language: str | None = None,
    note: str | None = None,
    active: bool | None = None,
) -> Synonym:
    """Change what is given, keep the rest; the audit entry holds the fields before and after.
    Nothing changed: nothing written, nothing logged."""
    _require_manager(actor)
    rule = Synonym.objects.select_for_update().get(pk=rule.pk)
    before = _audit_data(rule)
    new_kind = rule.kind if kind is None else kind
    new_language = rule.language if language is None else language
    cleaned = _clean(rule.terms if terms is None else terms, new_kind, new_language)
    rule.terms, rule.kind, rule.language = cleaned, new_kind, new_language
    if note is not None:
        rule.note = note.strip()
    if active is not None:
        rule.active = bool(active)
    after = _audit_data(rule)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if not changes:
        return rule
    rule.revision += 1
    rule.updated_at = timezone.now()
    rule.updated_by = _user(actor)
    rule.save()
    if set(changes) == {"active"}:
        log_action(
            actor,
            "synonym.activate" if rule.active else "synonym.deactivate",
            rule.pk,
            terms=rule.terms,
        )
    else:
        log_action(actor, "synonym.update", rule.pk, changes=changes)
    _changed()
    return rule


def set_active(actor: Actor, rule: Synonym, active: bool) -> Synonym:
    return update_rule(actor, rule, active=active)


@transaction.atomic
def delete_rule(actor: Actor, rule: Synonym) -> None:
    _require_manager(actor)
    rule = Synonym.objects.select_for_update().get(pk=rule.pk)  # log what is deleted
    data = _audit_data(rule)
    pk = rule.pk
    rule.delete()
    log_action(actor, "synonym.delete", pk, **data)
    _changed()


# --- query time ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Compiled:
    """Active rules of one language (with the every-language ones): for each first stemmed
    word, the (stemmed key, alternatives) pairs, longest key first."""

    by_first: dict[str, tuple[tuple[Words, list[Words]], ...]]


@dataclass
class _State:
    token: tuple | None = None
    checked_at: float = float("-inf")
    rules: tuple[_Rule, ...] = ()
    compiled: dict[str, _Compiled] | None = None


_state = _State()
_lock = threading.Lock()


def clear_cache() -> None:
    """Forget the compiled rules: the next lookup reads the table again."""
    global _state
    _state = _State()


def version_token() -> tuple:
    """Changes whenever a rule is created (the highest id grows: ids are never reused),
    deleted (the count drops) or edited (the sum of revisions grows)."""
    row = Synonym.objects.aggregate(n=Count("id"), top=Max("id"), revisions=Sum("revision"))
    return (row["n"], row["top"], row["revisions"])


def _rows() -> list[tuple[str, str, list[str]]]:
    return list(
        Synonym.objects.filter(active=True).order_by("id").values_list("language", "kind", "terms")
    )


def _load() -> tuple[_Rule, ...]:
    """The active rules, each term folded once: (its stemmed key, its folded words)."""
    rules = []
    for language, kind, terms in _rows():
        keyed = tuple((term_key(term), term_words(term)) for term in terms)
        rules.append((language, kind, tuple((key, words) for key, words in keyed if key)))
    return tuple(rules)


def _compile(rules: Iterable[_Rule], lang: str) -> _Compiled:
    found: dict[Words, list[Words]] = {}
    for language, kind, keyed in rules:
        if language and language != lang:
            continue
        sources = keyed[:1] if kind == Kind.ONE_WAY else keyed
        for key, _words in sources:
            alternatives = found.setdefault(key, [])
            for other_key, other_words in keyed:
                if other_key != key and other_words not in alternatives:
                    alternatives.append(other_words)
    by_first: dict[str, list[tuple[Words, list[Words]]]] = {}
    for key, alternatives in found.items():
        if alternatives:
            by_first.setdefault(key[0], []).append((key, alternatives))
    return _Compiled(
        {
            first: tuple(sorted(entries, key=lambda entry: -len(entry[0])))
            for first, entries in by_first.items()
        }
    )


def _compiled(lang: str) -> _Compiled:
    """The compiled rules of `lang`, reading the table only when its version token changed
    (checked at most every CHECK_SECONDS)."""
    state = _state
    now = _clock()
    if state.compiled is None or now - state.checked_at >= CHECK_SECONDS:
        with _lock:
            state = _refresh(now)
    compiled = state.compiled
    assert compiled is not None
    found = compiled.get(lang)
    if found is None:
        found = _compile(state.rules, lang)
        if len(compiled) < MAX_COMPILED_LANGUAGES:  # a caller's bad language cannot grow it
            compiled[lang] = found
    return found


def _refresh(now: float) -> _State:
    global _state
    state = _state
    if state.compiled is not None and now - state.checked_at < CHECK_SECONDS:
        return state  # another thread refreshed it meanwhile
    token = version_token()
    if state.compiled is not None and token == state.token:
        state.checked_at = now
        return state
    _state = _State(token=token, checked_at=now, rules=_load(), compiled={})
    return _state


def alternatives(words: Sequence[str], lang: str) -> dict[tuple[int, int], list[tuple[str, ...]]]:
    """For each span (start, end) of consecutive query words (end exclusive) that is a term of
    an active rule of `lang` (or of every language), the other terms it may be searched as,
    each a tuple of folded words. `words` are already folded (`text.fold`), in order; a plural
    s/x is tolerated on both sides (`text.light_stem`). Overlapping spans are all returned.

        alternatives(["gites", "amboise"], "fr") == {(0, 1): [("location",)]}
    """
    compiled = _compiled(lang).by_first
    if not compiled or not words:
        return {}
    stems = [light_stem(word) for word in words]
    count = len(stems)
    out: dict[tuple[int, int], list[tuple[str, ...]]] = {}
    for start, stem in enumerate(stems):
        entries = compiled.get(stem)
        if entries is None:
            continue
        for key, alts in entries:
            end = start + len(key)
            if end <= count and (len(key) == 1 or tuple(stems[start:end]) == key):
                out[(start, end)] = list(alts)
    return out


def _model_changed(**kwargs) -> None:
    """Writes that bypass the services (the ORM in a shell or a test) drop the cache too."""
    clear_cache()


post_save.connect(_model_changed, sender=Synonym, dispatch_uid="opensit.search.synonyms.save")
post_delete.connect(_model_changed, sender=Synonym, dispatch_uid="opensit.search.synonyms.delete")
