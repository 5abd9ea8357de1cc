"""The error hierarchy of the domain. Every message is German and meant for the user."""


class WorkshopError(Exception):
    """Base for errors whose text can be shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidAnswer(WorkshopError):
    """An answer did not fit its prompt; the message says what is expected."""


class NotAllowed(WorkshopError):
    """The person may not do this (wrong team, wrong role)."""


class DeclarationError(ValueError):
    """A work step or prompt is declared wrongly (raised at import time)."""
