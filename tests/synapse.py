"""A real Synapse homeserver for the Matrix tests: started in a temporary directory on a free
port of 127.0.0.1 (SQLite, no federation, rate limits lifted), users registered through the
shared-secret admin API. Started once per test session, stopped at its end."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

SERVER_NAME = "werkstatt.test"

#: Generous limits: the tests send bursts the default 0.2 messages/s would throttle.
_LIFTED = {"per_second": 10000, "burst_count": 10000}


@dataclass(frozen=True)
class Account:
    """A registered user with a fresh access token (its own device)."""

    user_id: str
    password: str
    access_token: str
    device_id: str


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _config(home: Path, port: int, secret: str) -> dict[str, object]:
    return {
        "server_name": SERVER_NAME,
        "pid_file": str(home / "homeserver.pid"),
        "listeners": [
            {
                "port": port,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client"], "compress": False}],
            }
        ],
        "database": {"name": "sqlite3", "args": {"database": str(home / "homeserver.db")}},
        "media_store_path": str(home / "media"),
        "signing_key_path": str(home / "signing.key"),
        "registration_shared_secret": secret,
        "macaroon_secret_key": secrets.token_hex(16),
        "form_secret": secrets.token_hex(16),
        "report_stats": False,
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        "federation_domain_whitelist": [],
        "use_presence": False,
        "enable_metrics": False,
        "rc_message": _LIFTED,
        "rc_joins": {"local": _LIFTED, "remote": _LIFTED},
        "rc_invites": {"per_room": _LIFTED, "per_user": _LIFTED, "per_issuer": _LIFTED},
        "rc_login": {"address": _LIFTED, "account": _LIFTED, "failed_attempts": _LIFTED},
        "rc_registration": _LIFTED,
        "rc_key_requests": _LIFTED,
        "rc_room_creation": _LIFTED,
        "rc_media_create": _LIFTED,
        "rc_delayed_event_mgmt": _LIFTED,
    }


class Synapse:
    """One homeserver process; :meth:`register` creates users."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.port = free_port()
        self.secret = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        config = self.home / "homeserver.yaml"
        # JSON is YAML: no YAML writer needed.
        config.write_text(json.dumps(_config(self.home, self.port, self.secret)))
        base = [sys.executable, "-m", "synapse.app.homeserver", "-c", str(config)]
        subprocess.run([*base, "--generate-keys"], check=True, capture_output=True)
        with (self.home / "synapse.log").open("wb") as log:
            self.proc = subprocess.Popen(base, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Synapse ended: see {self.home / 'synapse.log'}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{self.url}/_matrix/client/versions", timeout=2),
            ):
                return
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("Synapse did not start in time")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def send_raw(
        self, account: Account, room_id: str, event_type: str, content: dict[str, object]
    ) -> dict[str, object]:
        """Send an event as ``account`` past any client (e.g. one nobody can decrypt)."""
        path = f"/_matrix/client/v3/rooms/{room_id}/send/{event_type}/{secrets.token_hex(8)}"
        return self._post(path, content, token=account.access_token, method="PUT")

    def _post(
        self,
        path: str,
        body: dict[str, object],
        *,
        token: str | None = None,
        method: str = "POST",
    ) -> dict[str, object]:
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(
            f"{self.url}{path}", data=json.dumps(body).encode(), headers=headers, method=method
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def register(self, name: str, *, admin: bool = False) -> Account:
        """A new user ``@name:werkstatt.test`` via the shared-secret admin API."""
        with urllib.request.urlopen(f"{self.url}/_synapse/admin/v1/register", timeout=30) as r:
            nonce = json.loads(r.read())["nonce"]
        password = secrets.token_hex(8)
        parts = [nonce, name, password, "admin" if admin else "notadmin"]
        mac = hmac.new(self.secret.encode(), "\0".join(parts).encode(), hashlib.sha1)
        data = self._post(
            "/_synapse/admin/v1/register",
            {
                "nonce": nonce,
                "username": name,
                "password": password,
                "admin": admin,
                "mac": mac.hexdigest(),
            },
        )
        return Account(
            str(data["user_id"]), password, str(data["access_token"]), str(data["device_id"])
        )
