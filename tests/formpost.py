"""What a browser submits for a rendered HTML form, read from the page's HTML as a browser
reads it (HTML form submission algorithm, simplified to the controls the back-office uses).

Tests that "save unchanged" post exactly this, so that what the template renders (formatted
numbers, dates, textareas, selects with stored values) is part of what they check.
"""

from typing import Any

from bs4 import BeautifulSoup
from bs4.element import Tag
from django.forms import widgets
from django.http import QueryDict

SKIPPED_INPUTS = {"submit", "button", "reset", "image", "file"}


def form_fields(html: str, selector: str = "form") -> list[tuple[str, str]]:
    """(name, value) pairs in document order, as the browser would send them."""
    form = BeautifulSoup(html, "html.parser").select_one(selector)
    if form is None:
        raise AssertionError(f"no form matches {selector!r} in the page")
    pairs: list[tuple[str, str]] = []
    for control in form.find_all(["input", "select", "textarea"]):
        name = control.get("name")
        if not name or control.has_attr("disabled"):
            continue
        pairs.extend((name, value) for value in _values(control))
    return pairs


def _values(control: Tag) -> list[str]:
    if control.name == "textarea":
        text = control.get_text()
        # The HTML parser drops one newline right after <textarea>; the browser submits CRLF.
        text = text.removeprefix("\n")
        return [text.replace("\r\n", "\n").replace("\n", "\r\n")]
    if control.name == "select":
        options = control.find_all("option")
        chosen = [option for option in options if option.has_attr("selected")]
        if not chosen and not control.has_attr("multiple") and options:
            chosen = [options[0]]
        return [_option_value(option) for option in chosen]
    kind = (control.get("type") or "text").lower()
    if kind in SKIPPED_INPUTS:
        return []
    if kind in ("checkbox", "radio"):
        return [control.get("value", "on")] if control.has_attr("checked") else []
    return [control.get("value", "")]


def _option_value(option: Tag) -> str:
    value = option.get("value")
    return value if value is not None else option.get_text().strip()


def as_post_data(pairs: list[tuple[str, str]]) -> dict[str, str | list[str]]:
    """The pairs as Django's test client takes them (repeated names become lists)."""
    data: dict[str, str | list[str]] = {}
    for name, value in pairs:
        if name in data:
            previous = data[name]
            data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[name] = value
    return data


def editor_post_data(editor: Any) -> QueryDict:
    """What the browser sends back for the editor's controls, from each widget's own
    formatting of its value, without rendering HTML: the fast path for checking thousands of
    real objects (the whole page, rendered and parsed, is checked by the HTTP tests). A select
    whose value is not among its options posts its first option, as a browser does."""
    data = QueryDict(mutable=True)
    forms_ = [editor.form]
    for formset in editor.formsets.values():
        forms_.append(formset.management_form)
        forms_.extend(formset.forms)
    for form in forms_:
        for bound in form:
            for value in _widget_values(bound):
                data.appendlist(bound.html_name, value)
    return data


def _widget_values(bound: Any) -> list[str]:
    widget, value = bound.field.widget, bound.value()
    if isinstance(widget, widgets.CheckboxInput):
        return ["on"] if widget.check_test(value) else []
    if isinstance(widget, widgets.ChoiceWidget):
        choices = getattr(bound.field, "choices", None) or widget.choices
        options = [str(code) for code, _label in _flat_choices(choices)]
        formatted = widget.format_value(value)
        chosen = [formatted] if isinstance(formatted, str) else list(formatted)
        if widget.allow_multiple_selected:
            return [item for item in chosen if item in options]
        chosen = [item for item in chosen if item in options]
        return chosen[:1] or options[:1]
    text = widget.format_value(value)
    text = "" if text is None else str(text)
    if isinstance(widget, widgets.Textarea):
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return [text]


def _flat_choices(choices: Any) -> list[tuple[Any, Any]]:
    flat = []
    for code, label in choices:
        if isinstance(label, list | tuple):
            flat.extend(label)
        else:
            flat.append((code, label))
    return flat
