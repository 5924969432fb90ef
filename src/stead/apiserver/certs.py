"""The cluster's own certificate authority and the API server's serving certificate.

`ensure_pki` keeps a directory holding a self-signed CA and a serving certificate signed by it.
The CA is made once and kept, so kubeconfigs that embed it keep working across restarts; the
serving certificate is re-issued from that CA whenever it no longer fits (a host it lacks, near
expiry, damaged files).

Keys are ECDSA P-256: generated in well under a millisecond (RSA 2048 takes tens to hundreds),
small on the wire, and accepted by every client we serve (Go's crypto/tls in kubectl, OpenSSL
under Python's `ssl`) and by granian's rustls server. They are written as unencrypted PKCS#8
PEM (`BEGIN PRIVATE KEY`), the one private-key encoding both rustls and OpenSSL read.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_VALIDITY = datetime.timedelta(days=3650)
SERVING_VALIDITY = datetime.timedelta(days=365)
RENEW_BEFORE = datetime.timedelta(days=30)
"""A certificate that expires within this window is replaced rather than reused."""

# Certificates start slightly in the past so a client whose clock runs a little behind ours
# does not reject a certificate made a moment ago as "not yet valid".
BACKDATE = datetime.timedelta(minutes=5)

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")
"""Always in the serving certificate, so the kubeconfig's loopback address verifies however the
client spells it. `::1` costs nothing and covers a server reached over IPv6 loopback."""

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class PkiError(Exception):
    """The CA files exist but cannot be used; replacing them would break every kubeconfig."""


@dataclass(frozen=True)
class PkiFiles:
    """Where the PEM files live: give `ca_cert` to clients, the other two to the server."""

    ca_cert: Path
    server_cert: Path
    server_key: Path


@dataclass(frozen=True)
class _Authority:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey


def ensure_pki(
    directory: Path, *, hosts: Sequence[str], now: datetime.datetime | None = None
) -> PkiFiles:
    """Make (first call) or reuse the CA and serving certificate in `directory`.

    `hosts` are the names and IP literals clients will use to reach the server; they are added to
    the loopback names in `LOOPBACK_HOSTS`. The serving certificate is re-issued, by the same CA,
    when it does not cover every host, expires within `RENEW_BEFORE`, or its files are missing,
    unreadable or not from this CA. A missing CA certificate, or one expiring within
    `RENEW_BEFORE`, means a new CA (kubeconfigs holding the old one must then be rewritten); a CA
    certificate whose key is missing, unreadable or not its own raises `PkiError`. A host that
    is neither an IP literal nor a DNS name raises `ValueError`. `now` (timezone-aware; the
    current time by default) exists for tests of expiry.
    """
    moment = now or datetime.datetime.now(datetime.UTC)
    wanted = _san_set([*LOOPBACK_HOSTS, *hosts])
    files = PkiFiles(
        ca_cert=directory / "ca.crt",
        server_cert=directory / "apiserver.crt",
        server_key=directory / "apiserver.key",
    )
    ca_key_path = directory / "ca.key"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    authority = _load_authority(cert_path=files.ca_cert, key_path=ca_key_path, now=moment)
    if authority is None:
        authority = _new_authority(moment)
        write_file_atomically(ca_key_path, _key_pem(authority.key))
        write_file_atomically(files.ca_cert, _cert_pem(authority.cert), mode=0o644)
    if not _serving_fits(files, authority=authority, wanted=wanted, now=moment):
        cert, key = _issue_serving(authority, sans=wanted, now=moment)
        write_file_atomically(files.server_key, _key_pem(key))
        write_file_atomically(files.server_cert, _cert_pem(cert), mode=0o644)
    return files


def write_file_atomically(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace `path` with `data` atomically, with permission bits `mode` (owner-only by default).

    Readers see the old content or the new, never a mix; a crash leaves no partial file under
    `path` (at worst a stray temporary next to it). The bits are set before any byte is written,
    so a secret is never readable by others, not even briefly.
    """
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as tmp:
            os.fchmod(tmp.fileno(), mode)
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _san_set(hosts: Iterable[str]) -> frozenset[IpAddress | str]:
    """Hosts as IP addresses where they parse as such, else as lower-case DNS names."""
    sans: set[IpAddress | str] = set()
    for host in hosts:
        try:
            sans.add(ipaddress.ip_address(host))
        except ValueError:
            sans.add(_dns_name(host))
    return frozenset(sans)


