"""The commune field of the back-office forms (the editor, a provider's proposal): people type a
name, a postal code or an INSEE code (`opensit.network.communes.resolve`); the form stores the
code and explains, next to the field, a name it cannot place."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opensit.network import communes

HELP = gettext_lazy("Its name (Limeray), its postal code or its INSEE code.")


def commune_field(**kwargs: object) -> forms.CharField:
    return forms.CharField(label=gettext_lazy("Commune"), max_length=120, help_text=HELP, **kwargs)


def resolve_into(form: forms.Form, field: str, text: str, postal_code: str = "") -> tuple[str, str]:
    """The (INSEE code, name) of the commune typed in `field`; ("", "") with the reason added
    to the field's errors when there is none or more than one."""
    try:
        return communes.resolve(text, postal_code)
    except communes.Ambiguous as exc:
        choices = ", ".join(
            f"{c.name} ({', '.join(c.postal_codes) or c.insee})" for c in exc.candidates[:8]
        )
        form.add_error(
            field,
            _("Several communes match: %(choices)s. Add the postal code.") % {"choices": choices},
        )
    except communes.Unknown:
        form.add_error(field, _("No commune is named “%(text)s”.") % {"text": text.strip()})
    return "", ""


def display(commune: dict[str, str] | None) -> str:
    """How a stored commune shows in its field: its name in the reference, else the stored
    name, else the code."""
    commune = commune or {}
    insee = commune.get("insee", "")
    return communes.names([insee]).get(insee) or commune.get("name") or insee
