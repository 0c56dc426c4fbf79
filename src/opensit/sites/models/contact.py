"""The contact page: a form whose fields the editor chooses, sent by email to the page's
address (`to_address`), each submission also kept (Wagtail's forms, listed in the admin).

What a visitor writes is only ever text: the email is plain text, the pages escape it, and
nothing of it is marked safe. Its email address, when the form asks for one, is the email's
Reply-To, so the office answers the visitor directly."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.mail import send_mail
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail_localize.fields import SynchronizedField

RICH_TEXT = ["bold", "italic", "link", "ol", "ul"]


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(AbstractEmailForm):
    intro = RichTextField(_("introduction"), features=RICH_TEXT, blank=True)
    thank_you_text = RichTextField(
        _("thank-you text"),
        features=RICH_TEXT,
        blank=True,
        help_text=_("Shown once the message is sent."),
    )

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Email"),
        ),
    ]
    # the same mailbox whatever the language: addresses are not texts to translate
    override_translatable_fields = [
        SynchronizedField("to_address"),
        SynchronizedField("from_address"),
    ]
    parent_page_types = ["sites.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("contact page")

    def visitor_address(self, form) -> str | None:
        """The address the visitor gave in the form's first email field, if any."""
        for field in self.get_form_fields():
            if field.field_type == "email":
                value = form.cleaned_data.get(field.clean_name)
                if value:
                    return value
        return None

    def send_mail(self, form) -> None:
        addresses = [address.strip() for address in self.to_address.split(",")]
        reply_to = self.visitor_address(form)
        send_mail(
            self.subject or self.title,
            self.render_email(form),
            addresses,
            self.from_address,
            reply_to=[reply_to] if reply_to else None,
        )
