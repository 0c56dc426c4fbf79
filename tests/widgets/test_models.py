"""Widget settings are checked before they are saved: origins parsed to what browsers send,
colours #rrggbb, a page size of 1 to 50, fields from the list, a detail widget's object."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from opensit.widgets.keys import key_matches, widget_id_of, widget_key
from opensit.widgets.origins import origin_of_referer, parse_origin, parse_origins
from tests.widgets.conftest import make_widget

LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
HOSTS = st.lists(LABEL, min_size=1, max_size=4).map(".".join)


@given(
    scheme=st.sampled_from(["http", "https", "HTTP", "Https"]),
    host=HOSTS,
    port=st.one_of(st.none(), st.integers(1, 65535)),
    slash=st.booleans(),
)
def test_a_written_origin_becomes_what_a_browser_sends(scheme, host, port, slash):
    text = f"{scheme}://{host.upper()}" + (f":{port}" if port else "") + ("/" if slash else "")
    origin = parse_origin(text)
    default = {"http": 80, "https": 443}[scheme.lower()]
    expected = f"{scheme.lower()}://{host}" + (f":{port}" if port and port != default else "")
    assert origin == expected
    assert parse_origin(origin) == origin  # canonical: parsing again changes nothing
    assert origin_of_referer(origin + "/some/page?x=1") == origin


@given(st.text(max_size=40))
def test_any_text_is_an_origin_or_a_named_refusal(text):
    try:
        origin = parse_origin(text)
    except ValidationError as exc:
        assert exc.messages and exc.messages[0]
    else:
        assert origin.startswith(("http://", "https://"))
        assert "/" not in origin.split("://", 1)[1]


@pytest.mark.parametrize(
    "text",
    [
        "ftp://partner.example",
        "partner.example",
        "https://partner.example/page",
        "https://partner.example?x=1",
        "https://partner.example#top",
        "https://user@partner.example",
        "https://part ner.example",
        "https://-bad-.example",
        "https://partner.example:99999",
        "https://[::1]",
        "",
    ],
)
def test_what_is_not_an_origin_is_refused(text):
    with pytest.raises(ValidationError):
        parse_origin(text)


def test_origins_one_per_line_without_duplicates():
    written = "https://a.example\n\n HTTPS://A.example:443/ \nhttp://b.example:8080"
    assert parse_origins(written) == [
        "https://a.example",
        "http://b.example:8080",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"primary_colour": "red"}, "primary_colour"),
        ({"background_colour": "#12345"}, "background_colour"),
        ({"text_colour": "#12345g"}, "text_colour"),
        ({"page_size": 0}, "page_size"),
        ({"page_size": 51}, "page_size"),
        ({"fields": ["name", "phone"]}, "fields"),
        ({"allowed_origins": ["https://partner.example/path"]}, "allowed_origins"),
        ({"layout": "detail", "detail_object": ""}, "detail_object"),
        (
            {"layout": "detail", "detail_object": "00000000-0000-4000-8000-000000000000"},
            "detail_object",
        ),
        ({"layout": "around_me", "fallback_latitude": 47.0}, "fallback_longitude"),
        ({"fallback_latitude": 91, "fallback_longitude": 0}, "fallback_latitude"),
    ],
)
def test_bad_settings_are_refused_naming_the_field(catalog, fields, error):
    with pytest.raises(ValidationError) as refused:
        make_widget(catalog, **fields)
    assert error in refused.value.message_dict


@pytest.mark.django_db
def test_good_settings_are_kept_canonical(catalog):
    widget = make_widget(
        catalog,
        allowed_origins=["HTTPS://Camping.example:443/", "http://localhost:8080"],
        page_size=50,
        primary_colour="#A0b1C2",
        fields=[],
    )
    widget.refresh_from_db()
    assert widget.allowed_origins == ["https://camping.example", "http://localhost:8080"]
    assert widget.fields == ["name", "image", "short_description", "commune", "dates"]


@pytest.mark.django_db
def test_the_key_is_derived_not_stored_and_names_its_widget(widget, settings):
    key = widget_key(widget.pk, widget.key_version)
    assert widget_id_of(key) == widget.pk
    assert key_matches(key, widget.pk, widget.key_version)
    assert not key_matches(key, widget.pk, widget.key_version + 1)  # replaced: refused
    assert not key_matches(key, widget.pk + 1, widget.key_version)
    stored = str(list(type(widget).objects.filter(pk=widget.pk).values()))
    assert key.split(".")[1] not in stored
    old_secret = settings.SECRET_KEY
    settings.SECRET_KEY = "another-secret-key-for-the-rotation-test-0123456789"
    assert not key_matches(key, widget.pk, widget.key_version)
    settings.SECRET_KEY_FALLBACKS = [old_secret]
    assert key_matches(key, widget.pk, widget.key_version)  # during a rotation
