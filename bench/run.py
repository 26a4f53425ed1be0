"""Benchmarks of Kinerja: `make bench`. Prints a table and writes bench/results.json.

Runs against a fresh SQLite database in a temporary folder (or DATABASE_URL if
set), loaded with the KPU organisation and the demo data. Figures are medians
over repeated runs; this machine is shared, so compare ratios, not single runs.
"""

import io
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
tmp = tempfile.mkdtemp(prefix="kinerja-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))


def timed(function, repeat: int = REPEAT) -> list[float]:
    """Milliseconds of each of `repeat` calls, after one warm-up call."""
    function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2),
        "min_ms": round(ordered[0], 2),
        "runs": len(ordered),
    }


def main() -> None:
    call_command("migrate", verbosity=0)
    quiet = io.StringIO()
    call_command("load_organisation", verbosity=0, stdout=quiet)
    call_command("load_demo", verbosity=0, stdout=quiet)

    from kinerja.agreements.models import Agreement
    from kinerja.agreements.selectors import with_content
    from kinerja.documents.builder import build_document
    from kinerja.documents.render import render

    agreements = list(with_content(Agreement.objects.all()).order_by("pk"))
    results: dict = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "database": django.conf.settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        },
        "documents": {},
    }
    secretariat = next(a for a in agreements if a.unit.code.startswith("sekretariat-"))
    document = build_document(secretariat)
    for fmt in ("pdf", "docx", "xlsx"):
        results["documents"][f"one_agreement_{fmt}"] = summary(timed(lambda fmt=fmt: render(document, fmt)))
    results["documents"]["build_document_from_db"] = summary(
        timed(lambda: build_document(with_content(Agreement.objects.filter(pk=secretariat.pk)).get()))
    )

    def all_demo_pdfs():
        for agreement in with_content(Agreement.objects.all()):
            render(build_document(agreement), "pdf")

    results["documents"]["all_demo_agreements_pdf"] = summary(timed(all_demo_pdfs, repeat=max(5, REPEAT // 3)))
    results["documents"]["all_demo_agreements_pdf"]["agreements"] = len(agreements)

    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(
        f"Kinerja benchmarks — {results['machine']['database']}, {results['machine']['cpus']} CPU, "
        f"Python {results['machine']['python']}"
    )
    print(f"{'measure':40} {'median ms':>10} {'p95 ms':>10} {'runs':>6}")
    for name, figures in results["documents"].items():
        print(f"{name:40} {figures['median_ms']:>10} {figures['p95_ms']:>10} {figures['runs']:>6}")
    print(f"written: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
