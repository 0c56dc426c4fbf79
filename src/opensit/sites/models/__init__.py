"""The sites' models: each destination's settings, and one module per page type."""

from opensit.sites.models.article import ArticlePage
from opensit.sites.models.audience import SiteDailyCount
from opensit.sites.models.contact import ContactFormField, ContactPage
from opensit.sites.models.destination import Destination
from opensit.sites.models.home import HomePage
from opensit.sites.models.itinerary import ItineraryPage
from opensit.sites.models.map_page import MapPage

# isort: split
# The catalog pages' services import `Destination` from here: they come after it.
from opensit.sites.models.agenda import AgendaPage
from opensit.sites.models.listing import ListingPage
from opensit.sites.models.search import SearchPage

__all__ = [
    "AgendaPage",
    "ArticlePage",
    "ContactFormField",
    "ContactPage",
    "Destination",
    "HomePage",
    "ItineraryPage",
    "ListingPage",
    "MapPage",
    "SearchPage",
    "SiteDailyCount",
]
