"""Deadline day: every unit's operator logs in, opens its agreement, uploads the
signed scan (an image-only PDF of its final print, which the app reads page by
page) and submits, 50 at a time, against two gunicorn instances on
two loopback ports sharing one database and one file store. Then every
submission is checked: recorded exactly once, and every scan's SHA-256 is the
one the operator sent. Then `same_as_one_server` runs one workload (100
operators, the same scans) on one server and on two, and compares the end
states of the database.

Called by bench/run.py after the national data set is generated; it changes the
data (all agreements go back to "final" first), so it runs last.
"""

import asyncio
import hashlib
import os
import re
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "50"))
# gunicorn's rule of thumb is 2 × cores + 1 sync workers per machine; the two
# instances here share the 2 cores, one core each, so 3 workers each.
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _scan(agreement_id: int) -> bytes:
    """The scan of the agreement's signed final print, as the app requires it: every page
    rasterised at 150 dpi in greyscale (about 150 KB a page), an image-only PDF carrying
    the PK's code in its QR codes. The same agreement always gives the same bytes."""
    from kinerja.agreements.models import Agreement
    from kinerja.demo.scans import scan_of
    from kinerja.documents.builder import build_document
    from kinerja.documents.render import render

    agreement = Agreement.objects.select_related("unit").get(pk=agreement_id)
    return scan_of(render(build_document(agreement), "pdf"), rotation=0, noise=0)


def prepare() -> list[tuple[str, int]]:
    """Put every agreement of 2024 back to "final" with no scan: the state before the last day."""
    from django.contrib.auth import get_user_model

    from kinerja.agreements.models import Agreement, SignedScan, Status, StatusChange
    from kinerja.documents.models import DocumentCode, IssuedDocument
    from kinerja.signatures.models import ElectronicSignature
    from kinerja.submissions.models import CompilationPackage, HardcopyArchive, HardcopyRequest, Sending

    agreements = Agreement.objects.filter(year=2024, version=1)
    later = [Status.SIGNED, Status.SUBMITTED, Status.COMPILED, Status.RECEIVED]
    CompilationPackage.objects.filter(year=2024).delete()
    for model in (HardcopyArchive, HardcopyRequest, Sending, SignedScan):
        model.objects.filter(agreement__in=agreements).delete()
    IssuedDocument.objects.filter(agreement__in=agreements, kind="signed").delete()
    StatusChange.objects.filter(agreement__in=agreements, to_status__in=later).delete()
    # Not a content change, so the integrity guard on content does not apply.
    revisions = Agreement.objects.filter(year=2024, version__gt=1)
    for model in (ElectronicSignature, IssuedDocument, DocumentCode):
        model.objects.filter(agreement__in=revisions).delete()
    revisions.delete()
    agreements.update(status=Status.FINAL, submitted_at=None, days_late=None)
    by_unit = dict(agreements.values_list("unit_id", "pk"))
    operators = (
        get_user_model()
        .objects.filter(username__startswith="op.", memberships__role="operator")
        .values_list("username", "memberships__unit_id")
    )
    return [(username, by_unit[unit_id]) for username, unit_id in operators if unit_id in by_unit]


def start_servers(count: int = 2) -> tuple[list[subprocess.Popen], list[str]]:
    processes, urls = [], []
    env = dict(os.environ, DEBUG="false", SECRET_KEY="bench-" + secrets.token_hex(16), ALLOWED_HOSTS="127.0.0.1")
    for _ in range(count):
        port = _free_port()
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "kinerja.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(WORKERS),
                    "--timeout",
                    "120",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    for url in urls:
        port = int(url.rsplit(":", 1)[1])
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
    return processes, urls


