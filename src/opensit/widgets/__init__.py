"""Widgets that partner sites paste in: a list, map, agenda, detail or "around me" of the
catalog, as a web component, an iframe or an HTML fragment (docs/widgets.md)."""
