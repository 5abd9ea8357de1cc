"""argparse in German: help texts, section titles and error messages of ``werkstatt``.

argparse's own messages are English; the few an operator can meet are translated here, and an
error is one line on stderr (exit code 2) instead of the usage block.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

#: argparse's English messages → German (pattern, replacement), tried in order.
_MESSAGES = (
    (r"the following arguments are required: (.*)", r"es fehlt: \1"),
    (r"unrecognized arguments: (.*)", r"unbekannte Angabe: \1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"\1: \2 gibt es nicht (\3)"),
    (r"argument (\S+): invalid int value: (.*)", r"\1: \2 ist keine ganze Zahl"),
    (r"argument (\S+): expected one argument", r"\1 braucht einen Wert"),
    (r"argument (\S+): (.*)", r"\1: \2"),
    (r"ambiguous option: (\S+) could match (.*)", r"\1 ist mehrdeutig (\2)"),
)


def german(message: str) -> str:
    """argparse's error ``message`` in German (unknown ones stay as they are)."""
    for pattern, replacement in _MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class GermanHelpFormatter(argparse.HelpFormatter):
    """``Aufruf:`` instead of ``usage:``."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "Aufruf: " if prefix is None else prefix)


class GermanParser(argparse.ArgumentParser):
    """An ArgumentParser with German help and one-line German errors."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", GermanHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "Angaben"
        self._optionals.title = "Optionen"
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS,
            help="diese Hilfe zeigen und beenden",
        )  # fmt: skip

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: {german(message)} (Hilfe: {self.prog} --help)", file=sys.stderr)
        raise SystemExit(2)
