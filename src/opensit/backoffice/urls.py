"""Back-office URLs, mounted inside the Wagtail admin (/admin/opensit/...)."""

from collections.abc import Callable

from django.urls import URLPattern, path

from opensit.backoffice.guard import refusals_as_403
from opensit.backoffice.views import (
    audit,
    creation,
    editor,
    history,
    jobs,
    members,
    network,
    objects,
    organisations,
    projects,
    proposals,
    sharing,
    sites,
    sources,
    synonyms,
    vocabularies,
    widgets,
)


def route(pattern: str, view: Callable, name: str) -> URLPattern:
    return path(pattern, refusals_as_403(view), name=name)


urlpatterns = [
    route("sites/", sites.destination_list, "opensit_destinations"),
    route("sites/<int:pk>/", sites.destination_edit, "opensit_destination_edit"),
    route("objects/", objects.object_list, "opensit_objects"),
    route("objects/bulk/", objects.bulk_action, "opensit_objects_bulk"),
    route("objects/new/", editor.object_create, "opensit_object_create"),
    route("objects/propose/", creation.propose_new, "opensit_object_propose"),
    route("objects/<str:pk>/", editor.object_edit, "opensit_object_edit"),
    route("objects/<str:pk>/status/", editor.object_status, "opensit_object_status"),
    route("objects/<str:pk>/history/", history.object_history, "opensit_object_history"),
    route("objects/<str:pk>/sharing/", sharing.object_sharing, "opensit_object_sharing"),
    route("objects/<str:pk>/restore/", history.object_restore, "opensit_object_restore"),
    route("organisation/", network.switch_organisation, "opensit_switch_organisation"),
    route("organisations/", network.organisation_list, "opensit_organisations"),
    route("organisations/new/", organisations.organisation_create, "opensit_organisation_create"),
    route("organisations/<slug:slug>/", network.organisation_detail, "opensit_organisation"),
    route(
        "organisations/<slug:slug>/edit/",
        organisations.organisation_edit,
        "opensit_organisation_edit",
    ),
    route(
        "organisations/<slug:slug>/members/<int:pk>/", members.member_role, "opensit_member_role"
    ),
    route("organisations/<slug:slug>/invite/", members.member_invite, "opensit_member_invite"),
    route(
        "organisations/<slug:slug>/invitations/<int:pk>/revoke/",
        members.invitation_revoke,
        "opensit_invitation_revoke",
    ),
    route("vocabularies/", network.vocabulary_list, "opensit_vocabularies"),
    route("vocabularies/add/", vocabularies.entry_add, "opensit_vocabulary_add"),
    route("vocabularies/requests/", vocabularies.request_list, "opensit_vocabulary_requests"),
    route("vocabularies/requests/new/", vocabularies.request_new, "opensit_vocabulary_request_new"),
    route(
        "vocabularies/requests/<int:pk>/review/",
        vocabularies.request_review,
        "opensit_vocabulary_request_review",
    ),
    route("vocabularies/<int:pk>/", vocabularies.entry_detail, "opensit_vocabulary_entry"),
    route("vocabularies/synonyms/", synonyms.synonym_list, "opensit_synonyms"),
    route("vocabularies/synonyms/add/", synonyms.synonym_add, "opensit_synonym_add"),
    route("vocabularies/synonyms/<int:pk>/", synonyms.synonym_edit, "opensit_synonym_edit"),
    route(
        "vocabularies/synonyms/<int:pk>/active/", synonyms.synonym_active, "opensit_synonym_active"
    ),
    route(
        "vocabularies/synonyms/<int:pk>/delete/", synonyms.synonym_delete, "opensit_synonym_delete"
    ),
    route("audit/", audit.audit_log, "opensit_audit"),
    route("jobs/", jobs.job_list, "opensit_jobs"),
    route("sources/", sources.source_list, "opensit_sources"),
    route("sources/new/", sources.source_new, "opensit_source_new"),
    route("sources/upload/", sources.import_upload, "opensit_import_upload"),
    route("sources/<int:pk>/", sources.source_detail, "opensit_source"),
    route("sources/<int:pk>/edit/", sources.source_edit, "opensit_source_edit"),
    route("sources/<int:pk>/run/", sources.source_run_now, "opensit_source_run_now"),
    route("sources/<int:pk>/delete/", sources.source_delete, "opensit_source_delete"),
    route(
        "sources/<int:pk>/notification-token/",
        sources.source_notification_token,
        "opensit_source_notification_token",
    ),
    route("sources/runs/<int:pk>/", sources.run_detail, "opensit_source_run"),
    route("sources/runs/<int:pk>/status/", sources.run_status, "opensit_source_run_status"),
    route("projects/", projects.project_list, "opensit_projects"),
    route("projects/new/", projects.project_new, "opensit_project_new"),
    route("projects/<int:pk>/", projects.project_detail, "opensit_project"),
    route("projects/<int:pk>/action/", projects.project_action, "opensit_project_action"),
    route("projects/<int:pk>/decide/", projects.project_decide, "opensit_project_decide"),
    route(
        "projects/requests/<int:pk>/decide/",
        projects.access_request_decide,
        "opensit_access_request_decide",
    ),
    route("widgets/", widgets.widget_list, "opensit_widgets"),
    route("widgets/new/", widgets.widget_new, "opensit_widget_new"),
    route("widgets/<int:pk>/", widgets.widget_edit, "opensit_widget"),
    route("widgets/<int:pk>/key/", widgets.widget_key, "opensit_widget_key"),
    route("proposals/", proposals.proposal_list, "opensit_proposals"),
    route("proposals/<int:pk>/", proposals.proposal_review, "opensit_proposal"),
    route("proposals/<int:pk>/decide/", proposals.proposal_decide, "opensit_proposal_decide"),
]
