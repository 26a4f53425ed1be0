"""The official document of an agreement: the preview page and the downloads."""

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from kinerja.agreements import checks
from kinerja.documents import access, registry
from kinerja.documents import render as documents
from kinerja.documents.builder import build_document


@login_required
def agreement_preview(request, agreement_id: int):
    agreement = access.get_printable_agreement(request.user, agreement_id)
    return render(
        request,
        "documents/preview.html",
        {"agreement": agreement, "document": build_document(agreement), "findings": checks.run_checks(agreement)},
    )


@login_required
def agreement_download(request, agreement_id: int, fmt: str):
    agreement = access.get_printable_agreement(request.user, agreement_id)
    if fmt not in documents.FORMATS:
        raise Http404(_("Format tidak dikenal."))
    document = build_document(agreement)
    data = documents.render(document, fmt)
    if fmt == "pdf":
        registry.record_print(agreement, data)  # so that /v/ knows it for the honest print it is
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=f"{document['filename']}.{fmt}",
        content_type=documents.FORMATS[fmt],
    )
