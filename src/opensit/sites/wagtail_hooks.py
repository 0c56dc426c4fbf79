"""The sites' Wagtail hooks: editorial pages are served through the page cache."""

from wagtail import hooks

from opensit.sites.cache import cached_page_serve


@hooks.register("on_serve_page")
def serve_from_the_cache(next_serve):
    return cached_page_serve(next_serve)
