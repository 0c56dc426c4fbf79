"""Shared building blocks of the canonical document."""

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict

from opensit.core.langtext import clean


def _lang_text(value: object) -> object:
    if value is None:
        return {}
    if isinstance(value, dict):
        return clean(value)
    return value


LangText = Annotated[dict[str, str], BeforeValidator(_lang_text)]
"""A text in several languages: `{"fr": "...", "en": "..."}`; empty values are dropped."""


class Part(BaseModel):
    """Every part of the document refuses unknown fields: a typo must not be dropped silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
