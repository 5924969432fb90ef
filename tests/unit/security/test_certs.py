from __future__ import annotations

import datetime
import ipaddress
import re
import ssl
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID

from stead.apiserver.certs import (
    CA_VALIDITY,
    RENEW_BEFORE,
    SERVING_VALIDITY,
    PkiError,
    PkiFiles,
    ensure_pki,
    write_file_atomically,
)

NOW = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)


def _cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def _sans(path: Path) -> tuple[set[str], set[str]]:
    names = _cert(path).extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    ips = {str(ip) for ip in names.get_values_for_type(x509.IPAddress)}
    return ips, set(names.get_values_for_type(x509.DNSName))


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _snapshot(files: PkiFiles) -> tuple[bytes, bytes, bytes]:
    return (
        files.ca_cert.read_bytes(),
        files.server_cert.read_bytes(),
        files.server_key.read_bytes(),
    )


def test_first_call_makes_a_ca_and_a_serving_cert_for_every_host(tmp_path: Path) -> None:
    files = ensure_pki(tmp_path / "pki", hosts=["10.1.2.3", "Node-A.example", "fd00::5"], now=NOW)

    assert _sans(files.server_cert) == (
        {"127.0.0.1", "::1", "10.1.2.3", "fd00::5"},
        {"localhost", "node-a.example"},
    )
    ca, server = _cert(files.ca_cert), _cert(files.server_cert)
    server.verify_directly_issued_by(ca)
    assert isinstance(ca.public_key(), ec.EllipticCurvePublicKey)
    assert ca.not_valid_after_utc - ca.not_valid_before_utc > CA_VALIDITY
    assert server.not_valid_after_utc == NOW + SERVING_VALIDITY


def test_extensions_mark_one_ca_and_one_server_cert(tmp_path: Path) -> None:
    files = ensure_pki(tmp_path, hosts=[], now=NOW)
    ca, server = _cert(files.ca_cert), _cert(files.server_cert)

    ca_constraints = ca.extensions.get_extension_for_class(x509.BasicConstraints)
    assert ca_constraints.critical
    assert ca_constraints.value.ca
    assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    assert not server.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    usage = server.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical
    assert usage.value.digital_signature
    assert not usage.value.key_cert_sign
    eku = server.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.SERVER_AUTH]


def test_python_ssl_loads_the_pair_and_trusts_the_ca(tmp_path: Path) -> None:
    files = ensure_pki(tmp_path, hosts=[])
    ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(files.server_cert, files.server_key)
    ssl.create_default_context(cafile=str(files.ca_cert))


def test_keys_are_owner_only_and_certs_world_readable(tmp_path: Path) -> None:
    files = ensure_pki(tmp_path / "pki", hosts=[], now=NOW)

    assert _mode(tmp_path / "pki") == 0o700
    assert _mode(files.server_key) == 0o600
    assert _mode(tmp_path / "pki" / "ca.key") == 0o600
    assert _mode(files.ca_cert) == 0o644
    assert _mode(files.server_cert) == 0o644
    assert sorted(p.name for p in (tmp_path / "pki").iterdir()) == [
        "apiserver.crt",
        "apiserver.key",
        "ca.crt",
        "ca.key",
    ]


def test_restart_reuses_every_file(tmp_path: Path) -> None:
    first = ensure_pki(tmp_path, hosts=["10.0.0.1"], now=NOW)
    before = _snapshot(first)
    again = ensure_pki(tmp_path, hosts=["10.0.0.1", "localhost"], now=NOW + datetime.timedelta(1))

    assert again == first
    assert _snapshot(again) == before


def test_dns_hosts_match_case_insensitively(tmp_path: Path) -> None:
    files = ensure_pki(tmp_path, hosts=["node-a.example"], now=NOW)
    before = _snapshot(files)
    ensure_pki(tmp_path, hosts=["NODE-A.example."], now=NOW)
    assert _snapshot(files) == before


def test_a_new_host_reissues_the_serving_cert_from_the_same_ca(tmp_path: Path) -> None:
    files = ensure_pki(tmp_path, hosts=["10.0.0.1"], now=NOW)
    ca_before, _, key_before = _snapshot(files)

    ensure_pki(tmp_path, hosts=["10.0.0.2", "node-b"], now=NOW)

    assert files.ca_cert.read_bytes() == ca_before
    assert files.server_key.read_bytes() != key_before
    _cert(files.server_cert).verify_directly_issued_by(_cert(files.ca_cert))
    assert _sans(files.server_cert) == ({"127.0.0.1", "::1", "10.0.0.2"}, {"localhost", "node-b"})


