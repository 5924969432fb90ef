from __future__ import annotations

import base64
import stat
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from stead.apiserver.auth import (
    TokenAuthenticator,
    TokenFileError,
    UserInfo,
    unauthorized_status,
)

TOKEN = "s3cr3t-Token_value"


@pytest.fixture
def authn(tmp_path: Path) -> TokenAuthenticator:
    path = tmp_path / "token"
    path.write_text(TOKEN + "\n")
    return TokenAuthenticator.load_or_create(path)


def _auth(value: bytes) -> list[tuple[bytes, bytes]]:
    return [(b"accept", b"application/json"), (b"authorization", value)]


def test_a_new_token_is_256_random_bits_stored_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "token"
    authn = TokenAuthenticator.load_or_create(path)

    assert len(base64.urlsafe_b64decode(authn.token + "=")) == 32
    assert path.read_text() == authn.token + "\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert TokenAuthenticator.load_or_create(tmp_path / "other").token != authn.token


def test_the_token_is_reused_on_restart(tmp_path: Path) -> None:
    first = TokenAuthenticator.load_or_create(tmp_path / "token")
    again = TokenAuthenticator.load_or_create(tmp_path / "token")
    assert again == first


def test_the_token_does_not_show_in_repr(authn: TokenAuthenticator) -> None:
    assert TOKEN not in repr(authn)


@pytest.mark.parametrize("content", [b"", b"\n  \n", b"two words\n", b"\xff\xfe", b"tab\there"])
def test_a_token_file_without_a_token_is_an_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "token"
    path.write_bytes(content)
    with pytest.raises(TokenFileError, match=str(path)):
        TokenAuthenticator.load_or_create(path)


def test_the_admin_user(authn: TokenAuthenticator) -> None:
    user = authn.authenticate(_auth(f"Bearer {TOKEN}".encode()))

    assert user is not None
    info = user.to_dict()
    assert info["username"] == "stead-admin"
    assert info["groups"] == ["system:masters", "system:authenticated"]
    assert info["uid"]
    assert TOKEN not in info["uid"]


def test_the_uid_is_stable_for_a_token(tmp_path: Path, authn: TokenAuthenticator) -> None:
    other = TokenAuthenticator.load_or_create(tmp_path / "other")
    assert TokenAuthenticator(token=TOKEN, user=authn.user) == authn
    assert other.user.uid != authn.user.uid
    assert isinstance(authn.user, UserInfo)


@pytest.mark.parametrize(
    "value",
    [
        f"Bearer {TOKEN}",
        f"bearer {TOKEN}",
        f"BEARER {TOKEN}",
        f"  Bearer {TOKEN}  ",
        f"Bearer {TOKEN} trailing-words",
    ],
)
def test_accepted_headers(authn: TokenAuthenticator, value: str) -> None:
    assert authn.authenticate(_auth(value.encode())) == authn.user


def test_header_names_match_case_insensitively(authn: TokenAuthenticator) -> None:
    assert authn.authenticate([(b"Authorization", f"Bearer {TOKEN}".encode())]) == authn.user


@pytest.mark.parametrize(
    "value",
    [
        "",
        "Bearer",
        "Bearer ",
        f"Bearer  {TOKEN}",
        f"Basic {TOKEN}",
        f"Token {TOKEN}",
        TOKEN,
        f"Bearer {TOKEN[:-1]}",
        f"Bearer {TOKEN}x",
        f"Bearer {TOKEN.upper()}",
        f"Bearer\t{TOKEN}",
    ],
)
def test_refused_headers(authn: TokenAuthenticator, value: str) -> None:
    assert authn.authenticate(_auth(value.encode())) is None


def test_no_authorization_header_is_anonymous(authn: TokenAuthenticator) -> None:
    assert authn.authenticate([]) is None
    assert authn.authenticate([(b"x-authorization", f"Bearer {TOKEN}".encode())]) is None


def test_only_the_first_authorization_header_counts(authn: TokenAuthenticator) -> None:
    good = (b"authorization", f"Bearer {TOKEN}".encode())
    bad = (b"authorization", b"Bearer nope")
    assert authn.authenticate([bad, good]) is None
    assert authn.authenticate([good, bad]) == authn.user


@given(st.binary(max_size=80))
def test_values_without_the_token_never_authenticate(value: bytes) -> None:
    authn = TokenAuthenticator(token=TOKEN, user=UserInfo(username="u", uid="1", groups=()))
    assume(TOKEN.encode() not in value)
    assert authn.authenticate(_auth(value)) is None


@given(st.lists(st.booleans(), min_size=6, max_size=6), st.text(max_size=20))
def test_any_spelling_of_the_scheme_authenticates(upper: list[bool], suffix: str) -> None:
    authn = TokenAuthenticator(token=TOKEN, user=UserInfo(username="u", uid="1", groups=()))
    scheme = "".join(c.upper() if up else c for c, up in zip("bearer", upper, strict=True))
    value = f"{scheme} {TOKEN} {suffix}".encode()
    assert authn.authenticate(_auth(value)) == authn.user


def test_unauthorized_status_matches_upstream() -> None:
    assert unauthorized_status() == {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": "Unauthorized",
        "reason": "Unauthorized",
        "code": 401,
    }
