"""What a team's stored answers show: every step summary and both strategy-paper drafts.

Used to prove that migrating the demo database (``tests/fixtures/demo-main-0008.db``, written by
the demo before links were stored by id) changes nothing a user sees.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from bot.documents.strategy import build_paper
from bot.present.outputs import STEP_OUTPUTS
from dialogs.replies import Document
from storage.database import Database

FIXTURES = Path(__file__).parent / "fixtures"
DEMO_DB = FIXTURES / "demo-main-0008.db"
EXPECTED = FIXTURES / "demo-main-0008-outputs.json"
#: The day the outputs are built for (summaries and papers name dates relative to it).
TODAY = date(2027, 3, 1)


async def demo_outputs(db_path: Path) -> dict[str, str]:
    """Summary Markdown per step and the paper models of the demo team, as text."""
    async with await Database.open(db_path) as db, db.read() as tx:
        user = await tx.users.by_account("telegram:9001")
        assert user is not None
        team = (await tx.teams.for_user(user.id))[0][0]
        answers = await tx.answers.current(team.id)
        members = await tx.members.list(team.id)
    outputs: dict[str, str] = {}
    for key, summary in STEP_OUTPUTS.items():
        for reply in summary(team, answers, members, TODAY):
            if isinstance(reply, Document) and reply.text is not None:
                outputs[key] = reply.text
    for variant in ("kompakt", "ausfuehrlich"):
        paper = build_paper(team, answers, members, TODAY, variant=variant)
        outputs[f"paper-{variant}"] = json.dumps(paper.model_dump(mode="json"), indent=1)
    return outputs


def copy_of_demo(folder: Path) -> Path:
    """A writable copy of the demo database in ``folder``."""
    target = folder / "demo.db"
    shutil.copyfile(DEMO_DB, target)
    return target
