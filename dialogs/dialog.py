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
            condition = prompt.only_if
            if condition and "." not in condition.key and condition.key not in keys[:i]:
                raise DeclarationError(f"{self.id}.{prompt.key}: Bedingung auf unbekannte Frage")
            if prompt.for_each and prompt.scope is Scope.POOL:
                raise DeclarationError(f"{self.id}.{prompt.key}: Liste je Eintrag nicht möglich")
        return self

    def prompt(self, key: str) -> Prompt | None:
        """The prompt with ``key``, or None."""
        return next((p for p in self.prompts if p.key == key), None)


class Step(Dialog):
    """One of the nine work steps, or one part of a step (AS1 has five parts)."""

    number: str
    cycle: str
    purpose: str
    #: Id of the work step this is a part of (``"as1"``); summaries are made per work step.
    part_of: str | None = None
    #: Title of the whole work step when this dialog is one of its parts (``"Bestandsanalyse"``).
    step_title: str | None = None
    builds_on: tuple[str, ...] = ()
    #: Only the members listed in this team answer (``"step.key"``, member labels) may answer.
    respondents: str | None = None
    #: Once the facilitator closed the step, answers can no longer be changed.
    locked_when_closed: bool = False
    #: Shown in the overview only to these roles (e.g. a facilitator's set-up dialog).
    facilitator_only: bool = False

    @property
    def work_step(self) -> str:
        """The id of the work step (the step itself, or the step it is a part of)."""
        return self.part_of or self.id

    @property
    def work_step_name(self) -> str:
        """The name of the work step as the bot shows it (``"AS3 Visionen und Ziele"``)."""
        return f"{self.number} {self.step_title or self.title}"
