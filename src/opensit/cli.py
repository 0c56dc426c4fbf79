"""The `opensit` console script: Django's management commands with the project settings preset."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opensit.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["opensit", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
