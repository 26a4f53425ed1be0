"""Checks the apps above add to the agreement's own steps.

Whether an uploaded scan is really the signed paper of this PK needs the
printed document (its pages, its verification code), which the documents app
owns and the agreement app cannot import. So the documents app registers its
check here in `AppConfig.ready()`, and `lifecycle.scan_upload` runs every
registered check before it stores anything: a check refuses by raising
lib.uploads.UploadError with the reason for the user.
"""

from collections.abc import Callable

from kinerja.agreements.models import Agreement

# (agreement, the file, its page count as lib.uploads.checked_pdf read it)
ScanCheck = Callable[[Agreement, bytes, int], None]

_scan_checks: list[ScanCheck] = []


def register_scan_check(check: ScanCheck) -> None:
    """Add a check of uploaded scans (once: registering it again changes nothing)."""
    if check not in _scan_checks:
        _scan_checks.append(check)


def check_scan(agreement: Agreement, data: bytes, pages: int) -> None:
    """Run every registered check of a scan; the first refusal stops the upload."""
    for check in _scan_checks:
        check(agreement, data, pages)
