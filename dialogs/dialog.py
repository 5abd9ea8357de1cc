"""Dialogs and work steps: ordered prompts declared as data."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from dialogs.errors import DeclarationError
from dialogs.prompts import ItemsPrompt, Prompt, Scope


class Dialog(BaseModel):
    """An ordered list of prompts that one engine steps through."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    intro: str = ""
    done_text: str = "Vielen Dank, alles ist gespeichert."
    prompts: tuple[Prompt, ...]

    @model_validator(mode="after")
    def _check(self) -> Dialog:
        if not self.prompts:
            raise DeclarationError(f"{self.id}: keine Fragen")
        keys = [p.key for p in self.prompts]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise DeclarationError(f"{self.id}: Schlüssel doppelt: {', '.join(duplicates)}")
        for i, prompt in enumerate(self.prompts):
            for ref in (prompt.for_each, prompt.show):
                if ref and "." not in ref:
                    target = self.prompt(ref)
                    if target is None or keys.index(ref) >= i:
                        raise DeclarationError(
                            f"{self.id}.{prompt.key}: verweist auf {ref!r}, das vorher nicht "
                            "gefragt wird"
                        )
                    if not isinstance(target, ItemsPrompt):
                        raise DeclarationError(f"{self.id}.{prompt.key}: {ref!r} ist keine Liste")
            if prompt.only_if and prompt.only_if.key not in keys[:i]:
                raise DeclarationError(f"{self.id}.{prompt.key}: Bedingung auf unbekannte Frage")
            if prompt.for_each and prompt.scope is Scope.POOL:
                raise DeclarationError(f"{self.id}.{prompt.key}: Liste je Eintrag nicht möglich")
        return self

    def prompt(self, key: str) -> Prompt | None:
        """The prompt with ``key``, or None."""
        return next((p for p in self.prompts if p.key == key), None)


class Step(Dialog):
    """One of the nine work steps (or the strategy paper block)."""

    number: str
    cycle: str
    purpose: str
    builds_on: tuple[str, ...] = ()
    charts: tuple[str, ...] = ()
