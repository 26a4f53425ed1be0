"""Signing from the agreement page, and the public verification page (no login)."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.documents import codes
from kinerja.lib.uploads import MAX_PDF_BYTES
from kinerja.signatures import access, authority, services, verification
from kinerja.signatures.signers import SigningError

MAX_VERIFY_BYTES = MAX_PDF_BYTES


@login_required
@require_POST
def sign(request, agreement_id: int, party: str):
    agreement = access.get_agreement_to_sign(request.user, agreement_id, party)
    try:
        outcome = services.sign(
            agreement=agreement,
            party=party,
            by=request.user,
            passphrase=request.POST.get("passphrase", ""),
            reason=request.POST.get("reason", ""),
        )
    except SigningError as error:
        messages.error(request, str(error))
    else:
        if outcome.complete:
            messages.success(
                request,
                _("Tanda tangan elektronik tersimpan. Semua pihak telah menandatangani: PK siap disampaikan."),
            )
        else:
            messages.success(request, _("Tanda tangan elektronik tersimpan. Menunggu tanda tangan pihak lain."))
    return redirect(agreement.get_absolute_url())


def _uploaded(request) -> tuple[bytes | None, str]:
    upload = request.FILES.get("berkas")
    if upload is None:
        return None, _("Pilih berkas PDF yang akan diperiksa.")
    if upload.size > MAX_VERIFY_BYTES:
        return None, _("Berkas lebih dari 20 MB.")
    data = upload.read()
    if data.lstrip()[:5] != b"%PDF-":
        return None, _("Berkas bukan PDF.")
    return data, ""


def verify_index(request):
    """Enter a code from a printout, or upload a PDF to find out what it is."""
    context: dict = {}
    if request.method == "POST":
        data, error = _uploaded(request)
        if error:
            context["error"] = error
        else:
            check = verification.check_file(data)
            if check.code:
                context.update({"facts": verification.facts(check.code), "check": check, "code": check.code})
                return render(request, "signatures/verify.html", context)
            context["check"] = check
    elif request.GET.get("kode"):
        code = codes.normalise(request.GET["kode"])
        if code:
            return redirect("signatures:verify", code)
        context["error"] = _("Kode verifikasi terdiri atas 8 huruf/angka, mis. ABCD-EFGH.")
    return render(request, "signatures/verify_index.html", context)


def verify(request, code: str):
    """What a printed code stands for; an uploaded PDF compared with it. Nothing is stored."""
    normal = codes.normalise(code)
    if normal and normal != code:
        return redirect("signatures:verify", normal)
    facts = verification.facts(normal) if normal else None
    if facts is None:
        return render(
            request, "signatures/verify_index.html", {"error": _("Kode verifikasi tidak dikenal.")}, status=404
        )
    context = {"facts": facts, "code": normal}
    if request.method == "POST":
        data, error = _uploaded(request)
        if error:
            context["error"] = error
        else:
            context["check"] = verification.check_file(data)
    return render(request, "signatures/verify.html", context)


def ca_certificate(request):
    """The deployment's CA certificate, to validate its signatures in a PDF reader."""
    return FileResponse(
        io.BytesIO(authority.ca_certificate_pem()),
        as_attachment=True,
        filename="kinerja-ca.pem",
        content_type="application/x-pem-file",
    )
