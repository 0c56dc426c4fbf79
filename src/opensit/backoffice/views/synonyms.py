"""Search synonym screens, beside the vocabularies: every member reads the rules and tries a
query against them; network admins create, edit, (de)activate and delete them. Rules and
rights are in search.synonyms."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opensit.backoffice.context import current_actor
from opensit.network.permissions import require
from opensit.search import synonyms
from opensit.search.synonym_models import Synonym
from opensit.search.text import query_words


def _language_choices() -> list[tuple[str, str]]:
    return [("", _("Every language"))] + [(code, code.upper()) for code in synonyms.languages()]


class SynonymForm(forms.Form):
    """A rule: one term per line, its kind, language, note and whether it applies."""

    terms = forms.CharField(
        label=gettext_lazy("Terms"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "One word or phrase per line (2 to 20, at most 100 characters each). Case, accents "
            "and a plural s or x do not matter. One-way: the first line also finds the others."
        ),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=Synonym.Kind.choices, widget=forms.RadioSelect
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False, choices=[])
    active = forms.BooleanField(
        label=gettext_lazy("Applies to searches"), required=False, initial=True
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices()

    def term_list(self) -> list[str]:
        return self.cleaned_data["terms"].splitlines()

    def clean_terms(self) -> str:
        value = self.cleaned_data["terms"]
        try:
            synonyms.clean_terms(value.splitlines())
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return value


def _initial(rule: Synonym) -> dict:
    return {
        "terms": "\n".join(rule.terms),
        "kind": rule.kind,
        "language": rule.language,
        "active": rule.active,
        "note": rule.note,
    }


def _require_manager(request: HttpRequest):
    actor = current_actor(request)
    require(synonyms.can_manage(actor), _("Only network admins manage the search synonyms."))
    return actor


def synonym_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    rules = Synonym.objects.select_related("updated_by").order_by("-active", "language", "id")
    language = request.GET.get("language")
    if language is not None and language in ("", *synonyms.languages()):
        rules = rules.filter(language=language)
    trial = request.GET.get("q", "").strip()[:200]
    trial_lang = request.GET.get("lang", "fr")
    if trial_lang not in synonyms.languages():
        trial_lang = "fr"
    expansions = []
    if trial:
        words = query_words(trial)
        found = synonyms.alternatives(words, trial_lang)
        expansions = [
            (" ".join(words[start:end]), [" ".join(alt) for alt in alts])
            for (start, end), alts in sorted(found.items())
        ]
    return TemplateResponse(
        request,
        "backoffice/synonym_list.html",
        {
            "page_title": _("Search synonyms"),
            "header_icon": "tag",
            "rules": rules[:1000],
            "can_manage": synonyms.can_manage(actor),
            "trial": trial,
            "trial_lang": trial_lang,
            "languages": synonyms.languages(),
            "expansions": expansions,
        },
    )


def _render_form(request: HttpRequest, form: SynonymForm, rule: Synonym | None, status: int):
    title = _("Edit a search synonym rule") if rule else _("New search synonym rule")
    return TemplateResponse(
        request,
        "backoffice/synonym_form.html",
        {"page_title": title, "header_icon": "tag", "form": form, "rule": rule},
        status=status,
    )


def synonym_add(request: HttpRequest) -> HttpResponse:
    actor = _require_manager(request)
    form = SynonymForm(request.POST or None, initial={"kind": Synonym.Kind.EQUIVALENT})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rule = synonyms.create_rule(
                actor,
                form.term_list(),
                kind=data["kind"],
                language=data["language"],
                note=data["note"],
                active=data["active"],
            )
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Synonym rule “%(rule)s” added.") % {"rule": rule})
            return redirect("opensit_synonyms")
    return _render_form(request, form, None, 400 if form.is_bound else 200)


def synonym_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _require_manager(request)
    rule = get_object_or_404(Synonym, pk=pk)
    form = SynonymForm(request.POST or None, initial=_initial(rule))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rule = synonyms.update_rule(
                actor,
                rule,
                terms=form.term_list(),
                kind=data["kind"],
                language=data["language"],
                note=data["note"],
                active=data["active"],
            )
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Synonym rule “%(rule)s” saved.") % {"rule": rule})
            return redirect("opensit_synonyms")
    return _render_form(request, form, rule, 400 if form.is_bound else 200)


def synonym_active(request: HttpRequest, pk: int) -> HttpResponse:
    """POST active=1 or 0: switch a rule on or off without editing it."""
    actor = _require_manager(request)
    rule = get_object_or_404(Synonym, pk=pk)
    if request.method == "POST":
        active = request.POST.get("active") == "1"
        rule = synonyms.set_active(actor, rule, active)
        message = _("“%(rule)s” applies to searches.") if active else _("“%(rule)s” is off.")
        messages.success(request, message % {"rule": rule})
    return redirect("opensit_synonyms")


def synonym_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _require_manager(request)
    rule = get_object_or_404(Synonym, pk=pk)
    if request.method == "POST":
        label = str(rule)
        synonyms.delete_rule(actor, rule)
        messages.success(request, _("Synonym rule “%(rule)s” deleted.") % {"rule": label})
        return redirect("opensit_synonyms")
    return redirect("opensit_synonym_edit", pk=rule.pk)
