"""Starting the Matrix bot from the command line: missing or wrong settings are one German
line, never a traceback, and the token never shows."""

from __future__ import annotations

from pathlib import Path

from tests.synapse import free_port
from tests.test_cli_operations import refused, werkstatt


def test_matrix_without_its_settings_says_what_is_missing(tmp_path: Path) -> None:
    result = werkstatt(tmp_path, "run", "--messenger", "matrix", "--db", "w.db")
    refused(result, "MATRIX_HOMESERVER_URL, MATRIX_USER_ID und MATRIX_ACCESS_TOKEN")


def test_an_unreachable_homeserver_is_named_without_the_token(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    env = {
        "WERKSTATT_MESSENGER": "matrix",
        "MATRIX_HOMESERVER_URL": url,
        "MATRIX_USER_ID": "@werkstatt:example.org",
        "MATRIX_ACCESS_TOKEN": "syt_geheim_4711",
    }
    result = werkstatt(tmp_path, "run", "--db", "w.db", env=env)
    assert result.returncode == 1
    assert f"Der Matrix-Server {url} ist nicht erreichbar" in result.stderr.splitlines()[-1]
    assert "Traceback" not in result.stderr and "syt_geheim_4711" not in result.stderr
