"""Editorial pages: an article renders each of its blocks (text, a library photo with its
caption and credit, a list and a map of a selection, a quotation); the contact form sends one
plain-text email with the fields, keeps the submission and refuses a post without CSRF token."""

import re

import pytest
from django.core import mail
from django.test import Client
from wagtail.contrib.forms.models import FormSubmission

from opensit.diffusion import services
from opensit.media.models import LibraryImage
from opensit.sites.models import ArticlePage, ContactFormField, ContactPage
from tests.factories import create_rich, load_vocabulary, member, rich_document
from tests.media.conftest import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def castles(office):
    load_vocabulary()
    found = [
        create_rich(office, rich_document("castle", name, point=(47.3 + n / 100, 0.7)))
        for n, name in enumerate(["Château de Villandry", "Château d'Azay"])
    ]
    ids = [c.id for c in found]
    services.create_selection(member(office, "admin"), "chateaux", "Châteaux", object_ids=ids)
    return found


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_an_article_renders_its_blocks(destination, site_client, castles):
    photo = LibraryImage.objects.create(
        title="Les jardins", credit="Léa Martin", file=png("jardins.png", (120, 80))
    )
    article = ArticlePage(
        title="Trois jours en Touraine",
        slug="trois-jours",
        lead="Jardins, châteaux et vins.",
        body=[
            ("paragraph", "<p>Commencez par les <b>jardins</b>.</p>"),
            ("image", {"image": photo, "alt": "", "caption": "Les potagers"}),
            ("objects", {"title": "Nos châteaux", "selection": "chateaux", "count": 6}),
            ("map", {"title": "Sur la carte", "selection": "chateaux"}),
            ("quote", {"text": "Le plus beau <jardin> du monde.", "source": "Un visiteur"}),
        ],
    )
    publish(destination.site.root_page, article)
    response = site_client.get("/trois-jours/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Trois jours en Touraine</h1>" in html
    assert "Commencez par les <b>jardins</b>." in html
    assert re.search(r'<img alt="Les jardins"[^>]+src="[^"]*jardins', html)  # alt: its title
    assert "Les potagers — © Léa Martin" in html
    assert "<h2>Nos châteaux</h2>" in html and "Château de Villandry" in html
    assert 'data-geojson="/geojson/selection/chateaux/"' in html
    assert "<summary>Les lieux de cette carte, en liste</summary>" in html  # no-JS fallback
    assert "Le plus beau &lt;jardin&gt; du monde." in html  # text, never HTML
    assert "<cite>Un visiteur</cite>" in html
    assert "sites/map.js" in html


def test_an_article_without_map_loads_no_map_script(destination, site_client):
    publish(
        destination.site.root_page,
        ArticlePage(title="Brève", slug="breve", body=[("paragraph", "<p>Court.</p>")]),
    )
    html = site_client.get("/breve/").content.decode()
    assert "Court." in html and "sites/map.js" not in html


@pytest.fixture
def contact(destination):
    page = ContactPage(
        title="Nous écrire",
        slug="contact",
        to_address="accueil@ot-tours.fr",
        from_address="site@ot-tours.fr",
        subject="Message du site",
    )
    page.form_fields = [
        ContactFormField(label="Votre nom", field_type="singleline", required=True),
        ContactFormField(label="Votre courriel", field_type="email", required=True),
        ContactFormField(label="Message", field_type="multiline", required=True),
    ]
    return publish(destination.site.root_page, page)


def test_the_contact_form_sends_one_email(contact, destination):
    client = Client(HTTP_HOST=destination.site.hostname, enforce_csrf_checks=True)
    form = client.get("/contact/")
    assert form.status_code == 200
    html = form.content.decode()
    assert '<label for="id_votre_nom">Votre nom' in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = {
        "votre_nom": "Jeanne <b>Dupont</b>",
        "votre_courriel": "jeanne@exemple.fr",
        "message": "Avez-vous des chambres <script>x()</script> en mai ?",
    }
    refused = client.post("/contact/", data)
    assert refused.status_code == 403  # no CSRF token
    assert not mail.outbox
    response = client.post("/contact/", {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Merci : votre message a été envoyé." in page
    assert "<script>x()" not in page and "Dupont" not in page  # nothing of the visitor echoed
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["accueil@ot-tours.fr"] and sent.from_email == "site@ot-tours.fr"
    assert sent.subject == "Message du site"
    assert sent.reply_to == ["jeanne@exemple.fr"]
    assert "Votre nom: Jeanne <b>Dupont</b>" in sent.body  # plain text, as written
    assert "Message: Avez-vous des chambres <script>x()</script> en mai ?" in sent.body
    assert not sent.alternatives  # no HTML part
    stored = FormSubmission.objects.get(page=contact)
    assert stored.form_data["votre_courriel"] == "jeanne@exemple.fr"


def test_an_invalid_contact_form_says_which_field(contact, site_client):
    response = site_client.post("/contact/", {"votre_nom": "Jeanne", "votre_courriel": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="field-error" id="id_votre_courriel-error" role="alert"' in html
    assert 'aria-invalid="true"' in html
    assert not mail.outbox and not FormSubmission.objects.exists()


def test_the_new_pages_go_under_a_home_page(destination):
    from wagtail.models import Page
    from wagtail_localize.fields import SynchronizedField, get_translatable_fields

    from opensit.sites.models import ItineraryPage, MapPage

    home = destination.site.root_page.specific
    for model in (ArticlePage, ContactPage, ItineraryPage, MapPage):
        assert model.can_create_at(home), model.__name__
        assert not model.can_create_at(Page.get_first_root_node()), model.__name__

    def synchronised(model) -> set[str]:
        return {
            f.field_name for f in get_translatable_fields(model) if isinstance(f, SynchronizedField)
        }

    assert "object_id" in synchronised(ItineraryPage)
    assert {"to_address", "from_address"} <= synchronised(ContactPage)


def test_the_admin_offers_their_forms(destination, django_user_model, client):
    """The editing forms of the new page types render (panels, choosers, inline fields)."""
    admin = django_user_model.objects.create_superuser("chef", "chef@exemple.fr", "x")
    client.force_login(admin)
    home = destination.site.root_page
    for model in ("articlepage", "contactpage", "itinerarypage", "mappage"):
        response = client.get(f"/admin/pages/add/sites/{model}/{home.pk}/")
        assert response.status_code == 200, model
    response = client.get(f"/admin/pages/add/sites/itinerarypage/{home.pk}/")
    assert 'name="object_id"' in response.content.decode()
