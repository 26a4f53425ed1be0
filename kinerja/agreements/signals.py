"""What the agreement app announces; the apps above connect to it.

The agreement app imports none of the apps built on it (signatures,
submissions, monitoring, notifications' reminders). When a move along the
pipeline must make something happen there (void the electronic signatures,
tell the unit, queue a compilation), the move announces itself, as
django-oscar's `order_status_changed` does, and those apps react.
"""

from django.dispatch import Signal

# Sent by lifecycle.move inside the move's transaction, after the status change
# is written. Arguments: agreement (as moved), from_status, to_status, by,
# reason, at. A receiver that writes to the database takes part in the move
# (it is rolled back with it); one that leaves the process (e-mail) must wait
# for the commit (transaction.on_commit or a background task).
agreement_moved = Signal()

# Sent by lifecycle.store_signed_document inside its transaction, once the
# signed document (an uploaded scan, or the PDF every party signed) is stored.
# Arguments: scan (the SignedScan), agreement, data (the file's bytes). The
# documents app records it in the register of issued PDFs.
signed_document_stored = Signal()

# Sent by lifecycle.agreement_revise inside its transaction, once the PK Perubahan and its content are
# written. Arguments: agreement (the version revised), revision (the new draft version), by. The action
# plans carry the Rencana Aksi forward into the revision, for review.
agreement_revised = Signal()
