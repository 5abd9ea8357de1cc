"""How a question looks: its text, hints and buttons, rendered from the dialog position.

:class:`QuestionScreen` is mixed into the engine's :class:`~dialogs.engine.Turn`; it only reads
the turn's state and snapshot and returns a transport-neutral :class:`Message`.
"""

from __future__ import annotations

from typing import Any

from dialogs import parsing, presses
from dialogs.presses import DONE as DONE
from dialogs.presses import OTHER as OTHER
from dialogs.prompts import (
    MAX_BUTTON_BYTES,
    Asking,
    FormPrompt,
    ItemsPrompt,
    MultiChoicePrompt,
    Prompt,
)
from dialogs.records import Answer
from dialogs.replies import Button, Message, esc, option_list
from dialogs.state import Suggestion

HELP = "❓ Was ist gemeint?"
BACK = "◀ Zurück"
SKIP = "⏭ Überspringen"
PAUSE = "⏸ Pause"
KEEP = "✓ Beibehalten"
UNDO = "↩ Letzten Eintrag zurücknehmen"
AS_TYPED = "✏️ So übernehmen: "
KEEP_ALL = "✓ Antworten übernehmen"
REVIEW_ALL = "✏️ Einzeln durchgehen"


def entry_title(value: Any, prompt: ItemsPrompt | None = None) -> str:
    """The display title of a list entry (its text, or its first field)."""
    if isinstance(value, dict):
        key = prompt.title_field if prompt else None
        return str(value.get(key) if key else next(iter(value.values()), ""))
    return str(value)


def describe(value: Any) -> str:
    """A short German rendering of a stored value (escaped)."""
    if isinstance(value, bool):
        return "Ja" if value else "Nein"
    if isinstance(value, list):
        return esc(", ".join(map(str, value))) if value else "–"
    if isinstance(value, dict):
        return "; ".join(
            f"{esc(describe_plain(v))}" for v in value.values() if v not in (None, "")
        )
    if isinstance(value, float | int):
        return parsing.format_german_number(value)
    if isinstance(value, str) and parsing.looks_like_date(value):
        return parsing.format_date(value)
    return esc(value)


def describe_plain(value: Any) -> str:
    """Like :func:`describe`, without escaping (for templates and charts)."""
    if isinstance(value, bool):
        return "Ja" if value else "Nein"
    if isinstance(value, list):
        return ", ".join(map(str, value)) if value else "–"
    if isinstance(value, float | int):
        return parsing.format_german_number(value)
    return str(value)


