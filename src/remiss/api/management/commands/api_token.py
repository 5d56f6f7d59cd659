from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from remiss.api.models import SYSTEM_ROLES, ApiToken
from remiss.api.services import TokenError, api_token_create, api_token_revoke


class Command(BaseCommand):
    help = (
        "Create, revoke or list tokens for the REST API. A token acts as its officer, or "
        "for a system without a user with the role given. The token is printed once and "
        "only its SHA-256 is kept."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser("create", help="Create a token and print it once.")
        create.add_argument("--name", required=True, help="A name for the token, unique.")
        create.add_argument("--user", metavar="USERNAME", help="The officer the token acts as.")
        create.add_argument(
            "--role",
            choices=[str(role) for role in SYSTEM_ROLES],
            help="For a system token without a user: what it may do.",
        )
        revoke = actions.add_parser("revoke", help="Revoke a token by its name.")
        revoke.add_argument("name", metavar="NAME", help="The token's name.")
        actions.add_parser("list", help="List the tokens (never their values).")

    def handle(self, *args, action, **options):
        try:
            if action == "create":
                self._create(options["name"], options.get("user"), options.get("role") or "")
            elif action == "revoke":
                token = api_token_revoke(actor=None, name=options["name"])
                self.stdout.write(_("Revoked the token %(name)s.") % {"name": token.name})
            else:
                self._list()
        except TokenError as error:
            raise CommandError(str(error)) from error

    def _create(self, name: str, username: str | None, role: str) -> None:
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(_("There is no user %(user)s.") % {"user": username})
        issued = api_token_create(actor=None, name=name, user=user, role=role)
        self.stderr.write(
            _("Token %(name)s for %(owner)s. It is shown only now; keep it secret:")
            % {"name": issued.token.name, "owner": issued.token.owner_label}
        )
        self.stdout.write(issued.secret)

    def _list(self) -> None:
        for token in ApiToken.objects.select_related("user"):
            if token.revoked_at:
                state = _("revoked %(at)s") % {"at": f"{token.revoked_at:%Y-%m-%d %H:%M}"}
            elif token.last_used_at:
                state = _("last used %(at)s") % {"at": f"{token.last_used_at:%Y-%m-%d %H:%M}"}
            else:
                state = _("never used")
            self.stdout.write(
                f"{token.name}\t{token.owner_label}\t{token.created_at:%Y-%m-%d}\t{state}"
            )
