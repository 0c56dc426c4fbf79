"""The sites' models: each destination's settings, and one module per page type."""

from opensit.sites.models.audience import SiteDailyCount
from opensit.sites.models.destination import Destination
from opensit.sites.models.home import HomePage

__all__ = ["Destination", "HomePage", "SiteDailyCount"]
