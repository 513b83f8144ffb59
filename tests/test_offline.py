"""No run touches the network: a scan that loads the spaCy model and Presidio, in a process whose
sockets are blocked, finds what it should and records no attempt to connect or resolve."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.fixtures.detect_fixtures import build_statement_note

RUNNER = r"""
import json, socket, sys
attempts = []
def refuse(name):
    def blocked(*args, **kwargs):
        attempts.append(name)
        raise OSError(f"network blocked by test: {name}")
    return blocked
socket.socket.connect = refuse("connect")
socket.socket.connect_ex = refuse("connect_ex")
socket.create_connection = refuse("create_connection")
socket.getaddrinfo = refuse("getaddrinfo")
socket.gethostbyname = refuse("gethostbyname")
from click.testing import CliRunner
from foi_guard.cli import main
from foi_guard.detect import text
result = CliRunner().invoke(main, ["scan", "--format", "json", sys.argv[1]])
print(json.dumps({"exit": result.exit_code, "attempts": attempts, "report": result.stdout,
                  "engines": text._batch_engine.cache_info().currsize}))
"""


def test_scan_with_nlp_makes_no_network_attempt(tmp_path: Path) -> None:
    path = build_statement_note(tmp_path / "note.xlsx")
    done = subprocess.run([sys.executable, "-c", RUNNER, str(path)], capture_output=True,
                          text=True, check=True, timeout=300)
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["attempts"] == [], outcome["attempts"]
    assert outcome["exit"] == 1
    assert outcome["engines"] == 1, "the scan did not load Presidio and the spaCy model"
    report = json.loads(outcome["report"])
    entities = {f["entity"] for f in report["files"][0]["findings"]}
    assert "PERSON" in entities, entities
