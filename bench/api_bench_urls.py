"""The benchmark server's URLs: the project's, plus `/bench/ceiling` (`api_bench_ceiling`)."""

from api_bench_ceiling import ceiling
from django.urls import path

from opensit.diffusion.http import public_view
from opensit.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("bench/ceiling", public_view(ceiling))]
