"""OpenSIT: the open-source territorial tourism information system."""

__version__ = "0.1.0"
