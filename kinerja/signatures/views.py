"""Signing from the agreement page, and the public verification page (no login)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kinerja.agreements import access
from kinerja.documents import codes
from kinerja.lib.uploads import MAX_PDF_BYTES
from kinerja.signatures import authority, services
from kinerja.signatures.models import Party
from kinerja.signatures.signers import SigningError

MAX_VERIFY_BYTES = MAX_PDF_BYTES


@login_required
@require_POST
def sign(request, agreement_id: int, party: str):
    agreement = access.get_agreement_for_user(request.user, agreement_id)
    if party not in Party.values:
        raise Http404("Pihak tidak dikenal.")
    try:
        outcome = services.sign(
            agreement=agreement, party=party, by=request.user, passphrase=request.POST.get("passphrase", "")
        )
    except SigningError as error:
        messages.error(request, str(error))
    else:
        if outcome.complete:
            messages.success(
                request, "Tanda tangan elektronik tersimpan. Semua pihak telah menandatangani: PK siap disampaikan."
            )
        else:
            messages.success(request, "Tanda tangan elektronik tersimpan. Menunggu tanda tangan pihak lain.")
    return redirect(agreement.get_absolute_url())


def _uploaded(request) -> tuple[bytes | None, str]:
    upload = request.FILES.get("berkas")
    if upload is None:
        return None, "Pilih berkas PDF yang akan diperiksa."
    if upload.size > MAX_VERIFY_BYTES:
        return None, "Berkas lebih dari 20 MB."
    data = upload.read()
    if data.lstrip()[:5] != b"%PDF-":
        return None, "Berkas bukan PDF."
    return data, ""


def verify_index(request):
    """Enter a code from a printout, or upload a PDF to find out what it is."""
    context: dict = {}
    if request.method == "POST":
        data, error = _uploaded(request)
        if error:
            context["error"] = error
        else:
            code = codes.code_in(data) or services.code_of_file(data)
            if code:
                context.update(_checked(code, data))
                return render(request, "signatures/verify.html", context)
            context["error"] = (
                "Berkas ini tidak membawa kode verifikasi Kinerja dan tidak cocok dengan dokumen mana pun."
            )
    elif request.GET.get("kode"):
        code = codes.normalise(request.GET["kode"])
        if code:
            return redirect("signatures:verify", code)
        context["error"] = "Kode verifikasi terdiri atas 8 huruf/angka, mis. ABCD-EFGH."
    return render(request, "signatures/verify_index.html", context)


def _checked(code: str, data: bytes) -> dict:
    return {"facts": services.facts(code), "check": services.check_upload(code, data), "code": code}


def verify(request, code: str):
    """What a printed code stands for; an uploaded PDF compared with it. Nothing is stored."""
    normal = codes.normalise(code)
    if normal and normal != code:
        return redirect("signatures:verify", normal)
    facts = services.facts(normal) if normal else None
    if facts is None:
        return render(request, "signatures/verify_index.html", {"error": "Kode verifikasi tidak dikenal."}, status=404)
    context = {"facts": facts, "code": normal}
    if request.method == "POST":
        data, error = _uploaded(request)
        if error:
            context["error"] = error
        else:
            context["check"] = services.check_upload(normal, data)
    return render(request, "signatures/verify.html", context)


def ca_certificate(request):
    """The deployment's CA certificate, to validate its signatures in a PDF reader."""
    response = HttpResponse(authority.ca_certificate_pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="kinerja-ca.pem"'
    return response
