"""The API documentation stands alone and its examples work: every curl line shown on the docs
page and in the OpenAPI document runs against a server loaded with the demo (`opensit demo`,
once for the module, and a nightly export for the dump example) and answers the status and
media type it announces. The lines are read from the page and the document themselves, so a
wrong example fails here."""

import html
import re
import shlex
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from opensit.diffusion.keys import DEMO_API_KEY
from opensit.diffusion.webhooks import sign

BASE = "http://testserver/api/v1"
EXAMPLE = re.compile(r'<pre class="example"[^>]*><code>(.*?)</code></pre>', re.S)
FENCED = re.compile(r"```sh\n(.*?)\n```", re.S)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    dumps = tmp_path_factory.mktemp("dumps")
    with django_db_blocker.unblock(), override_settings(OPENSIT_DUMP_DIR=dumps):
        call_command("demo", "--today", "2026-12-03", stdout=StringIO())
        call_command("export", "nightly", "--output-dir", str(dumps), stderr=StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def client(demo, db) -> Client:
    return Client()


def examples_of(text: str) -> list[tuple[str, str]]:
    """(curl line, announced answer) of each example block."""
    found = []
    for block in text:
        lines = block.strip().splitlines()
        assert len(lines) == 2 and lines[0].startswith("curl ") and lines[1].startswith("# → ")
        found.append((lines[0], lines[1].removeprefix("# → ")))
    return found


def page_examples(client: Client, lang: str = "en") -> list[tuple[str, str]]:
    page = client.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE=lang)
    assert page.status_code == 200
    return examples_of([html.unescape(b) for b in EXAMPLE.findall(page.content.decode())])


def openapi_examples(client: Client) -> list[tuple[str, str]]:
    schema = client.get("/api/v1/openapi.json").json()
    texts = [schema["info"]["description"]]
    texts += [
        operation.get("description", "")
        for methods in schema["paths"].values()
        for operation in methods.values()
    ]
    return examples_of([b for text in texts for b in FENCED.findall(text)])


def run(client: Client, line: str):
    """The curl line, through the test client: -I (HEAD), -X METHOD, -H headers, the URL."""
    words = shlex.split(line)
    assert words[0] == "curl"
    method, headers, url = "GET", {}, words[-1]
    rest = iter(words[1:-1])
    for word in rest:
        if word == "-I":
            method = "HEAD"
        elif word == "-X":
            method = next(rest)
        elif word == "-H":
            name, _sep, value = next(rest).partition(": ")
            headers[name] = value
        else:
            raise AssertionError(f"unexpected curl option {word!r} in {line}")
    assert url.startswith(BASE + "/"), url
    return client.generic(method, url.removeprefix("http://testserver"), headers=headers)


def check(client: Client, examples: list[tuple[str, str]]) -> None:
    for line, answer in examples:
        status, _sep, media_type = answer.partition(" ")
        response = run(client, line)
        assert response.status_code == int(status), (line, response.content[:300])
        if media_type:
            assert response["Content-Type"].split(";")[0] == media_type, line


def test_every_example_of_the_page_answers_as_announced(client):
    examples = page_examples(client)
    assert len(examples) >= 30
    lines = "\n".join(line for line, _answer in examples)
    assert DEMO_API_KEY in lines and "VOTRE_CLE" not in lines
    for needed in ("/objects/", "/dumps/", "/changes", "format=gpx", "-I ", "If-None-Match"):
        assert needed in lines, needed
    statuses = {answer.split()[0] for _line, answer in examples}
    assert {"200", "304", "400", "401", "404", "405"} <= statuses
    check(client, examples)


def test_every_example_of_the_openapi_document_answers_as_announced(client):
    examples = openapi_examples(client)
    assert set(examples) >= set(page_examples(client))  # the guide is in info.description
    check(client, [e for e in set(examples) if e not in page_examples(client)])


def test_the_page_speaks_french_first_and_english(client):
    french = client.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    english = client.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="fr">' in french and "Obtenir une clé" in french
    assert '<html lang="en">' in english and "Getting a key" in english
    assert page_examples(client, "fr") == page_examples(client, "en")


def test_the_page_needs_nothing_from_elsewhere(client):
    response = client.get("/api/v1/docs")
    page = response.content.decode()
    assert "<script" not in page and " style=" not in page
    assert not re.search(r'(src|href)="https?://(?!testserver)', page)
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert 'href="/static/diffusion/api_docs.css"' in page
    assert "docs/" not in page.replace("/api/v1/docs", "")


def test_the_webhook_verification_shown_accepts_a_real_signature(client):
    page = html.unescape(client.get("/api/v1/docs").content.decode())
    snippet = r'<pre class="sample"><code>(import hashlib.*?)</code></pre>'
    (code,) = re.findall(snippet, page, re.S)
    namespace: dict = {}
    exec(code, namespace)  # the snippet as an integrator copies it
    body = b'{"changes": []}'
    header = sign("s3cret", body, int(time.time()))
    assert namespace["verify"]("s3cret", body, header)
    assert not namespace["verify"]("other", body, header)
    assert not namespace["verify"]("s3cret", body + b" ", header)
