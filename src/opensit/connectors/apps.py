from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectorsConfig(AppConfig):
    name = "opensit.connectors"
    label = "connectors"
    verbose_name = _("Connectors")

    def ready(self) -> None:
        from opensit.catalog import ownership
        from opensit.connectors.sources import field_policy_of

        if field_policy_of not in ownership.SOURCE_POLICIES:
            ownership.SOURCE_POLICIES.append(field_policy_of)
