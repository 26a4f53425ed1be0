"""Benchmarks of Kinerja: `make bench`. Prints a table and writes bench/results.json.

Each run builds a fresh database (SQLite in a temporary folder, or the database
of BENCH_DATABASE_URL, e.g. PostgreSQL), loads the organisation, the demo and the
national data set (`generate_national`), then measures:

- documents: one agreement to PDF (median), all agreements with one worker per
  core (wall time), and the same agreement through two baselines: the HTML
  preview printed by WeasyPrint, and the DOCX converted by LibreOffice headless;
- pages: median and p95 server time over 50 requests and the SQL query count of
  the national and province dashboards, an agreement page and the IKU roll-up,
  each as a ratio to a floor page (the notifications page) in the same run;
- peak memory of the batch and of the process serving the pages;
- OCR: a 3-page scan of a PK read by Tesseract (bench/ocr_scan.py; BENCH_OCR=0 skips it).
- Intake: the secretariat's PK read back from its own PDF, DOCX and XLSX, and from a print alone.

Figures are medians; this machine is shared, so read the ratios.
"""

import io
import json
import multiprocessing
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The worker processes (spawned, see documents()) import this file again: they
# must find the database the parent chose, not make a new one.
if "KINERJA_BENCH_TMP" not in os.environ:
    os.environ["KINERJA_BENCH_TMP"] = tempfile.mkdtemp(prefix="kinerja-bench-")
TMP = Path(os.environ["KINERJA_BENCH_TMP"])
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{TMP}/bench.sqlite3"
os.environ["MEDIA_ROOT"] = str(TMP / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
PAGE_REQUESTS = int(os.environ.get("BENCH_PAGE_REQUESTS", "50"))


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[max(0, int(round(len(ordered) * 0.95)) - 1)], 2),
        "runs": len(ordered),
    }


def timed(function, repeat: int = REPEAT) -> list[float]:
    """Milliseconds of each of `repeat` calls, after one warm-up call."""
    function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _render_chunk(ids: list[int]) -> int:
    from kinerja.agreements.models import Agreement
    from kinerja.agreements.selectors import with_content
    from kinerja.documents.builder import build_document
    from kinerja.documents.render import render

    for agreement in with_content(Agreement.objects.filter(pk__in=ids)):
        render(build_document(agreement), "pdf")
    return len(ids)


def _worker_init() -> None:
    django.setup()
    connection.close()  # a fresh connection per process


