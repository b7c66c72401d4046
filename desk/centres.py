"""Which centres a signed-in account may see: the one home of the rule that a counsellor of one centre
never sees another centre's tickets, transcripts, display or figures.

Every route that returns centre data filters by `visible_centres` or checks `may_see`; a refused check is
a 403, so that a counsellor learns nothing about another centre, not even whether a ticket exists."""

from __future__ import annotations

from desk.models import Counsellor


def visible_centres(counsellor: Counsellor) -> frozenset[str] | None:
    """The centres an account sees; None means every centre (network staff)."""
    if counsellor.role == "network":
        return None
    return frozenset({counsellor.centre})


def may_see(counsellor: Counsellor, centre: str) -> bool:
    """Whether an account may see data of `centre`."""
    visible = visible_centres(counsellor)
    return visible is None or centre in visible
