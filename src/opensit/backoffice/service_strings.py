"""Messages of the governance services (network.services, catalog.creation,
catalog.vocabulary_governance) that the back-office screens show: listed here so that
`makemessages` keeps them in the back-office catalogue, where their French lives."""

from django.utils.translation import gettext_noop

STRINGS = (
    gettext_noop(
        "%(inviter)s invites you to join %(org)s on OpenSIT as %(role)s.\n"
        "Your invitation code: %(token)s\nIt expires on %(date)s."
    ),
    gettext_noop("%(user)s is the last administrator of %(org)s; appoint another one first."),
    gettext_noop("A creation proposes a new object: approving it publishes the object"),
    gettext_noop("Accept the invitation here: %(url)s"),
    gettext_noop("Commune: a new establishment needs its commune (INSEE code)."),
    gettext_noop("Commune: no tourist office covers the commune %(insee)s."),
    gettext_noop("Creation"),
    gettext_noop("Email: “%(email)s” is not a valid address."),
    gettext_noop("Modification"),
    gettext_noop("Only the organisation's own admins may appoint admins."),
    gettext_noop("Proposal %(pk)s is not a creation."),
    gettext_noop("The password needs at least %(n)s characters."),
    gettext_noop("Vocabulary: %(old)s replaced by %(new)s"),
    gettext_noop("You may not propose new objects."),
    # network.services: organisations, edited by network admins
    gettext_noop("%(field)s may not be changed here."),
    gettext_noop("A name is required."),
    gettext_noop("An organisation cannot be its own parent or ancestor."),
    gettext_noop("Only network administrators create organisations."),
    gettext_noop("Only network administrators edit organisations."),
    gettext_noop("The name is too long."),
    gettext_noop("The slug %(slug)s is taken."),
    gettext_noop("The slug is too long."),
    gettext_noop("The slug may only hold letters, digits, - and _."),
    gettext_noop("Unknown INSEE code: %(codes)s"),
    gettext_noop("Unknown kind: %(kind)s"),
    gettext_noop("“%(email)s” is not a valid address."),
    gettext_noop("“%(url)s” is not a valid address."),
)
