"""Which centres this deployment serves, and which one a message or a page names.

One deployment serves several centres of the network. A centre is data: a folder
`knowledge_base/centres/<id>/` (its site.yml, resources, calendar). Resources under
`knowledge_base/network/` belong to every centre. This module is the one home of that layout and of
the rule that an unknown or missing centre id falls back to the deployment's default centre, so that a
visitor is always answered by some centre and never by an error.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from common.env import ROOT

KNOWLEDGE_BASE = ROOT / "knowledge_base"
CENTRES_DIR_NAME = "centres"
# The owner of resources that every centre may cite (shared schemes, career sheets).
NETWORK = "network"
_CENTRE_ID = re.compile(r"^[a-z][a-z0-9-]{1,31}$")


def default_centre() -> str:
    """The centre that answers when a message or a page names none (`CDM_DEFAULT_CENTRE`)."""
    return os.environ.get("CDM_DEFAULT_CENTRE", "").strip() or "rivemont"


@lru_cache(maxsize=8)
def centre_ids(knowledge_base: Path = KNOWLEDGE_BASE) -> tuple[str, ...]:
    """The centres of the knowledge base: the folders under `centres/` that hold a site.yml."""
    folder = knowledge_base / CENTRES_DIR_NAME
    if not folder.is_dir():
        return (default_centre(),)
    return tuple(
        sorted(
            entry.name
            for entry in folder.iterdir()
            if entry.is_dir() and _CENTRE_ID.match(entry.name) and (entry / "site.yml").is_file()
        )
    )


def resolve_centre(value: object, knowledge_base: Path = KNOWLEDGE_BASE) -> str:
    """The centre a client named if this deployment serves it, else the default centre.

    Clients send the id in message metadata, a page's `?centre=` or a snippet's `data-centre`: all
    untrusted, so anything that is not a known id (wrong type, unknown, too long) means the default."""
    if isinstance(value, str):
        candidate = value.strip().lower()
        if _CENTRE_ID.match(candidate) and candidate in centre_ids(knowledge_base):
            return candidate
    return default_centre()


def centre_dir(centre: str, knowledge_base: Path = KNOWLEDGE_BASE) -> Path:
    """The folder of a centre's own content."""
    return knowledge_base / CENTRES_DIR_NAME / centre


def site_file(centre: str, knowledge_base: Path = KNOWLEDGE_BASE) -> Path:
    """A centre's own description (hours, address, areas, emergency numbers)."""
    return centre_dir(centre, knowledge_base) / "site.yml"


def owner_of(path: str) -> str:
    """Which centre a knowledge-base file belongs to, from its path relative to the base.

    `centres/<id>/...` is that centre's own; anything else is the network's (`network/...`, and every
    file of a base laid out for a single centre, such as a converted corpus), so that such a base is
    searchable from whichever centre asks."""
    parts = path.replace("\\", "/").split("/")
    if len(parts) > 2 and parts[0] == CENTRES_DIR_NAME and _CENTRE_ID.match(parts[1]):
        return parts[1]
    return NETWORK
