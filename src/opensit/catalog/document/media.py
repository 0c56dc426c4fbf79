"""Images, videos, documents and trail traces, each with its credit and licence."""

from datetime import date

from pydantic import Field

from opensit.catalog.document.base import LangText, Part


class Media(Part):
    kind: str = Field(pattern=r"^(image|video|document|trace|audio|link)$")
    url: str = Field(min_length=1)
    title: LangText = {}
    description: LangText = {}
    credit: str = ""
    licence: str = ""
    publication_end: date | None = Field(None, description="Not diffused after this date")
    mime_type: str = ""
    main: bool = False
    width: int | None = None
    height: int | None = None
