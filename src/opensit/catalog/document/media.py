"""Images, videos, documents and trail traces, each with its credit and licence."""

from datetime import date

from pydantic import Field

from opensit.catalog.document.base import Part
from opensit.catalog.document.values import Code, Label, LabelText, ShortText, WebUrl


class Media(Part):
    kind: str = Field(pattern=r"^(image|video|document|trace|audio|link)$")
    url: WebUrl = Field(min_length=1, description="An absolute http(s) URL")
    title: LabelText = {}
    description: ShortText = {}
    credit: Label = ""
    licence: Code = ""
    publication_end: date | None = Field(None, description="Not diffused after this date")
    mime_type: Code = ""
    main: bool = False
    width: int | None = None
    height: int | None = None
