"""The test homeserver itself: two people talk in an encrypted direct chat."""

from __future__ import annotations

from pathlib import Path

from tests.matrix.person import Person
from tests.synapse import Synapse


async def test_an_encrypted_direct_message_arrives_decrypted(
    synapse: Synapse, tmp_path: Path
) -> None:
    anna = await Person.create(synapse, "spike_anna", tmp_path)
    ben = await Person.create(synapse, "spike_ben", tmp_path)
    try:
        room = await anna.direct_room(ben.user_id)
        await ben.sync(0)
        assert room in ben.client.invited_rooms
        await ben.join(room)
        await anna.sync(0)
        await anna.say(room, "Grüße aus Lindenau")
        await ben.wait_for(lambda: "Grüße aus Lindenau" in ben.texts(), within=30)
        assert ben.client.rooms[room].encrypted
    finally:
        await anna.close()
        await ben.close()