def _dns_name(host: str) -> str:
    name = host.strip().rstrip(".").lower()
    labels = name.split(".")
    if not name or not all(label and _is_dns_label(label) for label in labels):
        raise ValueError(f"{host!r} is neither an IP address nor a DNS name")
    return name


def _is_dns_label(label: str) -> bool:
    if label == "*":
        return True
    return (
        len(label) <= 63
        and label.isascii()
        and all(ch.isalnum() or ch == "-" for ch in label)
        and not label.startswith("-")
        and not label.endswith("-")
    )


def _load_authority(
    *, cert_path: Path, key_path: Path, now: datetime.datetime
) -> _Authority | None:
    """The CA on disk, or None when there is none yet or it is about to expire."""
    if not cert_path.exists():
        return None
    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise PkiError(f"cannot use the CA in {cert_path.parent}: {_reason(exc)}") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.public_key() != cert.public_key():
        raise PkiError(f"the CA key {key_path} does not belong to the CA certificate {cert_path}")
    if cert.not_valid_after_utc - RENEW_BEFORE <= now:
        return None
    return _Authority(cert=cert, key=key)


def _reason(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def _serving_fits(
    files: PkiFiles,
    *,
    authority: _Authority,
    wanted: frozenset[IpAddress | str],
    now: datetime.datetime,
) -> bool:
    """Whether the serving certificate on disk can be served as it is."""
    try:
        cert = x509.load_pem_x509_certificate(files.server_cert.read_bytes())
        key = serialization.load_pem_private_key(files.server_key.read_bytes(), password=None)
        cert.verify_directly_issued_by(authority.cert)
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (OSError, ValueError, TypeError, InvalidSignature, x509.ExtensionNotFound):
        return False
    covered: set[object] = {*names.get_values_for_type(x509.IPAddress)}
    covered.update(name.lower() for name in names.get_values_for_type(x509.DNSName))
    return (
        key.public_key() == cert.public_key()
        and wanted <= covered
        and cert.not_valid_before_utc <= now < cert.not_valid_after_utc - RENEW_BEFORE
    )


def _new_authority(now: datetime.datetime) -> _Authority:
    key = ec.generate_private_key(ec.SECP256R1())
    # The timestamp tells apart the CAs of different data directories in a trust store.
    name = _name(f"stead-ca@{int(now.timestamp())}")
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        _builder(subject=name, issuer=name, public_key=key.public_key(), now=now)
        .not_valid_after(now + CA_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(ski, critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    return _Authority(cert=cert, key=key)


def _issue_serving(
    authority: _Authority, *, sans: frozenset[IpAddress | str], now: datetime.datetime
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    # A serving certificate must not outlive the CA that vouches for it.
    not_after = min(now + SERVING_VALIDITY, authority.cert.not_valid_after_utc)
    cert = (
        _builder(
            subject=_name("stead-apiserver"),
            issuer=authority.cert.subject,
            public_key=key.public_key(),
            now=now,
        )
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(_general_names(sans)), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()),
            critical=False,
        )
        .sign(authority.key, hashes.SHA256())
    )
    return cert, key


def _builder(
    *,
    subject: x509.Name,
    issuer: x509.Name,
    public_key: ec.EllipticCurvePublicKey,
    now: datetime.datetime,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
    )


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _general_names(sans: frozenset[IpAddress | str]) -> list[x509.GeneralName]:
    ips = sorted((san for san in sans if not isinstance(san, str)), key=str)
    dns = sorted(san for san in sans if isinstance(san, str))
    return [*(x509.IPAddress(ip) for ip in ips), *(x509.DNSName(name) for name in dns)]


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)
