"""The quality screens of the back-office: dashboards, freshness, per-object quality,
duplicates and merge. Thin: scopes and rights are in `opensit.quality.services`."""
