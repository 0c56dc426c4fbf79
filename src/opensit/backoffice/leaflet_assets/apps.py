from pathlib import Path

import leaflet
from django.apps import AppConfig


class LeafletAssetsConfig(AppConfig):
    name = "opensit.backoffice.leaflet_assets"
    label = "leaflet_assets"
    verbose_name = "Leaflet"
    path = str(Path(leaflet.__file__).resolve().parent)
