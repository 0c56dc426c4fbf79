"""A network admin, in a real browser and in French, configures an Apidae source pointing at a
local server that answers like Apidae with the real sample, runs it, follows the run page
until its report shows (the page polls with a static script: the CSP allows no inline one),
then finds the source's runs, and deletes the source. Screenshots:
test-artifacts/screenshots/7x-sources-*."""

import orjson
import pytest

from opensit.catalog.models import TourismObject
from opensit.connectors.models import Source, SourceRun
from opensit.jobs.api import run_pending
from opensit.network.models import Membership
from tests.browser import login, shoot
from tests.connectors.sourceserver import API_KEY, PROJECT_ID, SourceServer

PASSWORD = "correct horse battery staple"
MULTILANG = "apidae/sitra-api-v002-multilang-2014.json"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _runs_dir(settings, tmp_path):
    settings.OPENSIT_SOURCE_RUNS_DIR = tmp_path / "source-runs"
    settings.OPENSIT_SOURCES_ALLOW_PRIVATE = True  # the test servers are local
    settings.OPENSIT_APIDAE_PAGE_SIZE = 20


@pytest.fixture
def server(shared_data):
    with SourceServer() as running:
        data = orjson.loads((shared_data / MULTILANG).read_bytes())
        running.state.apidae_objects = data["objetsTouristiques"]
        yield running


@pytest.fixture
def network(org_factory, django_user_model):
    board = org_factory("crt-paca", kind="regional_board", is_network_admin=True)
    admin = django_user_model.objects.create_user("animatrice", "a@crt.example", PASSWORD)
    Membership.objects.create(user=admin, organisation=board, role="admin")
    return {"office": org_factory("ot-valgaudemar")}


def test_configure_a_source_run_it_and_read_the_report(page, live_server, server, network):
    login(page, live_server, "animatrice", PASSWORD)
    page.click("text=Sources et imports")
    page.click("[data-testid=new-source]")
    page.fill("#id_name", "Apidae Hautes-Alpes")
    page.select_option("#id_kind", "apidae")
    page.select_option("#id_owner", str(network["office"].pk))
    page.fill("#id_url", server.url)
    page.fill("#id_project_id", PROJECT_ID)
    page.fill("#id_api_key", API_KEY)
    page.select_option("#id_schedule", "daily")
    page.fill("#id_daily_at", "03:30")
    page.fill("#id_timeout", "10")
    shoot(page, "70-sources-new")
    page.click("[data-testid=source-form] button[type=submit]")
    page.wait_for_selector("[data-testid=source-settings]")
    assert "…6789" in page.inner_text("[data-testid=masked-key]")
    assert API_KEY not in page.content()
    assert Source.objects.get().next_run_at is not None

    page.click("[data-testid=run-now]")
    page.wait_for_selector("[data-testid=run-status]")
    # The run is a queued job: a worker runs it (here the test's thread, as `opensit worker`
    # would); the page polls, then reloads with the report.
    assert run_pending() == 1
    page.wait_for_selector("[data-run-status=success]", timeout=120_000)
    created = page.inner_text("[data-testid=run-report] [data-count=created]")
    assert created == "100"
    assert page.inner_text("[data-testid=run-failures]").strip().endswith("Aucun échec.")
    shoot(page, "71-sources-run-report")
    run = SourceRun.objects.get()
    assert run.import_run.created == 100 and run.fetched_bytes > 0
    assert TourismObject.objects.filter(owner=network["office"]).count() == 100
    assert server.state.hits["/api/v002/recherche/list-objets-touristiques"] == 5

    page.click("[data-testid=run-status] a")
    page.wait_for_selector(f"[data-testid=source-runs] tr[data-run='{run.pk}']")
    shoot(page, "72-sources-detail")

    # Deleting it: the confirmation says what stays (its 100 objects, its run), then it is gone.
    page.click("[data-testid=delete-source]")
    page.wait_for_selector("[data-testid=source-delete]")
    assert "100" in page.inner_text("[data-testid=delete-objects]")
    shoot(page, "73-sources-delete")
    page.click("[data-testid=confirm-delete]")
    page.wait_for_selector("[data-testid=new-source]")
    shoot(page, "74-sources-deleted")
    assert not Source.objects.exists() and SourceRun.objects.count() == 1
    assert TourismObject.objects.filter(owner=network["office"]).count() == 100
    assert page.violations == [] and page.errors == []  # type: ignore[attr-defined]
