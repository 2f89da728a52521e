"""An isolated, real keyring backend for tests: the code under test goes through keyring's
public API exactly as it does with the Windows Credential Manager."""

from __future__ import annotations

import os

import keyring
import keyring.backend
import keyring.errors
from jaraco.classes import properties


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real `KeyringBackend` keeping entries in a dict: the code under test goes through
    keyring's public API exactly as with the Windows Credential Manager."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError("no such password") from None


class FileKeyring(MemoryKeyring):
    """MemoryKeyring kept in a JSON file, so that the CLI run as a child process (which selects
    it with PYTHON_KEYRING_BACKEND=keyring_support.FileKeyring) shares it across runs. The file
    is NKDASH_TEST_KEYRING_FILE, under the test's tmp_path."""

    @properties.classproperty
    def priority(cls) -> float:  # type: ignore[override]
        # not viable elsewhere: keyring instantiates every viable subclass it knows of
        if "NKDASH_TEST_KEYRING_FILE" not in os.environ:
            raise RuntimeError("only for the CLI run as a child process of a test")
        return 1

    def __init__(self) -> None:
        super().__init__()
        import json
        from pathlib import Path

        self.path = Path(os.environ["NKDASH_TEST_KEYRING_FILE"])
        self._json = json
        if self.path.exists():
            for service, username, password in json.loads(self.path.read_text("utf-8")):
                self.entries[(service, username)] = password

    def _save(self) -> None:
        rows = [[s, u, p] for (s, u), p in self.entries.items()]
        self.path.write_text(self._json.dumps(rows), encoding="utf-8")

    def set_password(self, service: str, username: str, password: str) -> None:
        super().set_password(service, username, password)
        self._save()

    def delete_password(self, service: str, username: str) -> None:
        super().delete_password(service, username)
        self._save()
