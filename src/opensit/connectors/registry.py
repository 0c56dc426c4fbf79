"""The connectors `opensit import` knows, by name."""

from opensit.connectors.apidae import ApidaeConnector
from opensit.connectors.base import Connector
from opensit.connectors.datatourisme import DataTourismeConnector
from opensit.connectors.jsonl import JsonLinesConnector
from opensit.connectors.lei import LeiConnector
from opensit.connectors.tourinfrance import TourinFranceConnector
from opensit.connectors.tourinsoft import TourinsoftConnector

CONNECTORS: dict[str, type[Connector]] = {
    ApidaeConnector.system: ApidaeConnector,
    DataTourismeConnector.system: DataTourismeConnector,
    JsonLinesConnector.system: JsonLinesConnector,
    TourinsoftConnector.system: TourinsoftConnector,
    LeiConnector.system: LeiConnector,
    TourinFranceConnector.system: TourinFranceConnector,
}