class QuestionScreen:
    """Renders the current question; mixed into the engine's Turn."""

    def render_question(self, *, edit: bool = False, again: bool = False) -> Message:
        """The current question as a message with its buttons."""
        prompt = self._prompt()
        active = self._active_prompt()
        lines = [self._heading(prompt)]
        if prompt.for_each and self.state.subject_id is not None:
            subject = self.view.find(self.state.subject_id)
            subjects = self.asked_subjects(prompt)
            position = next(
                (i for i, s in enumerate(subjects, 1) if s.id == self.state.subject_id), 0
            )
            if subject is not None:
                lines.append(
                    f"<b>{position}/{len(subjects)}:</b> „{esc(entry_title(subject.value))}“"
                )
        if self.state.suggestion is not None:
            return self._suggestion_screen(lines, prompt, active, self.state.suggestion)
        offer = self.keep_offer()
        if offer is not None:
            return self._keep_offer_screen(lines, prompt, active, *offer)
        if prompt.show and not again:
            shown = self.subjects(prompt.model_copy(update={"for_each": None}))
            if shown:
                listed = [f"• {esc(entry_title(a.value))}" for a in shown[:40]]
                if len(shown) > 40:
                    listed.append(f"… und {len(shown) - 40} weitere")
                lines.append("<i>Bisher gesammelt:</i>\n" + "\n".join(listed))
        if again:
            lines.append(f"Noch {_one(prompt)}? Einfach schreiben – sonst „Fertig“.")
        else:
            lines.append(self._question_text(prompt, active))
        asking = self._asking(active)
        lines.append(option_list(self._typed_options(active, asking)))
        hint = self._format_hint(active, asking)
        if hint:
            lines.append(f"<i>{hint}</i>")
        at_start = active is prompt or (isinstance(prompt, FormPrompt) and self.state.field == 0)
        existing = self._existing() if at_start else None
        if existing is not None:
            shown = active.shown(existing.value) or describe(existing.value)
            lines.append(f"Bisher: <b>{shown}</b>")
        if isinstance(active, MultiChoicePrompt) and self.state.selected:
            lines.append("Ausgewählt: " + esc(", ".join(self.state.selected)))
        return Message(
            text="\n\n".join(line for line in lines if line),
            buttons=self._keyboard(prompt, active, existing, asking),
            edit=edit,
        )

    def _suggestion_screen(
        self, lines: list[str], prompt: Prompt, active: Prompt, suggestion: Suggestion
    ) -> Message:
        """„Meinten Sie …?“ with the candidates (and the typed text as it is) as buttons."""
        typed = esc(suggestion.typed)
        if len(suggestion.candidates) == 1:
            lines.append(f"Meinten Sie „{esc(suggestion.candidates[0])}“?")
        else:
            lines.append("Meinten Sie eine dieser Angaben?")
        if suggestion.own:
            lines.append(
                f"<i>„{typed}“ steht so nicht zur Auswahl. Tippen Sie an, was gemeint ist – oder "
                "übernehmen Sie Ihre Angabe so, wie Sie sie geschrieben haben.</i>"
            )
        else:
            lines.append(
                f"<i>„{typed}“ steht so nicht zur Auswahl. Tippen Sie an, was gemeint ist, oder "
                "schreiben Sie es noch einmal.</i>"
            )
        rows = [
            (presses.Meant(choice=str(i)).button(candidate, number=i + 1),)
            for i, candidate in enumerate(suggestion.candidates)
        ]
        if suggestion.own:
            own = _fit(AS_TYPED + suggestion.typed)
            rows.append((presses.Meant(choice="own").button(own, number=len(rows) + 1),))
        lines.append(option_list(row[0].label for row in rows))
        return Message(
            text="\n\n".join(lines), buttons=(*rows, *self._help_and_nav(prompt, active))
        )

    def _keep_offer_screen(
        self, lines: list[str], prompt: Prompt, active: Prompt, answered: int, entries: int
    ) -> Message:
        """Take over the member's earlier answers to a per-entry question, or go through all."""
        lines.append(self._question_text(prompt, active))
        lines.append(
            f"Zu {answered} von {entries} Einträgen haben Sie diese Frage schon beantwortet – "
            "zum Beispiel in einer Live-Sitzung der Gruppe. Übernehmen Sie Ihre Antworten, "
            "frage ich nur noch nach dem, was fehlt. Ändern können Sie sie, indem Sie alle "
            "einzeln durchgehen."
        )
        lines.append(option_list((KEEP_ALL, REVIEW_ALL)))
        rows = (
            (presses.KeepOwn(mode="keep").button(KEEP_ALL, number=1),),
            (presses.KeepOwn(mode="review").button(REVIEW_ALL, number=2),),
        )
        nav = self._help_and_nav(prompt, active, skippable=False)
        return Message(text="\n\n".join(lines), buttons=(*rows, *nav))

    def _skippable(self, prompt: Prompt, active: Prompt) -> bool:
        """Whether „Überspringen“ applies here (an optional prompt or field of an entry)."""
        if isinstance(prompt, FormPrompt) and self.state.field == 0 and prompt.optional:
            return True
        if isinstance(prompt, FormPrompt | ItemsPrompt) and prompt.fields:
            return self.state.field > 0 and active.optional
        return prompt.optional and not isinstance(prompt, ItemsPrompt)

    def _heading(self, prompt: Prompt) -> str:
        asked = self.asked_prompts()
        number = asked.index(self.state.index) + 1 if self.state.index in asked else 1
        heading = f"<b>{esc(self.dialog.title)}</b> · Frage {number}/{len(asked)}"
        if isinstance(prompt, FormPrompt | ItemsPrompt) and prompt.fields:
            heading += f" · Feld {self.state.field + 1}/{len(prompt.fields)}"
        return heading

    def _question_text(self, prompt: Prompt, active: Prompt) -> str:
        values = {
            "kommune": esc(self.view.team.municipality) if self.view.team else "Ihre Kommune"
        }
        text = active.question
        if active is not prompt:
            text = f"{prompt.question}\n\n<b>{active.question}</b>"
        try:
            return text.format_map(values)
        except (KeyError, IndexError, ValueError):
            return text

    def _format_hint(self, prompt: Prompt, asking: Asking) -> str:
        if self.state.awaiting_other:
            return "Schreiben Sie Ihre eigene Angabe."
        if isinstance(prompt, ItemsPrompt):
            return (
                f"{_capital(_one(prompt))} pro Nachricht; zum Schluss „Fertig“. Soll „Fertig“ "
                "selbst eingetragen werden, schreiben Sie es in Anführungszeichen."
            )
        return prompt.hint(asking)

    def _typed_options(self, active: Prompt, asking: Asking) -> tuple[str, ...]:
        """The options a typed number chooses at this question (numbered in the text)."""
        return () if self.state.awaiting_other else active.numbered_options(asking)

    def offers_done(self) -> bool:
        """Whether the question shows „✅ Fertig“; a typed done-word („fertig“) then acts like
        it."""
        return self._active_prompt().offers_done or isinstance(self._prompt(), ItemsPrompt)

    def _keyboard(
        self, prompt: Prompt, active: Prompt, existing: Answer | None, asking: Asking
    ) -> tuple[tuple[Button, ...], ...]:
        rows = list(active.answer_buttons(asking))
        if isinstance(prompt, ItemsPrompt) and not isinstance(active, MultiChoicePrompt):
            row = [presses.Done().button(DONE)]
            own = self.view.current(
                self.dialog.id,
                prompt.key,
                author_id=self.view.member.id if self.view.member else None,
            )
            if own and not self.state.draft.get("entry"):
                row.append(presses.UndoEntry().button(UNDO))
            rows.append(tuple(row))
        if existing is not None:
            rows.insert(0, (presses.Keep().button(KEEP),))
        return (*rows, *self._help_and_nav(prompt, active))

    def _help_and_nav(
        self, prompt: Prompt, active: Prompt, *, skippable: bool = True
    ) -> tuple[tuple[Button, ...], ...]:
        """The rows every question ends with: help, then back, skip (where allowed), pause."""
        nav = [presses.Back().button(BACK)]
        if skippable and self._skippable(prompt, active):
            nav.append(presses.Skip().button(SKIP))
        nav.append(presses.Pause().button(PAUSE))
        return ((presses.Help().button(HELP),), tuple(nav))


def _fit(label: str) -> str:
    """A button label cut to what Telegram shows, with „…“ where it was cut."""
    if len(label.encode()) <= MAX_BUTTON_BYTES:
        return label
    while len((label + "…").encode()) > MAX_BUTTON_BYTES:
        label = label[:-1]
    return label.rstrip() + "…"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _one(prompt: Prompt) -> str:
    return prompt.one_item if isinstance(prompt, ItemsPrompt) else "ein Eintrag"


def unsupported_hint(kind: str) -> str:
    """Friendly German hint for a message we cannot read."""
    names = {
        "sticker": "Sticker",
        "photo": "Fotos",
        "voice": "Sprachnachrichten",
        "video": "Videos",
        "document": "Dateien",
        "location": "Standorte",
        "contact": "Kontakte",
        "animation": "GIFs",
    }
    what = names.get(kind, "Nachrichten dieser Art")
    return (
        f"{what} kann ich hier leider nicht auswerten. Bitte antworten Sie mit Text "
        "oder über die Schaltflächen."
    )
