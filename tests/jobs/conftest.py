from tests.backoffice.governance import network  # noqa: F401  (the governance screens' people)
