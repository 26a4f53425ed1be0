"""A local stand-in for a BSrE-style signing service, for tests and trials.

The interface `RemoteSigner` speaks: POST /api/sign/pdf with HTTP basic auth
and a multipart form (file, nik, nama, passphrase, field, reason, location,
url); 200 with the signed PDF, or 4xx with {"error": "..."}. It signs with a
certificate from this deployment's CA, so what it returns validates as trusted
here. Started by the tests on a loopback port, and by `manage.py
tte_fake_service` for a trial of the remote mode.
"""

import base64
import email.parser
import email.policy
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kinerja.signatures.signers import LocalSigner, SigningError, SignRequest

MAX_BODY = 30 * 1024 * 1024


class FakeSigningService:
    def __init__(self, *, username: str, password: str, passphrase: str, host: str = "127.0.0.1", port: int = 0):
        self.username, self.password, self.passphrase = username, password, passphrase
        self.requests: list[dict] = []  # what was asked, for the tests (without the file)
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):  # noqa: N802 - http.server's name
                service.handle(self)

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeSigningService":
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        if handler.path != "/api/sign/pdf":
            return _reply(handler, 404, {"error": "Tidak ditemukan"})
        length = int(handler.headers.get("Content-Length") or 0)
        if not 0 < length <= MAX_BODY:
            return _reply(handler, 413, {"error": "Berkas terlalu besar"})
        # The body is read before any refusal, as a web server in front of the
        # real service does: a reply sent while the client still uploads resets
        # the connection, and the client would see "unreachable" instead.
        body = handler.rfile.read(length)
        expected = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        if not hmac.compare_digest(handler.headers.get("Authorization", ""), f"Basic {expected}"):
            return _reply(handler, 401, {"error": "Kredensial aplikasi salah"})
        form = _parse(handler.headers.get("Content-Type", ""), body)
        self.requests.append({key: value for key, value in form.items() if key != "file"})
        if not isinstance(form.get("file"), bytes) or not form.get("nik"):
            return _reply(handler, 400, {"error": "Berkas atau NIK tidak ada"})
        if not hmac.compare_digest(str(form.get("passphrase", "")), self.passphrase):
            return _reply(handler, 400, {"error": "Passphrase salah"})
        try:
            signed = LocalSigner().sign(
                SignRequest(
                    pdf=form["file"],
                    field_name=str(form.get("field", "")),
                    signer_name=str(form.get("nama") or form["nik"]),
                    identity=str(form["nik"]),
                    passphrase="",
                    url=str(form.get("url", "")),
                    reason=str(form.get("reason", "")),
                    location=str(form.get("location", "")),
                    when=str(form.get("waktu", "")),
                )
            )
        except (SigningError, Exception) as error:  # noqa: BLE001 - a service answers, it does not crash
            return _reply(handler, 400, {"error": f"Gagal menandatangani: {type(error).__name__}"})
        handler.send_response(200)
        handler.send_header("Content-Type", "application/pdf")
        handler.send_header("Content-Length", str(len(signed)))
        handler.end_headers()
        handler.wfile.write(signed)


def _reply(handler: BaseHTTPRequestHandler, status: int, body: dict) -> None:
    data = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def _parse(content_type: str, body: bytes) -> dict:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    form: dict = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if part.get_filename() is not None:
            form[name] = part.get_payload(decode=True)
        else:
            form[name] = part.get_content()
    return form
