"""Output formats of the open-data diffusion: plain functions over canonical documents that
stream bytes (JSON-LD DATAtourisme, GeoJSON, CSV, iCalendar, GPX, JSON Lines), and the
streaming exports and nightly dumps built on them."""
