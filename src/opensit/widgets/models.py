"""Widgets: built in the widgets work of issue 16 (docs/widgets.md)."""