def stop_servers(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        process.wait(timeout=30)


async def _login(client, base: str, username: str, timings: dict, errors: list) -> bool:
    start = time.perf_counter()
    try:
        page = await client.get(f"{base}/masuk/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = await client.post(
            f"{base}/masuk/",
            data={"username": username, "password": "kinerja-demo-2024", "csrfmiddlewaretoken": token},
            headers={"Referer": f"{base}/masuk/"},
        )
        if response.status_code != 302:
            raise RuntimeError(f"login {response.status_code}")
    except Exception as error:  # noqa: BLE001 - every failure is counted and reported, none stops the run
        errors.append(f"{username}: {error}")
        return False
    timings.setdefault("login", []).append((time.perf_counter() - start) * 1000)
    return True


async def _submit(client, base: str, username: str, agreement_id: int, scan: bytes, timings: dict, errors: list):
    """Open the agreement, upload the scan, submit: the work of the last day."""

    def mark(step: str, start: float) -> None:
        timings.setdefault(step, []).append((time.perf_counter() - start) * 1000)

    try:
        start = time.perf_counter()
        response = await client.get(f"{base}/pk/{agreement_id}/")
        if response.status_code != 200:
            raise RuntimeError(f"open {response.status_code}")
        token = client.cookies.get("csrftoken")
        mark("open_agreement", start)

        headers = {"X-CSRFToken": token, "Referer": f"{base}/pk/{agreement_id}/"}
        start = time.perf_counter()
        response = await client.post(
            f"{base}/pk/{agreement_id}/pindaian/",
            files={"file": ("pk-ttd.pdf", scan, "application/pdf")},
            headers=headers,
        )
        if response.status_code != 302:
            raise RuntimeError(f"upload {response.status_code}")
        mark("upload_scan", start)

        start = time.perf_counter()
        response = await client.post(f"{base}/pk/{agreement_id}/sampaikan/", headers=headers)
        if response.status_code != 302:
            raise RuntimeError(f"submit {response.status_code}")
        mark("submit", start)
    except Exception as error:  # noqa: BLE001 - every failure is counted and reported, none stops the run
        errors.append(f"{username}: {error}")


async def _run(operators, urls, scans) -> tuple[dict, list, float, float]:
    """Two phases, each 50 at a time: everyone signs in, then everyone submits.

    Signing in is deliberately slow (PBKDF2 with 1,000,000 iterations, about a
    third of a second of CPU each); measured apart, it does not hide the cost
    of the work that matters on the last day.
    """
    import httpx

    timings: dict = {}
    errors: list = []
    gate = asyncio.Semaphore(CONCURRENCY)
    clients = [httpx.AsyncClient(timeout=120) for _ in operators]

    async def sign_in(index: int, username: str) -> None:
        async with gate:
            await _login(clients[index], urls[index % len(urls)], username, timings, errors)

    async def submit(index: int, username: str, agreement_id: int) -> None:
        async with gate:
            await _submit(
                clients[index], urls[index % len(urls)], username, agreement_id, scans[username], timings, errors
            )

    try:
        start = time.perf_counter()
        await asyncio.gather(*(sign_in(i, username) for i, (username, _) in enumerate(operators)))
        login_wall = time.perf_counter() - start
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_SELF)
        await asyncio.gather(*(submit(i, username, agreement) for i, (username, agreement) in enumerate(operators)))
        submit_wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF)
        # The load generator runs on the same 2 cores as the servers: what it takes, they lack.
        timings["_client_cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
    return timings, errors, login_wall, submit_wall


def _percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    if not ordered:
        return {}
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, int(round(len(ordered) * 0.95)) - 1)], 1),
        "count": len(ordered),
    }


def _rss_mb(processes: list[subprocess.Popen]) -> float:
    """The largest resident memory of a gunicorn worker (children of the masters)."""
    largest = 0
    for process in processes:
        children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        for pid in children:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        largest = max(largest, int(line.split()[1]))
            except OSError:
                continue
    return round(largest / 1024, 1)


