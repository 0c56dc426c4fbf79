"""Vocabulary governance screens: network admins add, translate (French and English side by
side) and deprecate entries, naming a replacement that the objects are rewritten to; other
organisations request new entries, reviewed by network admins. Rules are in
catalog.vocabulary_governance."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opensit.backoffice.context import current_actor
from opensit.catalog import vocabulary_governance as governance
from opensit.catalog.models import VocabularyEntry, VocabularyRequest
from opensit.core.langtext import active_languages

Scheme = VocabularyEntry.Scheme


class EntryForm(forms.Form):
    """A new entry or a request for one: scheme, code and a label per language."""

    scheme = forms.ChoiceField(label=gettext_lazy("Scheme"), choices=Scheme.choices)
    code = forms.SlugField(
        label=gettext_lazy("Code"),
        max_length=100,
        help_text=gettext_lazy("A stable identifier: letters, digits, - and _"),
    )

    def __init__(self, *args, reason: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for lang in active_languages():
            self.fields[f"label_{lang}"] = forms.CharField(
                label=_("Label (%(lang)s)") % {"lang": lang}, max_length=200, required=False
            )
        if reason:
            self.fields["reason"] = forms.CharField(
                label=gettext_lazy("Why is it needed?"), widget=forms.Textarea, required=False
            )

    def labels(self) -> dict[str, str]:
        return {
            lang: self.cleaned_data[f"label_{lang}"].strip()
            for lang in active_languages()
            if self.cleaned_data.get(f"label_{lang}", "").strip()
        }

    def clean(self) -> dict:
        data = super().clean()
        if not any(data.get(f"label_{lang}", "").strip() for lang in active_languages()):
            self.add_error(f"label_{active_languages()[0]}", _("A label is required."))
        return data


def _render_form(request: HttpRequest, form: EntryForm, title: str, status: int = 200):
    return TemplateResponse(
        request,
        "backoffice/vocabulary_form.html",
        {"page_title": title, "header_icon": "tag", "form": form},
        status=status,
    )


def _save(request: HttpRequest, form: EntryForm, write) -> bool:
    """Run the service; its errors go next to the field they name (the code) or on the form."""
    try:
        write()
    except ValueError as exc:
        field = "code" if form.cleaned_data["code"] in str(exc) else None
        form.add_error(field, str(exc))
        return False
    return True


def entry_add(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if not actor.is_network_admin:
        raise PermissionDenied(_("Only network admins manage the vocabularies."))
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _save(
            request,
            form,
            lambda: governance.add_entry(actor, data["scheme"], data["code"], form.labels()),
        ):
            messages.success(request, _("%(code)s added.") % {"code": data["code"]})
            return redirect(f"{_list_url()}?scheme={data['scheme']}")
    status = 400 if form.is_bound else 200
    return _render_form(request, form, _("New vocabulary entry"), status)


def _list_url() -> str:
    from django.urls import reverse

    return reverse("opensit_vocabularies")


def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = current_actor(request)
    entry = get_object_or_404(VocabularyEntry, pk=pk)
    if request.method == "POST":
        if not actor.is_network_admin:
            raise PermissionDenied(_("Only network admins manage the vocabularies."))
        try:
            if request.POST.get("action") == "deprecate":
                replacement = request.POST.get("replaced_by", "").strip()
                governance.deprecate_entry(actor, entry.code, replacement)
                messages.success(request, _("%(code)s is deprecated.") % {"code": entry.code})
            else:
                for lang in active_languages():
                    label = request.POST.get(f"label_{lang}", "")
                    if label.strip() != entry.labels.get(lang, ""):
                        governance.translate_entry(actor, entry.code, lang, label)
                messages.success(request, _("Labels of %(code)s saved.") % {"code": entry.code})
        except ValueError as exc:
            messages.error(request, str(exc))
        return redirect("opensit_vocabulary_entry", pk=entry.pk)
    return TemplateResponse(
        request,
        "backoffice/vocabulary_entry.html",
        {
            "page_title": str(entry),
            "page_subtitle": entry.get_scheme_display(),
            "header_icon": "tag",
            "entry": entry,
            "labels": [(lang, entry.labels.get(lang, "")) for lang in active_languages()],
            "can_govern": actor.is_network_admin,
            "usage": len(governance.objects_using(entry.code)),
            "replacements": VocabularyEntry.objects.filter(
                scheme=entry.scheme, deprecated=False
            ).exclude(pk=entry.pk),
        },
    )


def request_new(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = EntryForm(request.POST or None, reason=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _save(
            request,
            form,
            lambda: governance.request_entry(
                actor, data["scheme"], data["code"], form.labels(), data.get("reason", "")
            ),
        ):
            messages.success(
                request,
                _("Your request for %(code)s is sent to the network.") % {"code": data["code"]},
            )
            return redirect("opensit_vocabulary_requests")
    status = 400 if form.is_bound else 200
    return _render_form(request, form, _("Request a vocabulary entry"), status)


def request_list(request: HttpRequest) -> HttpResponse:
    """Network admins review every request; others follow their organisation's."""
    actor = current_actor(request)
    requests = VocabularyRequest.objects.select_related("requested_by", "organisation")
    if not actor.is_network_admin:
        requests = requests.filter(organisation=actor.organisation)
    status = VocabularyRequest.Status
    return TemplateResponse(
        request,
        "backoffice/vocabulary_requests.html",
        {
            "page_title": _("Vocabulary requests"),
            "header_icon": "tag",
            "pending": requests.filter(status=status.PENDING).order_by("created_at"),
            "reviewed": requests.exclude(status=status.PENDING).order_by("-reviewed_at")[:100],
            "can_review": actor.is_network_admin,
        },
    )


def request_review(request: HttpRequest, pk: int) -> HttpResponse:
    actor = current_actor(request)
    if request.method != "POST":
        return redirect("opensit_vocabulary_requests")
    vocabulary_request = get_object_or_404(VocabularyRequest, pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        governance.review_request(
            actor, vocabulary_request, approve, request.POST.get("comment", "").strip()
        )
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        if approve:
            messages.success(request, _("%(code)s is added.") % {"code": vocabulary_request.code})
        else:
            messages.success(
                request,
                _("The request for %(code)s is rejected.") % {"code": vocabulary_request.code},
            )
    return redirect("opensit_vocabulary_requests")