def documents(results: dict) -> None:
    from kinerja.agreements.models import Agreement
    from kinerja.agreements.selectors import with_content
    from kinerja.documents.builder import build_document
    from kinerja.documents.pdf import render_pdf
    from kinerja.documents.render import render
    from kinerja.intake.reading import read

    sample = with_content(Agreement.objects.filter(unit__code="sekretariat-96.71", year=2024)).get()
    document = build_document(sample)
    # Typst itself, not documents.render's memory of the last PDFs made (which would answer from it).
    one_pdf = summary(timed(lambda: render_pdf(document)))
    docx_file, xlsx_file, pdf_file = render(document, "docx"), render(document, "xlsx"), render_pdf(document)
    printed_only = {key: value for key, value in document.items() if key != "data"}
    printed_pdf, printed_docx = render_pdf(printed_only), render(printed_only, "docx")
    out = results["documents"] = {
        # Reading a PK brought in (intake.reading): Kinerja's own exports, and what a print alone gives.
        "read_own_pdf": summary(timed(lambda: read(pdf_file, "pk.pdf"), max(5, REPEAT // 3))),
        "read_own_docx": summary(timed(lambda: read(docx_file, "pk.docx"), max(5, REPEAT // 3))),
        "read_own_xlsx": summary(timed(lambda: read(xlsx_file, "pk.xlsx"), max(5, REPEAT // 3))),
        "read_printed_pdf": summary(timed(lambda: read(printed_pdf, "pk.pdf"), max(5, REPEAT // 3))),
        "read_printed_docx": summary(timed(lambda: read(printed_docx, "pk.docx"), max(5, REPEAT // 3))),
        "one_agreement_pdf": one_pdf,
        "one_agreement_docx": summary(timed(lambda: render(document, "docx"), max(5, REPEAT // 3))),
        "one_agreement_xlsx": summary(timed(lambda: render(document, "xlsx"))),
        "build_document_from_db": summary(
            timed(lambda: build_document(with_content(Agreement.objects.filter(pk=sample.pk)).get()))
        ),
    }

    ids = list(Agreement.objects.values_list("pk", flat=True).order_by("pk"))
    workers = os.cpu_count() or 1
    chunks = [ids[i::workers] for i in range(workers)]
    connection.close()
    start = time.perf_counter()
    # Spawned, not forked: Typst keeps a thread pool that a fork would copy half-way.
    with multiprocessing.get_context("spawn").Pool(workers, initializer=_worker_init) as pool:
        rendered = sum(pool.map(_render_chunk, chunks))
    out["all_agreements_pdf"] = {
        "agreements": rendered,
        "workers": workers,
        "wall_s": round(time.perf_counter() - start, 2),
        "peak_rss_worker_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }

    # Baseline 1: the HTML preview printed by WeasyPrint.
    try:
        from django.template.loader import render_to_string
        from weasyprint import CSS, HTML

        from kinerja.agreements.checks import run_checks

        html = render_to_string(
            "documents/preview.html",
            {"agreement": sample, "document": document, "findings": run_checks(sample), "user": sample.created_by},
        )
        # The page links its stylesheet by URL; WeasyPrint gets it from the file instead.
        html = html.replace('href="/static/kinerja/kinerja.css"', "")
        stylesheet = CSS(filename=str(ROOT / "kinerja/static/kinerja/kinerja.css"))
        weasy = summary(timed(lambda: HTML(string=html, base_url=str(ROOT)).write_pdf(stylesheets=[stylesheet]), 5))
        out["baseline_weasyprint_html"] = weasy
        out["ratio_weasyprint_to_typst"] = round(weasy["median_ms"] / one_pdf["median_ms"], 1)
    except ImportError:
        out["baseline_weasyprint_html"] = "weasyprint is not installed (pip install -r requirements-bench.txt)"

    # Baseline 2: the DOCX converted by LibreOffice headless, as a user does today.
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        docx = TMP / "pk.docx"
        docx.write_bytes(render(document, "docx"))
        profile = TMP / "lo-profile"

        def convert():
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(TMP),
                    str(docx),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )

        lo = summary(timed(convert, 3))
        out["baseline_libreoffice_docx"] = lo
        out["ratio_libreoffice_to_typst"] = round(lo["median_ms"] / one_pdf["median_ms"], 1)
    else:
        out["baseline_libreoffice_docx"] = "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)"


def pages(results: dict) -> None:
    from django.contrib.auth import get_user_model
    from django.core import signals
    from django.db import close_old_connections

    from kinerja.agreements.models import Agreement
    from kinerja.organisation.models import Unit

    # Keep one connection across requests, as a long-lived app server does, so
    # that the query log survives from one request to the next.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    user = get_user_model().objects.get(username="verifikator.pusat")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    province = Unit.objects.get(code="kpu-96")
    agreement = Agreement.objects.get(unit__code="kpu-96.71", year=2024)
    urls = {
        "floor_notifications": "/pemberitahuan/",
        "national_dashboard": "/pemantauan/?tahun=2024",
        "province_dashboard": f"/pemantauan/provinsi/{province.pk}/2024/",
        "agreement_page": f"/pk/{agreement.pk}/",
        "iku_rollup": "/capaian/?tahun=2024&tw=2",
    }
    out = results["pages"] = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        # The request_started signal empties the query log: start the capture
        # from an empty log so that the slice it takes is this request's queries.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        query_count = len(queries)
        figures = summary(timed(lambda url=url: client.get(url), PAGE_REQUESTS))
        figures["queries"] = query_count
        # The dashboards keep their figures and their shared fragments in the
        # cache under a fingerprint of their data; "cold" is the same page just
        # after the data changed (cache emptied before each request).
        cold = summary(timed(lambda url=url: (cache.clear(), client.get(url)), PAGE_REQUESTS // 2))
        figures["cold_median_ms"] = cold["median_ms"]
        figures["cold_p95_ms"] = cold["p95_ms"]
        out[name] = figures
    floor = out["floor_notifications"]["median_ms"]
    for figures in out.values():
        figures["ratio_to_floor"] = round(figures["median_ms"] / floor, 2)
        figures["cold_ratio_to_floor"] = round(figures["cold_median_ms"] / floor, 2)
    results["memory"] = {
        "page_process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    }


def main() -> None:
    quiet = io.StringIO()
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_organisation", stdout=quiet)
    call_command("load_demo", stdout=quiet)
    call_command("generate_national", year=2024, seed=1, stdout=quiet)
    results: dict = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        },
        "setup_s": round(time.perf_counter() - start, 1),
    }
    documents(results)
    pages(results)
    if os.environ.get("BENCH_OCR", "1") == "1":
        sys.path.insert(0, str(ROOT / "bench"))
        from ocr_scan import ocr_reading

        results["ocr"] = ocr_reading()
    if os.environ.get("BENCH_DEADLINE", "1") == "1":
        sys.path.insert(0, str(ROOT / "bench"))
        from deadline import deadline_day, same_as_one_server

        results["deadline_day"] = deadline_day()
        results["one_vs_two_servers"] = same_as_one_server()

    name = (
        "results.json"
        if results["machine"]["database"] == "sqlite3"
        else f"results-{results['machine']['database']}.json"
    )
    out = ROOT / "bench" / name
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(
        f"Kinerja benchmarks — {results['machine']['database']}, {results['machine']['cpus']} CPU, "
        f"Python {results['machine']['python']}; national data set ready in {results['setup_s']} s"
    )
    print(
        f"{'measure':34} {'median ms':>10} {'p95 ms':>10} {'queries':>8} {'× floor':>8} {'cold ms':>8} {'× floor':>8}"
    )
    for section in ("documents", "pages"):
        for key, figures in results[section].items():
            if isinstance(figures, dict) and "median_ms" in figures:
                print(
                    f"{key:34} {figures['median_ms']:>10} {figures['p95_ms']:>10} "
                    f"{figures.get('queries', ''):>8} {figures.get('ratio_to_floor', ''):>8} "
                    f"{figures.get('cold_median_ms', ''):>8} {figures.get('cold_ratio_to_floor', ''):>8}"
                )
            else:
                print(f"{key:34} {figures}")
    print(f"memory: {results['memory']}")
    if "ocr" in results:
        from ocr_scan import summary_line

        print(summary_line(results["ocr"]))
    if "deadline_day" in results:
        day = results["deadline_day"]
        print(
            f"deadline day: {day['operators']} operators on {day['servers']} servers "
            f"× {day.get('workers_per_server')} workers, {day['concurrency']} at a time: "
            f"sign-in {day['login_phase_s']} s, then open+upload+submit {day['submit_phase_s']} s "
            f"({day['operators_per_s']} operators/s, the load generator taking "
            f"{round(100 * day.get('load_generator_cpu_share', 0))}% of the CPU), {day['errors']} errors; "
            f"requests after login p50 {day['requests_after_login'].get('p50_ms')} ms, "
            f"p95 {day['requests_after_login'].get('p95_ms')} ms; "
            f"login p95 {day['steps'].get('login', {}).get('p95_ms')} ms"
        )
        print(
            f"  {'VERIFIED' if day['verified'] else 'NOT VERIFIED: the figures above do not count'}: "
            f"recorded submitted {day['recorded_submitted']}, exactly once {day['submitted_exactly_once']}, "
            f"scans matching SHA-256 {day['scans_matching_sha256']}; "
            f"web worker peak RSS {day['web_worker_peak_rss_mb']} MB"
        )
    if "one_vs_two_servers" in results:
        same = results["one_vs_two_servers"]
        print(
            f"one server against two, {same['operators']} operators with the same scans: "
            f"{'the same end state' if same['same_end_state'] else 'DIFFERENT end states'} "
            f"({same['differing_agreements']} agreements differ, {same['errors']} errors)"
        )
    print(f"written: {out.relative_to(ROOT)}")
    shutil.rmtree(TMP, ignore_errors=True)
    if "deadline_day" in results and not results["deadline_day"]["verified"]:
        sys.exit("deadline day NOT VERIFIED: some submissions were not recorded as sent")
    if "one_vs_two_servers" in results and not results["one_vs_two_servers"]["same_end_state"]:
        sys.exit("two servers did not leave the database as one server does")


if __name__ == "__main__":
    main()
