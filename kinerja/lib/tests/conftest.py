"""The hostile-input corpus's line in the test run's summary."""

import pytest

from kinerja.lib.tests import corpus


def pytest_terminal_summary(terminalreporter):
    if not corpus.TRIED and not corpus.PRINTED:
        return
    failed = [report for report in terminalreporter.stats.get("failed", []) if "test_corpus" in report.nodeid]
    line = corpus.summary()
    if failed:
        line = line.replace("all refused or inert", f"but {len(failed)} corpus check(s) FAILED")
    terminalreporter.write_line(line, red=bool(failed), green=not failed)


@pytest.fixture
def stored(settings):
    """`stored()`: what the project has stored, to show that a refused input left nothing behind.

    The row count of every model of the project, the history's last entry,
    every agreement's status, every decree's file, and the files under MEDIA_ROOT.
    """
    from pathlib import Path

    from django.apps import apps

    from kinerja.agreements.models import Agreement
    from kinerja.audit.models import ChangeRecord
    from kinerja.planning.models import Decree

    def state() -> dict:
        root = Path(settings.MEDIA_ROOT)
        return {
            "rows": {
                model._meta.label: model.objects.count()
                for model in apps.get_models()
                if model.__module__.startswith("kinerja.")
            },
            "last_change": ChangeRecord.objects.order_by("-pk").values_list("pk", flat=True).first(),
            "statuses": list(Agreement.objects.order_by("pk").values_list("pk", "status", "change_count")),
            "decree_files": list(Decree.objects.order_by("pk").values_list("pk", "signed_file")),
            "media": sorted(str(path) for path in root.rglob("*") if path.is_file()) if root.exists() else [],
        }

    return state
