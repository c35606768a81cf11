"""`make lab` serves JupyterLab on 127.0.0.1 only, with a token, opening the first module."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_make_lab_serves_the_course_on_loopback_with_a_token(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "lab.log"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "BROWSER": "true"}
    with log.open("w") as out:
        server = subprocess.Popen(
            ["make", "--no-print-directory", "lab", f"LAB_PORT={port}"],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        url = None
        while url is None and time.monotonic() < deadline and server.poll() is None:
            match = re.search(
                rf"http://127\.0\.0\.1:{port}/lab/tree/00_start_here\.ipynb\?token=(\w+)",
                log.read_text(),
            )
            url = match and match.group(0)
            time.sleep(0.2)
        assert url, f"no URL with a token was printed:\n{log.read_text()[-3000:]}"
        token = url.rsplit("=", 1)[1]
        api = f"http://127.0.0.1:{port}/api/contents/00_start_here.ipynb?content=0&token={token}"
        with urllib.request.urlopen(api, timeout=30) as response:
            assert json.load(response)["name"] == "00_start_here.ipynb"
        listening = subprocess.run(
            ["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True
        ).stdout
        assert "127.0.0.1:" in listening and "0.0.0.0:" not in listening.split()[3]
        without_token = f"http://127.0.0.1:{port}/api/contents"
        try:
            urllib.request.urlopen(without_token, timeout=30)
            raise AssertionError("the server answered without a token")
        except urllib.error.HTTPError as error:
            assert error.code == 403
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
