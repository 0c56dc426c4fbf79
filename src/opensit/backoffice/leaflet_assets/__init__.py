"""django-leaflet's static Leaflet, template tags and templates, without its GeoDjango admin.

Installing `leaflet` itself lets django.contrib.admin autodiscover `leaflet.admin`, which needs
the GDAL library; the back-office only needs the plain map. This app points at leaflet's own
directory (static files, templates, locale) and re-exports its template tags.
"""
