import pytest

from remiss.api.services import api_token_create


@pytest.fixture
def token_for(db):
    """A bearer header for a new token of a user or, with ``role``, of a system."""

    def make(user=None, *, role: str = "", name: str | None = None) -> dict[str, str]:
        label = name or (f"token {user.username}" if user is not None else f"system {role}")
        issued = api_token_create(actor=None, name=label, user=user, role=role)
        return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}

    return make
