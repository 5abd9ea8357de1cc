"""The dialog engine: a pure function of (state, event, snapshot) → (state, replies, writes).

It steps through the prompts of a :class:`~dialogs.dialog.Dialog`, parses answers, says what is
wrong in plain German, and hands back what to store. It never does I/O; the service commits the
writes and the new state in one transaction before any reply is sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dialogs import parsing, presses
from dialogs.dialog import Dialog
from dialogs.errors import InvalidAnswer, NearMatch
from dialogs.events import Event, Nav, Press, Unsupported
from dialogs.options import options_for
from dialogs.prompts import (
    Accept,
    AddDot,
    Asking,
    Audience,
    ChoicePrompt,
    DotsPrompt,
    FormPrompt,
    ItemsPrompt,
    MultiChoicePrompt,
    Prompt,
    Scope,
    Toggle,
)
from dialogs.records import Answer
from dialogs.replies import Message, Reply, esc
from dialogs.screen import (
    QuestionScreen,
    entry_title,
    unsupported_hint,
)
from dialogs.state import TRAIL_LIMIT, DialogState, Position, Suggestion
from dialogs.view import AddAnswer, DeleteAnswer, ReplaceAnswer, View, Write

#: A member's earlier answers to a per-entry question are offered for taking over from this many.
KEEP_OFFER_FROM = 2

#: The answer on a button of an earlier question (shown on the button, not in the chat).
STALE = (
    "Diese Schaltfläche gehört zu einer früheren Frage. Bitte nutzen Sie die Schaltflächen "
    "der letzten Nachricht."
)


@dataclass
class Outcome:
    """Result of one turn: the new state, what to say, what to store; ``button_answer`` is a
    short answer on the pressed button (a stale one: nothing else happens)."""

    state: DialogState
    replies: list[Reply] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    finished: bool = False
    button_answer: str | None = None


class Turn(QuestionScreen):
    """One turn of one member in one dialog."""

    def __init__(self, dialog: Dialog, state: DialogState, view: View) -> None:
        self.dialog = dialog
        self.state = state
        self.view = view
        self.replies: list[Reply] = []
        self.writes: list[Write] = []
        self.finished = False
        self.button_answer: str | None = None
        #: Lines for the top of the next question (an acknowledgement, a notice): one message.
        self._notes: list[str] = []
        #: Subject ids answered per (prompt key, only this member's), cleared on every write.
        self._answered_cache: dict[tuple[str, bool], set[int]] = {}

    # -- public entry points ------------------------------------------------------------------

    def begin(self) -> Outcome:
        """Open the dialog at its first prompt that applies to this member."""
        fresh = DialogState(dialog=self.dialog.id, version=self.state.version + 1)
        if self.state.dialog == self.dialog.id:
            fresh.draft = {k: v for k, v in self.state.draft.items() if k == "values"}
        self.state = fresh
        if self.dialog.intro:
            self.replies.append(Message(text=self.dialog.intro))
        first = self._first_from(0, None)
        if first is None:
            return self._finish()
        self.state = self.state.moved_to(first, remember=False)
        return self._ask()

    def begin_at(self, key: str) -> Outcome:
        """Open the dialog directly at prompt ``key`` (e.g. from a live session's deep link).

        Without intro; from there the dialog goes on as usual. If the prompt does not apply to
        this member, the dialog begins at its first prompt that does. Raises KeyError for an
        unknown key.
        """
        index = next((i for i, p in enumerate(self.dialog.prompts) if p.key == key), None)
        if index is None:
            raise KeyError(key)
        self.state = DialogState(dialog=self.dialog.id, version=self.state.version + 1)
        position = self._first_from(index, None)
        if position is None or position.index != index:
            return self.begin()
        self.state = self.state.moved_to(position, remember=False)
        return self._ask()

    def has_questions(self) -> bool:
        """Whether this member is asked anything in the dialog at all."""
        return self._first_from(0, None) is not None

    def repeat(self) -> Outcome:
        """Ask the current question again (after /weiter or a restart)."""
        if self.state.paused:
            self.state = self.state.model_copy(update={"paused": False})
        if self.state.index >= len(self.dialog.prompts):
            return self._finish()
        return self._ask()

    def handle(self, event: Event) -> Outcome:
        """React to one event."""
        outcome = self._react(event)
        if self._notes:  # no question followed: the notices stand on their own
            self.replies.append(Message(text="\n\n".join(self._notes)))
            self._notes.clear()
        return outcome

    def _react(self, event: Event) -> Outcome:
        pressed = presses.read(event.value) if isinstance(event, Press) else None
        if isinstance(event, Press) and isinstance(pressed, presses.NavPress):
            if event.version != self.state.version:
                return self._stale()
            return self._navigate(pressed.action)
        if isinstance(event, Nav):
            return self._navigate(event.action)
        if self.state.paused:
            self.replies.append(
                Message(
                    text="⏸ Sie haben pausiert. Mit /weiter geht es an derselben Stelle weiter."
                )
            )
            return self._outcome()
        if isinstance(event, Unsupported):
            self.replies.append(Message(text=unsupported_hint(event.kind)))
            return self._outcome()
        if self.state.index < len(self.dialog.prompts) and not self._applies(self._prompt()):
            # e.g. the role changed since the question was asked
            self._note("Diese Frage ist für Sie nicht (mehr) vorgesehen; es geht weiter.")
            return self._advance()
        if isinstance(event, Press) and event.version != self.state.version:
            return self._stale()
        if self.state.suggestion is not None:
            return self._answer_suggestion(event)
        if self.keep_offer() is not None:
            return self._answer_keep_offer(event)
        if isinstance(event, Press):
            return self._press(pressed)
        return self._text(event.text)

    # -- navigation -----------------------------------------------------------------------------

    def _navigate(self, action: str) -> Outcome:
        if action == "help":
            prompt = self._active_prompt()
            text = f"<b>Was ist gemeint?</b>\n{prompt.help}"
            if prompt.example:
                text += f"\n\n<i>Beispiel:</i> {prompt.example}"
            self.replies.append(Message(text=text))
            return self._outcome()
        if action == "pause":
            self.state = self.state.model_copy(update={"paused": True})
            self.replies.append(
                Message(
                    text="⏸ Pausiert. Ihre Antworten sind gespeichert. Mit /weiter machen Sie "
                    "genau hier weiter."
                )
            )
            return self._outcome()
        if action == "resume":
            return self.repeat()
        if self.state.paused:
            self.state = self.state.model_copy(update={"paused": False})
        if self.state.suggestion is not None:
            self.state = self.state.model_copy(
                update={"suggestion": None, "version": self.state.version + 1}
            )
            if action == "back":  # from „Meinten Sie …?“ back to the question itself
                return self._ask()
        if action == "back":
            return self._back()
        return self._skip()

    def _back(self) -> Outcome:
        if self.state.field > 0:
            self.state = self.state.model_copy(
                update={"field": self.state.field - 1, "version": self.state.version + 1}
            )
            return self._ask()
        if not self.state.trail:
            self._note("Sie sind bereits bei der ersten Frage.")
            return self._ask()
        *trail, previous = self.state.trail
        self.state = self.state.moved_to(previous, remember=False)
        self.state.trail = trail
        return self._ask()

    def _skip(self) -> Outcome:
        prompt = self._prompt()
        if isinstance(prompt, FormPrompt | ItemsPrompt) and prompt.fields:
            if self.state.field == 0 and (isinstance(prompt, ItemsPrompt) or prompt.optional):
                return self._advance()  # nothing begun: skip the whole list or form
            if prompt.fields[self.state.field].optional:
                return self._accept(None)
            self._note("Diese Angabe brauchen wir, sie lässt sich nicht überspringen.")
            return self._ask()
        if isinstance(prompt, ItemsPrompt):
            return self._advance()
        if not prompt.optional and not self._existing():
            self._note("Diese Angabe brauchen wir, sie lässt sich nicht überspringen.")
            return self._ask()
        return self._advance()

    # -- input ----------------------------------------------------------------------------------

    def _press(self, pressed: presses.DialogPress | None) -> Outcome:
        prompt = self._active_prompt()
        if isinstance(pressed, presses.Keep) and self._existing():
            return self._advance()
        if isinstance(pressed, presses.UndoEntry) and isinstance(self._prompt(), ItemsPrompt):
            return self._undo()
        if isinstance(prompt, DotsPrompt) and isinstance(pressed, presses.ResetDots):
            return self._dot(prompt, None)
        if isinstance(pressed, presses.Done):
            return self._done(prompt)
        if (
            isinstance(pressed, presses.Other)
            and isinstance(prompt, ChoicePrompt)
            and prompt.allow_other
        ):
            self.state = self.state.model_copy(update={"awaiting_other": True})
            self.replies.append(Message(text="Bitte schreiben Sie Ihre eigene Angabe."))
            return self._outcome()
        picked = None
        if isinstance(pressed, presses.Pick):
            picked = prompt.pick(pressed.index, self._asking(prompt))
        if isinstance(picked, Accept):
            return self._accept(picked.value)
        if isinstance(picked, Toggle) and isinstance(prompt, MultiChoicePrompt):
            return self._toggle(prompt, picked.option)
        if isinstance(picked, AddDot) and isinstance(prompt, DotsPrompt):
            return self._dot(prompt, picked.index)
        return self._stale()

    def _text(self, raw: str) -> Outcome:
        prompt = self._active_prompt()
        items = self._prompt()
        if self.offers_done():  # „fertig“ typed is the button; „"Fertig"“ is the text Fertig
            if parsing.is_done_word(raw):
                return self._done(prompt)
            raw = parsing.quoted_done_word(raw) or raw
        try:
            if isinstance(items, ItemsPrompt) and not items.fields:
                if not raw.strip():
                    raise InvalidAnswer("Bitte schreiben Sie einen Eintrag als Text.")
                value: Any = parsing.check_length(raw.strip(), 1, items.max_length)
            elif self.state.awaiting_other and isinstance(prompt, MultiChoicePrompt):
                own = self._own_text(prompt, raw)
                selected = [
                    *self.state.selected,
                    *([own] if own not in self.state.selected else []),
                ]
                self.state = self.state.model_copy(
                    update={"selected": selected, "awaiting_other": False}
                )
                return self._ask()
            elif self.state.awaiting_other and isinstance(prompt, ChoicePrompt):
                value = self._own_text(prompt, raw)
            else:
                value = self._parse(prompt, raw)
        except NearMatch as near:
            return self._suggest(near)
        except InvalidAnswer as error:
            self.replies.append(Message(text=f"⚠️ {error.message}"))
            return self._outcome()
        return self._accept_typed(prompt, value)

    def _accept_typed(self, prompt: Prompt, value: Any) -> Outcome:
        """Store a typed answer; typed choices add to what was already ticked."""
        if isinstance(prompt, MultiChoicePrompt) and self.state.selected:
            value = [*self.state.selected, *(v for v in value if v not in self.state.selected)]
        return self._accept(value)

    def _own_text(self, prompt: ChoicePrompt, raw: str) -> str:
        """Text written after „Andere …“: kept as written, unless it names an option exactly."""
        text = " ".join(raw.split())
        index = None if text.isdigit() else parsing.match_option(text, self._options(prompt))
        if index is not None:
            return self._options(prompt)[index]
        return parsing.check_length(text, 2, prompt.other_max_length)

    # -- „Meinten Sie …?“ -----------------------------------------------------------------------

    def _suggest(self, near: NearMatch) -> Outcome:
        """Ask which option typed text meant; nothing is stored until the person chooses."""
        suggestion = Suggestion(
            typed=near.typed,
            candidates=near.candidates,
            own=near.own,
            chosen=near.chosen,
            rest=near.rest,
        )
        self.state = self.state.model_copy(
            update={
                "suggestion": suggestion,
                "awaiting_other": False,
                "version": self.state.version + 1,
            }
        )
        return self._ask()

    def _answer_suggestion(self, event: Event) -> Outcome:
        """A button of the „Meinten Sie …?“ question, or its number typed; other text is a new
        answer to the question itself."""
        suggestion = self.state.suggestion
        assert suggestion is not None
        choices = [str(i) for i in range(len(suggestion.candidates))]
        choices += ["own"] if suggestion.own else []
        if isinstance(event, Press):
            pressed = presses.read(event.value)
            if not isinstance(pressed, presses.Meant) or pressed.choice not in choices:
                return self._stale()
            arg = pressed.choice
        else:
            typed = event.text.strip().rstrip(".)")
            if not (typed.isdigit() and 1 <= int(typed) <= len(choices)):
                return self._answer_anew(event.text)
            arg = choices[int(typed) - 1]
        self.state = self.state.model_copy(update={"suggestion": None})
        meant = suggestion.typed if arg == "own" else suggestion.candidates[int(arg)]
        prompt = self._active_prompt()
        if not isinstance(prompt, MultiChoicePrompt):
            return self._accept(meant)
        chosen = [*suggestion.chosen, *([meant] if meant not in suggestion.chosen else [])]
        try:  # the parts after the unclear one are read now
            value = parsing.check_selection(
                prompt,
                parsing.read_multi(
                    prompt, "\n".join(suggestion.rest), self._options(prompt), chosen
                ),
            )
        except NearMatch as near:
            return self._suggest(near)
        except InvalidAnswer as error:
            self._note(f"⚠️ {error.message}")
            return self._ask()
        return self._accept_typed(prompt, value)

    def _answer_anew(self, raw: str) -> Outcome:
        """Typed text instead of a „Meinten Sie …?“ choice: a new answer to the question."""
        self.state = self.state.model_copy(
            update={"suggestion": None, "version": self.state.version + 1}
        )
        before = len(self.replies)
        self._text(raw)
        asked = any(isinstance(r, Message) and r.buttons for r in self.replies[before:])
        if not asked and not self.finished:  # a warning only: show the question's buttons again
            return self._ask()
        return self._outcome()

    # -- earlier answers of a member to a per-entry question (e.g. rated live) ---------------

    def keep_offer(self) -> tuple[int, int] | None:
        """(answered, entries) if the member should first be asked whether their earlier
        answers to the current per-entry question stand; else None.

        Offered once per pass, on arriving at such a question with several answers given."""
        if self.state.keep_own is not None or self.state.index >= len(self.dialog.prompts):
            return None
        prompt = self._prompt()
        if not prompt.for_each or prompt.scope is not Scope.MEMBER or self.view.member is None:
            return None
        if any(p.index == self.state.index for p in self.state.trail):
            return None  # in the middle of this question's entries already
        entries = [s for s in self.subjects(prompt) if self._entry_applies(prompt, s.id)]
        mine = self._answered(prompt, own=True)
        answered = sum(1 for s in entries if s.id in mine)
        return (answered, len(entries)) if answered >= KEEP_OFFER_FROM else None

    def _answer_keep_offer(self, event: Event) -> Outcome:
        if isinstance(event, Press):
            pressed = presses.read(event.value)
            choice = pressed.mode == "keep" if isinstance(pressed, presses.KeepOwn) else None
        else:
            choice = {"1": True, "2": False}.get(event.text.strip().rstrip(".)"))
        if choice is None:
            if isinstance(event, Press):
                return self._stale()
            self._note(
                "Bitte wählen Sie zuerst: Ihre Antworten übernehmen oder alle einzeln durchgehen."
            )
            return self._ask()
        self.state = self.state.model_copy(
            update={"keep_own": choice, "version": self.state.version + 1}
        )
        if not choice:
            return self._ask()
        following = self._first_from(self.state.index, None)
        if following is None:
            return self._finish()
        if following != self.state.position:
            self.state = self.state.moved_to(following, remember=False)
        return self._ask()

    def _parse(self, prompt: Prompt, raw: str) -> Any:
        return prompt.parse(raw, self._asking(prompt))

    def _toggle(self, prompt: MultiChoicePrompt, option: str) -> Outcome:
        selected = list(self.state.selected)
        if option in selected:
            selected.remove(option)
        elif prompt.max_selected is not None and len(selected) >= prompt.max_selected:
            self.replies.append(
                Message(text=f"Höchstens {prompt.max_selected} – bitte erst eine abwählen.")
            )
            return self._outcome()
        else:
            selected.append(option)
        self.state = self.state.model_copy(update={"selected": selected})
        return self._ask(edit=True)

    def _dot(self, prompt: DotsPrompt, index: int | None) -> Outcome:
        """Add a dot to option ``index``; None takes all dots back."""
        dots = dict(self.state.draft.get("dots", {}))
        options = self._options(prompt)
        if index is None:
            dots = {}
        elif 0 <= index < len(options):
            if sum(dots.values()) >= prompt.budget:
                self.replies.append(
                    Message(
                        text=f"Alle {prompt.budget} Punkte sind vergeben. Mit „Zurücksetzen“ "
                        "verteilen Sie sie neu."
                    )
                )
                return self._outcome()
            dots[options[index]] = dots.get(options[index], 0) + 1
        self.state = self.state.model_copy(update={"draft": {**self.state.draft, "dots": dots}})
        return self._ask(edit=True)

    def _done(self, prompt: Prompt) -> Outcome:
        try:
            accepted = prompt.done(self._asking(prompt))
        except InvalidAnswer as error:
            self.replies.append(Message(text=f"⚠️ {error.message}"))
            return self._outcome()
        if accepted is not None:
            return self._accept(accepted.value)
        if isinstance(self._prompt(), ItemsPrompt):
            if self.state.draft.get("entry"):
                self._note("Der angefangene Eintrag wurde verworfen.")
            return self._advance()
        return self._stale()

    def _undo(self) -> Outcome:
        prompt = self._prompt()
        own = self.view.current(
            self.dialog.id,
            prompt.key,
            author_id=self.view.member.id if self.view.member else None,
        )
        if not own:
            self.replies.append(Message(text="Sie haben hier noch keinen Eintrag."))
            return self._outcome()
        last = own[-1]
        self._write(DeleteAnswer(answer_id=last.id))
        self._note(f"↩ Zurückgenommen: „{esc(entry_title(last.value, prompt))}“")
        return self._ask()

    # -- storing --------------------------------------------------------------------------------

    def _accept(self, value: Any) -> Outcome:
        """Store a parsed answer for the active prompt or field, then move on."""
        prompt = self._prompt()
        if isinstance(prompt, FormPrompt | ItemsPrompt) and prompt.fields:
            entry = {
                **self.state.draft.get("entry", {}),
                prompt.fields[self.state.field].key: value,
            }
            if self.state.field + 1 < len(prompt.fields):
                self.state = self.state.model_copy(
                    update={
                        "draft": {**self.state.draft, "entry": entry},
                        "field": self.state.field + 1,
                        "selected": [],
                        "awaiting_other": False,
                        "version": self.state.version + 1,
                    }
                )
                return self._ask()
            value = entry
        if isinstance(prompt, ItemsPrompt):
            self._write(AddAnswer(self.dialog.id, prompt.key, value))
            count = len(self.view.current(self.dialog.id, prompt.key))
            self._note(
                f"✔ Gespeichert: „{esc(entry_title(value, prompt))}“ – Nr. {count} im Team."
            )
            self.state = self.state.model_copy(
                update={
                    "draft": {k: v for k, v in self.state.draft.items() if k != "entry"},
                    "field": 0,
                    "selected": [],
                    "awaiting_other": False,
                    # A new entry for a small form starts at its first field again (a move);
                    # a plain entry leaves the position, so earlier „Fertig“ buttons still work.
                    "version": self.state.version + (1 if prompt.fields else 0),
                }
            )
            return self._ask(again=True)
        self._store_single(prompt, value)
        return self._advance()

    def _store_single(self, prompt: Prompt, value: Any) -> None:
        if prompt.scope is Scope.FLOW:
            values = {**self.state.draft.get("values", {}), prompt.key: value}
            self.state = self.state.model_copy(
                update={"draft": {**self.state.draft, "values": values}}
            )
            return
        existing = self._existing()
        if existing is not None:
            if existing.value != value:
                self._write(ReplaceAnswer(answer_id=existing.id, value=value))
        else:
            self._write(AddAnswer(self.dialog.id, prompt.key, value, self.state.subject_id))

    def _write(self, write: Write) -> None:
        self.writes.append(write)
        self.view.apply(write)
        self._answered_cache.clear()

    def _existing(self) -> Answer | None:
        """This member's (or, for team prompts, the team's) current answer at this position."""
        prompt = self._prompt()
        if prompt.scope is Scope.FLOW:
            return None
        if prompt.scope is Scope.TEAM:
            found = self.view.current(self.dialog.id, prompt.key, subject_id=self.state.subject_id)
        elif prompt.scope is Scope.MEMBER:
            found = self.view.current(
                self.dialog.id,
                prompt.key,
                subject_id=self.state.subject_id,
                author_id=self.view.member.id if self.view.member else None,
            )
        else:
            return None
        return found[-1] if found else None

    def _answered(self, prompt: Prompt, *, own: bool) -> set[int]:
        """Ids of the entries that have an answer to per-entry ``prompt`` (the member's own
        answer if ``own``)."""
        key = (prompt.key, own)
        if key not in self._answered_cache:
            if own and self.view.member is None:
                found: list[Answer] = []
            elif own:
                found = self.view.current(
                    self.dialog.id, prompt.key, author_id=self.view.member.id
                )
            else:
                found = self.view.current(self.dialog.id, prompt.key)
            self._answered_cache[key] = {a.subject_id for a in found if a.subject_id}
        return self._answered_cache[key]

    # -- moving ---------------------------------------------------------------------------------

    def _prompt(self) -> Prompt:
        return self.dialog.prompts[self.state.index]

    def _active_prompt(self) -> Prompt:
        """The prompt being answered: the current field of a form or list entry, or the prompt."""
        prompt = self._prompt()
        if isinstance(prompt, FormPrompt | ItemsPrompt) and prompt.fields:
            return prompt.fields[self.state.field]
        return prompt

    def _applies(self, prompt: Prompt) -> bool:
        member = self.view.member
        if member is not None:
            if prompt.audience is Audience.CORE and not member.is_core:
                return False
            if prompt.audience is Audience.FACILITATOR and not member.is_facilitator:
                return False
        if prompt.deadline and self._past_deadline(prompt.deadline):
            return False
        if prompt.only_if is not None and not prompt.only_if.per_entry:
            return prompt.only_if.holds(self._condition_value(prompt.only_if.key))
        return True

    def _past_deadline(self, key: str) -> bool:
        """True once today is after the date stored under ``key`` (a team answer)."""
        value = self._condition_value(key)
        if not value:
            return False
        last_day = value if len(value) == 10 else parsing.end_month(value) + "-31"
        return self.view.today.isoformat() > last_day

    def _entry_applies(self, prompt: Prompt, subject_id: int) -> bool:
        """Per-entry conditions: e.g. the roadmap asks only for projects marked green."""
        condition = prompt.only_if
        if condition is None or not condition.per_entry:
            return True
        return condition.holds(self._condition_value(condition.key, subject_id))

    def _condition_value(self, ref: str, subject_id: int | None = None) -> Any:
        if ref in self.state.draft.get("values", {}):
            return self.state.draft["values"][ref]
        step, _, key = ref.rpartition(".")
        if subject_id is not None:
            found = self.view.current(step or self.dialog.id, key, subject_id=subject_id)
        else:
            found = self.view.current(step or self.dialog.id, key)
        return found[-1].value if found else None

    def subjects(self, prompt: Prompt) -> list[Answer]:
        """The list entries a per-entry prompt is asked for."""
        ref = prompt.for_each or prompt.show
        if ref is None:
            return []
        step, _, key = ref.rpartition(".")
        return sorted(self.view.current(step or self.dialog.id, key), key=lambda a: a.id)

    def _first_from(self, index: int, after_subject: int | None) -> Position | None:
        """The first position at or after ``index`` (past ``after_subject``) to ask this member."""
        for i in range(index, len(self.dialog.prompts)):
            prompt = self.dialog.prompts[i]
            if not self._applies(prompt):
                continue
            if not prompt.for_each:
                return Position(index=i)
            for subject in self.subjects(prompt):
                if after_subject is not None and i == index and subject.id <= after_subject:
                    continue
                if self._asks(prompt, subject):
                    return Position(index=i, subject_id=subject.id)
        return None

    def _asks(self, prompt: Prompt, subject: Answer) -> bool:
        """Whether a per-entry prompt is asked about ``subject``: its condition holds, the team
        has not answered it yet, and the member did not take over their earlier answer."""
        if prompt.scope is Scope.TEAM and subject.id in self._answered(prompt, own=False):
            return False
        if (
            self.state.keep_own
            and prompt.scope is Scope.MEMBER
            and subject.id in self._answered(prompt, own=True)
        ):
            return False
        return self._entry_applies(prompt, subject.id)

    def asked_prompts(self) -> list[int]:
        """Indexes of the prompts this pass asks: for the counter „Frage 2/5“."""
        visited = {p.index for p in self.state.trail}
        trail_cut = len(self.state.trail) >= TRAIL_LIMIT
        asked = []
        for i, prompt in enumerate(self.dialog.prompts):
            if not self._applies(prompt):
                continue
            if prompt.for_each and i < self.state.index and not (i in visited or trail_cut):
                continue
            if (
                prompt.for_each
                and i > self.state.index
                and not any(self._asks(prompt, s) for s in self.subjects(prompt))
            ):
                continue
            asked.append(i)
        return asked

    def asked_subjects(self, prompt: Prompt) -> list[Answer]:
        """The entries this pass asks about at the current prompt: those asked before (on the
        trail), the current one and those still to come; for the counter „2/3“."""
        current = self.state.subject_id or 0
        visited = {p.subject_id for p in self.state.trail if p.index == self.state.index}
        return [
            s
            for s in self.subjects(prompt)
            if s.id == current or s.id in visited or (s.id > current and self._asks(prompt, s))
        ]

    def _advance(self) -> Outcome:
        prompt = self._prompt()
        if prompt.for_each:
            following = self._first_from(self.state.index, self.state.subject_id)
        else:
            following = self._first_from(self.state.index + 1, None)
        if following is None:
            return self._finish()
        self.state = self.state.moved_to(following)
        return self._ask()

    def _finish(self) -> Outcome:
        self.finished = True
        values = self.state.draft.get("values", {})
        self.state = DialogState(
            dialog=None, version=self.state.version + 1, draft={"values": values} if values else {}
        )
        self.replies.append(Message(text=self._with_notes(self.dialog.done_text)))
        return self._outcome()

    def _note(self, text: str) -> None:
        """Say ``text`` on top of the next question (or on its own if none follows)."""
        self._notes.append(text)

    def _with_notes(self, text: str) -> str:
        """``text`` below the notes gathered in this turn (which are then said)."""
        text = "\n\n".join([*self._notes, text])
        self._notes.clear()
        return text

    def _stale(self) -> Outcome:
        """A button of an earlier question: answered on the button, nothing changes."""
        self.button_answer = STALE
        return self._outcome()

    def _outcome(self) -> Outcome:
        return Outcome(
            state=self.state,
            replies=self.replies,
            writes=self.writes,
            finished=self.finished,
            button_answer=self.button_answer,
        )

    # -- asking ---------------------------------------------------------------------------------

    def _options(self, prompt: Prompt) -> tuple[str, ...]:
        if isinstance(prompt, DotsPrompt):
            return options_for(self.view, prompt.options_from)
        if not isinstance(prompt, ChoicePrompt):
            return prompt.choices
        extra = options_for(self.view, prompt.options_from) if prompt.options_from else ()
        seen = {o.casefold() for o in prompt.options}
        return prompt.options + tuple(o for o in extra if o.casefold() not in seen)

    def _asking(self, prompt: Prompt) -> Asking:
        """What ``prompt`` sees of this turn when it asks, reads text or takes a press."""
        return Asking(
            options=self._options(prompt),
            selected=tuple(self.state.selected),
            dots=self.state.draft.get("dots", {}),
            in_list=isinstance(self._prompt(), ItemsPrompt),
        )

    def _ask(self, *, edit: bool = False, again: bool = False) -> Outcome:
        active = self._active_prompt()
        existing = self._existing() if active is self._prompt() else None
        if (
            isinstance(active, MultiChoicePrompt)
            and existing is not None
            and not self.state.selected
            and not self.state.draft.get("seeded")
        ):  # start from the current team or own selection, so „Fertig“ keeps it
            self.state = self.state.model_copy(
                update={
                    "selected": list(existing.value or []),
                    "draft": {**self.state.draft, "seeded": True},
                }
            )
        if (
            isinstance(active, DotsPrompt)
            and existing is not None
            and "dots" not in self.state.draft
        ):
            self.state = self.state.model_copy(
                update={"draft": {**self.state.draft, "dots": dict(existing.value or {})}}
            )
        question = self.render_question(edit=edit, again=again)
        if self._notes:
            question = question.model_copy(update={"text": self._with_notes(question.text)})
        self.replies.append(question)
        return self._outcome()
