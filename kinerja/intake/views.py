"""Pages of the intake: the source file of a PK brought in as history."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from kinerja.agreements import access
from kinerja.intake.models import ImportedSource


@login_required
def source(request, agreement_id: int):
    """The file a historical PK was read from, for whoever sees the PK."""
    agreement = access.get_agreement_for_user(request.user, agreement_id)
    found = ImportedSource.objects.filter(agreement=agreement).first()
    if found is None:
        raise Http404(_("PK ini tidak dimasukkan dari berkas."))
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.filename)
