"""The web page answering a PSNI-shaped workbook of 10,000 hidden rows: upload to results page,
end to end over HTTP against the real app under uvicorn (multipart upload, scan, pictures of
the sheets, rendering, the response read in full). Target: < 2 s. Baseline in the same run:
the bare scan_bytes of the same file.

    python bench/bench_web.py [--rows 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import socket
import sys
import tempfile
import threading
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
import uvicorn  # noqa: E402

from bench.timing import median_time  # noqa: E402
from foi_guard.pipeline import scan_bytes  # noqa: E402
from foi_guard.web.app import create_app  # noqa: E402
from foi_guard.web.security import CSRF_COOKIE  # noqa: E402
from sample_spreadsheets.make_samples import build_psni_style_workforce  # noqa: E402

TARGET_SECONDS = 2.0


def start_server() -> tuple[uvicorn.Server, threading.Thread, str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), log_level="warning",
                                           access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    return server, thread, f"http://127.0.0.1:{port}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as tmp:
        source = build_psni_style_workforce(Path(tmp) / "psni.xlsx", n=args.rows)
        data = source.read_bytes()
    server, thread, base = start_server()
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            client.get("/")
            csrf = client.cookies[CSRF_COOKIE]

            def upload() -> None:
                page = client.post("/scan", data={"csrf": csrf},
                                   files=[("files", ("psni.xlsx", data, "application/x"))])
                if page.status_code != 200 or "Do not release" not in page.text:
                    raise SystemExit(f"unexpected answer: HTTP {page.status_code}")
                forget = re.findall(r'name="token" value="([^"]+)"', page.text)
                client.post("/forget", data={"csrf": csrf, "token": forget})

            page_seconds = median_time(upload, args.repeat)
        scan_seconds = median_time(lambda: scan_bytes(data, "psni.xlsx"), args.repeat)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    verdict = "met" if page_seconds < TARGET_SECONDS else "MISSED"
    print(f"web page, PSNI-shaped workbook ({args.rows:,} hidden rows x 6 columns + summary, "
          f"{len(data):,} bytes): upload -> results page {page_seconds:.2f} s "
          f"(median of {args.repeat}; target < {TARGET_SECONDS:g} s: {verdict}); "
          f"baseline scan_bytes {scan_seconds:.2f} s; page overhead "
          f"{page_seconds - scan_seconds:+.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
