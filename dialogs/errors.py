"""The error hierarchy of the domain. Every message is German and meant for the user."""


class WorkshopError(Exception):
    """Base for errors whose text can be shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidAnswer(WorkshopError):
    """An answer did not fit its prompt; the message says what is expected."""


class NearMatch(Exception):
    """Typed text comes close to options without naming one exactly: ask which was meant.

    ``own`` says whether the text may stay as the person's own entry. For a multiple choice,
    ``chosen`` holds what the earlier parts named and ``rest`` the parts still to read.
    """

    def __init__(
        self,
        typed: str,
        candidates: list[str],
        *,
        own: bool,
        chosen: list[str] | None = None,
        rest: list[str] | None = None,
    ) -> None:
        super().__init__(typed)
        self.typed = typed
        self.candidates = candidates
        self.own = own
        self.chosen = chosen or []
        self.rest = rest or []


class NotAllowed(WorkshopError):
    """The person may not do this (wrong team, wrong role)."""


class DeclarationError(ValueError):
    """A work step or prompt is declared wrongly (raised at import time)."""
