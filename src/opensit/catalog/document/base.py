"""Shared building blocks of the canonical document."""

from pydantic import BaseModel, ConfigDict

from opensit.catalog.document.values import LongText

LangText = LongText
"""A text in several languages: `{"fr": "...", "en": "..."}`; empty values are dropped. The
parts use the kind that fits each field (`values.NameText`, `LabelText`, `ShortText`...)."""


class Part(BaseModel):
    """Every part of the document refuses unknown fields: a typo must not be dropped silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