def end_state(agreement_ids) -> dict:
    """What the day leaves behind, per agreement, without the clock: status, how many
    times it was submitted, the current scan's SHA-256, how many scans, days late."""
    from kinerja.agreements.models import Agreement, SignedScan, Status, StatusChange

    state = {
        pk: {"status": status, "days_late": late, "submitted": 0, "scan": None, "scans": 0}
        for pk, status, late in Agreement.objects.filter(pk__in=agreement_ids).values_list("pk", "status", "days_late")
    }
    for pk in StatusChange.objects.filter(agreement_id__in=agreement_ids, to_status=Status.SUBMITTED).values_list(
        "agreement_id", flat=True
    ):
        state[pk]["submitted"] += 1
    for pk, sha, replaced in SignedScan.objects.filter(agreement_id__in=agreement_ids).values_list(
        "agreement_id", "sha256", "replaced_at"
    ):
        state[pk]["scans"] += 1
        if replaced is None:
            state[pk]["scan"] = sha
    return state


def _day(operators, servers: int) -> tuple[dict[int, str], dict, list, float, float, float, float]:
    """Start `servers` gunicorn instances and run the day for `operators` (from
    `prepare()`). Returns the scans' SHA-256 by agreement, the timings,
    the errors, the sign-in and submit wall times, the load generator's CPU
    seconds and the largest worker's memory."""
    from django.db import connection

    scans = {username: _scan(agreement) for username, agreement in operators}
    expected = {agreement: hashlib.sha256(scans[username]).hexdigest() for username, agreement in operators}
    connection.close()
    processes, urls = start_servers(servers)
    try:
        timings, errors, login_wall, wall = asyncio.run(_run(operators, urls, scans))
        worker_rss = _rss_mb(processes)
    finally:
        stop_servers(processes)
    client_cpu = timings.pop("_client_cpu_s")
    return expected, timings, errors, login_wall, wall, client_cpu, worker_rss


def same_as_one_server(count: int = 100) -> dict:
    """The same workload (`count` operators, the same scans) on one server and on
    two: the database must end in the same state."""
    states = {}
    for servers in (1, 2):
        expected, _timings, errors, *_rest = _day(prepare()[:count], servers)
        states[servers] = (end_state(expected), errors)
    (one, one_errors), (two, two_errors) = states[1], states[2]
    return {
        "operators": count,
        "errors": len(one_errors) + len(two_errors),
        "same_end_state": one == two,
        "differing_agreements": sum(1 for pk in one if one[pk] != two.get(pk)),
    }


def deadline_day(servers: int = 2) -> dict:
    from kinerja.agreements.models import Status

    operators = prepare()
    expected, timings, errors, login_wall, wall, client_cpu, worker_rss = _day(operators, servers)
    state = end_state(expected)
    requests = [value for step, values in timings.items() if step != "login" for value in values]
    recorded = sum(1 for pk in expected if state[pk]["status"] == Status.SUBMITTED)
    exactly_once = sum(1 for pk in expected if state[pk]["submitted"] == 1)
    matching = sum(1 for pk, sha in expected.items() if state[pk]["scan"] == sha)
    # A refused upload answers with a redirect too (back to the page, with the
    # reason): only the database tells whether the day's work was done.
    verified = not errors and recorded == exactly_once == matching == len(operators)
    return {
        "operators": len(operators),
        "servers": servers,
        "workers_per_server": WORKERS,
        "concurrency": CONCURRENCY,
        "login_phase_s": round(login_wall, 1),
        "submit_phase_s": round(wall, 1),
        "operators_per_s": round(len(operators) / wall, 2),
        "load_generator_cpu_share": round(client_cpu / (wall * (os.cpu_count() or 1)), 2),
        "errors": len(errors),
        "first_errors": errors[:5],
        "steps": {step: _percentiles(values) for step, values in timings.items()},
        "requests_after_login": _percentiles(requests),
        "recorded_submitted": recorded,
        "submitted_exactly_once": exactly_once,
        "scans_matching_sha256": matching,
        "verified": verified,
        "web_worker_peak_rss_mb": worker_rss,
    }
