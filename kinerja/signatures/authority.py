"""The deployment's own certificate authority, for testing and demonstrations.

A real deployment signs through the national authority (BSrE) with the
`remote` backend (see signers.py). Without it, each deployment has its own CA:
a key and a self-signed certificate made on first use in TTE_CA_DIR (outside
the file store, never served, never in a backup). For each signature the CA
issues a short-lived certificate in the signer's name; its key is used once and
forgotten. A PDF signed this way validates as trusted only against this
deployment's CA certificate, which is exactly what a demonstration needs and
nothing more.
"""

import datetime
import fcntl
import os
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings

CA_KEY = "ca-key.pem"
CA_CERT = "ca-cert.pem"


@dataclass(frozen=True)
class Issued:
    """A certificate and its key, as pyHanko takes them."""

    certificate: asn1_x509.Certificate
    key: asn1_keys.PrivateKeyInfo


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Komisi Pemilihan Umum"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Kinerja (CA uji coba)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
        ]
    )


def ca_dir() -> Path:
    return Path(settings.TTE_CA_DIR)


_KEY_USAGES = (
    "digital_signature",
    "content_commitment",
    "key_encipherment",
    "data_encipherment",
    "key_agreement",
    "key_cert_sign",
    "crl_sign",
    "encipher_only",
    "decipher_only",
)


def _certificate(
    subject: x509.Name, public_key, *, issuer: x509.Name, issuer_key, days: int, ca: bool
) -> x509.Certificate:
    """A certificate signed by `issuer_key`: the CA's own (ca=True, it signs certificates)
    or a signer's (it signs documents, with non-repudiation)."""
    now = datetime.datetime.now(datetime.UTC)
    usage = {name: False for name in _KEY_USAGES}
    usage.update(
        {"key_cert_sign": True, "crl_sign": True} if ca else {"digital_signature": True, "content_commitment": True}
    )
    identifier = (
        x509.SubjectKeyIdentifier.from_public_key(public_key)
        if ca
        else x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key())
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(x509.KeyUsage(**usage), critical=True)
        .add_extension(identifier, critical=False)
        .sign(issuer_key, hashes.SHA256())
    )


def _create_ca(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = _name(f"Kinerja CA Uji Coba {datetime.datetime.now(datetime.UTC):%Y%m%d%H%M%S}")
    certificate = _certificate(name, key.public_key(), issuer=name, issuer_key=key, days=3650, ca=True)
    key_path = folder / CA_KEY
    # The key is written readable by the owner only, before any byte of it is;
    # the certificate last, so that its presence means the CA is complete.
    key_path.unlink(missing_ok=True)  # left by an attempt that stopped halfway
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    partial = folder / f"{CA_CERT}.tmp"
    partial.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    partial.rename(folder / CA_CERT)


def _load_ca() -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    folder = ca_dir()
    if not (folder / CA_CERT).exists():
        folder.mkdir(parents=True, exist_ok=True)
        # Several processes may start at once: one makes the CA, the others wait for it.
        with open(folder / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (folder / CA_CERT).exists():
                _create_ca(folder)
    key = serialization.load_pem_private_key((folder / CA_KEY).read_bytes(), password=None)
    certificate = x509.load_pem_x509_certificate((folder / CA_CERT).read_bytes())
    return key, certificate


def ca_certificate() -> asn1_x509.Certificate:
    """The CA certificate, made on first use."""
    _key, certificate = _load_ca()
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def ca_certificate_pem() -> bytes:
    _key, certificate = _load_ca()
    return certificate.public_bytes(serialization.Encoding.PEM)


def issue(common_name: str, *, days: int = 365) -> Issued:
    """A fresh key and a certificate in `common_name`, signed by the CA, for document signing."""
    ca_key, ca_cert = _load_ca()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    certificate = _certificate(
        _name(common_name), key.public_key(), issuer=ca_cert.subject, issuer_key=ca_key, days=days, ca=False
    )
    return Issued(
        certificate=asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER)),
        key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
    )
