"""A small synthetic discussion with two planted topics, shared by the tests."""

from __future__ import annotations

# The first sentence of each topic is its planted centre: it uses every key phrase the others share.
WATER_CENTRE = "Dam releases and water sharing quotas must be fixed before the dry season starts."
BORDER_CENTRE = "Border crossings need longer opening hours and faster customs checks for traders."

WATER = [
    WATER_CENTRE,
    "Farmers downstream suffer when dam releases are cut during the dry season.",
    "A water sharing formula would end the quarrel over quotas.",
    "Publishing dam releases weekly would build trust in the water sharing quotas.",
    "The dry season is when water sharing quotas matter most.",
    "Irrigation canals run empty if dam releases come late.",
    "Quotas for water sharing should follow river flow measurements.",
    "Upstream reservoirs could hold back less before the dry season.",
]
BORDER = [
    BORDER_CENTRE,
    "Traders wait two days at the border crossings for customs checks.",
    "Longer opening hours at the crossings would help families visit relatives.",
    "Joint customs checks could halve the queues of traders at the border.",
    "Students use the border crossings daily and need predictable opening hours.",
    "Customs officers on both sides could share one inspection shed.",
    "Perishable goods rot while traders queue at the border crossings.",
]
NOISE = [
    "agreed",
    "+1",
    "thanks, good point",
    "yes",
    "lol ok",
    "Agreed with the above.",
    "me too",
    "exactly!",
]


def discussion() -> tuple[list[str], set[int], set[int], set[int]]:
    """The interleaved messages, and the indices of water, border and noise messages.

    The water centre is posted three times (once shouted), as happens when people echo a point.
    """
    messages: list[str] = []
    water: set[int] = set()
    border: set[int] = set()
    noise: set[int] = set()
    for i in range(max(len(WATER), len(BORDER))):
        if i < len(WATER):
            water.add(len(messages))
            messages.append(WATER[i])
        if i < len(BORDER):
            border.add(len(messages))
            messages.append(BORDER[i])
        noise.add(len(messages))
        messages.append(NOISE[i % len(NOISE)])
    for echo in (WATER_CENTRE, WATER_CENTRE.upper().rstrip(".") + "!!"):
        water.add(len(messages))
        messages.append(echo)
    return messages, water, border, noise
