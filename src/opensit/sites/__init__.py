"""Destination websites on Wagtail: one Wagtail site per destination, editorial pages, and the
catalog's objects served as detail pages from their public form (docs/sites.md)."""
