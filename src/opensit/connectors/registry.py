"""The connectors `opensit import` knows, by name."""

from opensit.connectors.base import Connector
from opensit.connectors.jsonl import JsonLinesConnector

CONNECTORS: dict[str, type[Connector]] = {
    JsonLinesConnector.system: JsonLinesConnector,
}
