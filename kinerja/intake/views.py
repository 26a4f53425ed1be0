"""Pages of the intake: bringing in an old PK from its file (upload, progress of the reading, review and
confirm, the images of its pages), and the source file of a PK brought in as history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinerja.intake import access, pages
from kinerja.intake.forms import ReviewForm, UploadForm
from kinerja.intake.services import HistoryRefused
from kinerja.intake.sessions import IntakeRefused, intake_confirm, intake_retry, intake_start, intake_update

RECENT = 20  # intakes listed on the upload page


@login_required
def upload(request):
    """The upload of an old PK's file for a unit and an earlier year, and the user's recent intakes."""
    units = access.units_for_intake(request.user)
    if not units:
        raise Http404(_("Halaman ini untuk yang menyusun PK unit kerjanya."))
    form = UploadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        upload_ = form.cleaned_data["file"]
        try:
            session = intake_start(
                unit=form.chosen_unit,
                year=form.cleaned_data["year"],
                data=upload_.read(),
                filename=upload_.name,
                by=request.user,
            )
        except IntakeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Berkas diterima dan sedang dibaca."))
            return redirect(session)
    recent = access.sessions_of(request.user).filter(created_by=request.user)[:RECENT]
    return render(request, "intake/upload.html", {"form": form, "sessions": recent})


@login_required
def session(request, session_id: int):
    """One intake: the progress of its reading, then the review of every field beside its page and the
    confirm that stores it as history."""
    found = access.get_session_for_user(request.user, session_id)
    if not found.is_ready:
        if request.method == "POST":
            messages.error(request, _("Impor ini tidak menunggu konfirmasi."))
            return redirect(found)
        return render(request, "intake/session.html", {"session": found})
    form = ReviewForm(request.POST or None, reading=found.reading)
    if request.method == "POST" and form.is_valid() and request.POST.get("action") == "update":
        try:
            intake_update(session=found, reading=form.updated_reading())
        except HistoryRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Tinjauan diperbarui; belum ada yang disimpan sebagai riwayat."))
        return redirect(found)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = intake_confirm(
                session=found,
                reading=form.confirmed_reading(),
                by=request.user,
                submitted_on=form.cleaned_data["submitted_on"],
                received_on=form.cleaned_data["received_on"],
            )
        except HistoryRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("%(agreement)s disimpan sebagai riwayat.") % {"agreement": agreement})
            return redirect(agreement.get_absolute_url())
    places = found.places
    sections = [section | {"place": places.get(f"sections.{section['index']}")} for section in form.sections()]
    return render(
        request,
        "intake/session.html",
        {
            "session": found,
            "form": form,
            "dates": form.dates(),
            "sections": sections,
            "budget": form.budget(),
            "places": places,
            "page_numbers": range(1, found.pages + 1),
        },
    )


@login_required
@require_GET
def progress(request, session_id: int):
    """The progress of an intake's reading, polled by htmx; once read, the page reloads to the review."""
    found = access.get_session_for_user(request.user, session_id)
    response = render(request, "intake/_progress.html", {"session": found})
    if not found.is_reading:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def retry(request, session_id: int):
    """Read again an intake whose reading stalled (its worker died)."""
    found = access.get_session_for_user(request.user, session_id)
    try:
        intake_retry(session=found)
    except IntakeRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Berkas dibaca ulang dari awal."))
    return redirect(found)


@login_required
@require_GET
def page_image(request, session_id: int, page: int):
    """Page `page` of an intake's file as a PNG, once the reader has read (and so checked) the file."""
    found = access.get_session_for_user(request.user, session_id)
    if not (found.is_ready or found.is_stored) or not 1 <= page <= found.pages:
        raise Http404(_("Halaman ini tidak ada."))
    with found.file.open("rb") as handle:
        data = handle.read()
    try:
        image = pages.png(data, found.kind, page)
    except pages.NoPage:
        raise Http404(_("Halaman ini tidak ada.")) from None
    response = HttpResponse(image, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def source(request, agreement_id: int):
    """The file a historical PK was read from, for whoever sees the PK."""
    found = access.get_source_for_user(request.user, agreement_id)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.filename)
