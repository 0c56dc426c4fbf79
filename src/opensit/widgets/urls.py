"""Public widget URLs (/widgets/...): the script, and per widget its data, frame, fragment,
stylesheet and click beacon."""

from django.urls import path

from opensit.widgets import views

urlpatterns = [
    path("v1/widget.js", views.script, name="widget_script"),
    path("<int:pk>/data", views.data, name="widget_data"),
    path("<int:pk>/frame", views.frame, name="widget_frame"),
    path("<int:pk>/fragment", views.fragment, name="widget_fragment"),
    path("<int:pk>/style.css", views.stylesheet, name="widget_stylesheet"),
    path("<int:pk>/click", views.click, name="widget_click"),
]
