"""The Apidae connector: API v002 search responses and exports -> the canonical document."""

from opensit.connectors.apidae.connector import ApidaeConnector

__all__ = ["ApidaeConnector"]
