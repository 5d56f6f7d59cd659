"""The ``remiss`` command: Django's management commands with Remiss's settings.

``remiss demo`` runs the product with the demo case; ``remiss help`` lists every command.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remiss.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "remiss"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