def test_a_cert_near_expiry_is_reissued_from_the_same_ca(tmp_path: Path) -> None:
    files = ensure_pki(tmp_path, hosts=[], now=NOW)
    ca_before, cert_before, _ = _snapshot(files)
    later = NOW + SERVING_VALIDITY - RENEW_BEFORE

    ensure_pki(tmp_path, hosts=[], now=later - datetime.timedelta(seconds=1))
    assert files.server_cert.read_bytes() == cert_before

    ensure_pki(tmp_path, hosts=[], now=later)
    assert files.ca_cert.read_bytes() == ca_before
    assert _cert(files.server_cert).not_valid_after_utc == later + SERVING_VALIDITY


def test_a_ca_near_expiry_is_replaced_with_a_new_one(tmp_path: Path) -> None:
    files = ensure_pki(tmp_path, hosts=[], now=NOW)
    ca_before = files.ca_cert.read_bytes()

    ensure_pki(tmp_path, hosts=[], now=NOW + CA_VALIDITY - RENEW_BEFORE)

    assert files.ca_cert.read_bytes() != ca_before
    _cert(files.server_cert).verify_directly_issued_by(_cert(files.ca_cert))


def test_a_serving_cert_never_outlives_its_ca(tmp_path: Path) -> None:
    files = ensure_pki(tmp_path, hosts=[], now=NOW)
    almost = NOW + CA_VALIDITY - RENEW_BEFORE - datetime.timedelta(days=1)
    ensure_pki(tmp_path, hosts=["new-host"], now=almost)
    ca, server = _cert(files.ca_cert), _cert(files.server_cert)
    assert server.not_valid_after_utc == ca.not_valid_after_utc


@pytest.mark.parametrize("damage", ["missing", "garbage", "other-key"])
def test_damaged_serving_files_are_replaced(tmp_path: Path, damage: str) -> None:
    files = ensure_pki(tmp_path, hosts=[], now=NOW)
    ca_before = files.ca_cert.read_bytes()
    if damage == "missing":
        files.server_key.unlink()
    elif damage == "garbage":
        files.server_cert.write_bytes(b"not a certificate")
    else:
        files.server_key.write_bytes((tmp_path / "ca.key").read_bytes())

    ensure_pki(tmp_path, hosts=[], now=NOW)

    assert files.ca_cert.read_bytes() == ca_before
    ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(files.server_cert, files.server_key)


def test_a_serving_cert_from_another_ca_is_replaced(tmp_path: Path) -> None:
    mine = ensure_pki(tmp_path / "mine", hosts=[], now=NOW)
    other = ensure_pki(tmp_path / "other", hosts=[], now=NOW)
    mine.server_cert.write_bytes(other.server_cert.read_bytes())
    mine.server_key.write_bytes(other.server_key.read_bytes())

    ensure_pki(tmp_path / "mine", hosts=[], now=NOW)

    _cert(mine.server_cert).verify_directly_issued_by(_cert(mine.ca_cert))


@pytest.mark.parametrize("damage", ["missing", "garbage", "other-key"])
def test_an_unusable_ca_key_is_an_error_not_a_silent_new_ca(tmp_path: Path, damage: str) -> None:
    ensure_pki(tmp_path, hosts=[], now=NOW)
    ca_key = tmp_path / "ca.key"
    if damage == "missing":
        ca_key.unlink()
    elif damage == "garbage":
        ca_key.write_bytes(b"junk")
    else:
        ca_key.write_bytes((tmp_path / "apiserver.key").read_bytes())

    with pytest.raises(PkiError, match=re.escape(str(tmp_path))):
        ensure_pki(tmp_path, hosts=[], now=NOW)


@pytest.mark.parametrize("host", ["", "bad host", "-lead.example", "a..b", "[::1]", "ünï.example"])
def test_a_host_that_is_no_ip_or_dns_name_is_refused(tmp_path: Path, host: str) -> None:
    with pytest.raises(ValueError, match="neither an IP address nor a DNS name"):
        ensure_pki(tmp_path, hosts=[host], now=NOW)
    assert not (tmp_path / "ca.crt").exists()


def test_ipv6_hosts_compare_as_addresses(tmp_path: Path) -> None:
    files = ensure_pki(tmp_path, hosts=["fd00:0:0::1"], now=NOW)
    ips, _ = _sans(files.server_cert)
    assert str(ipaddress.ip_address("fd00::1")) in ips


def test_write_file_atomically_replaces_content_and_sets_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "secret"
    target.write_bytes(b"old")
    target.chmod(0o666)

    write_file_atomically(target, b"new")

    assert target.read_bytes() == b"new"
    assert _mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret"]


def test_write_file_atomically_leaves_no_temporary_behind_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "dir-in-the-way"
    target.mkdir()
    with pytest.raises(IsADirectoryError):
        write_file_atomically(target, b"data")
    assert [p.name for p in tmp_path.iterdir()] == ["dir-in-the-way"]
