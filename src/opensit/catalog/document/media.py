"""Images, videos, documents and trail traces, each with its credit and licence.

A medium's licence is a code of `core.licences`; a source's own spelling ("CC BY 2.5", a
licence URL, "Tous droits réservés", a yes/no rights flag) is recognised at the door, and the
statement as the source wrote it kept in `rights`. Where the licence came from is kept in
`licence_origin`: given by the source, or set by the source's media policy at import.
"""

from datetime import date
from typing import Any

from pydantic import Field, model_validator

from opensit.catalog.document.base import Part
from opensit.catalog.document.values import Code, Label, LabelText, ShortText, WebUrl
from opensit.core.licences import LICENCES, recognise


class Media(Part):
    kind: str = Field(pattern=r"^(image|video|document|trace|audio|link)$")
    url: WebUrl = Field(min_length=1, description="An absolute http(s) URL")
    title: LabelText = {}
    description: ShortText = {}
    credit: Label = ""
    licence: Code = Field("", description="A licence code (core.licences); empty: none given")
    licence_origin: str = Field(
        "",
        pattern=r"^(|source|policy)$",
        description="Where the licence came from: the source, or the source's media policy",
    )
    rights: Label = Field("", description="The rights statement as the source wrote it")
    publication_end: date | None = Field(None, description="Not diffused after this date")
    mime_type: Code = ""
    main: bool = False
    width: int | None = None
    height: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _recognised_licence(cls, data: Any) -> Any:
        """A licence as a source spells it becomes its code; what names no known licence is
        kept as the rights statement and the licence left empty (an import then warns and
        applies the source's policy: `connectors.media_policy`)."""
        if not isinstance(data, dict):
            return data
        given = data.get("licence")
        if not given or not isinstance(given, str) or given in LICENCES:
            return data
        data = dict(data)
        code = recognise(given)
        if not data.get("rights"):
            data["rights"] = given.strip()[:1000]
        data["licence"] = code or ""
        return data
