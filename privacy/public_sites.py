"""Web addresses of public services and guidance networks: not personal data, so kept as typed.

"What does refugies.info offer?" asks about a public service; replacing its address with [URL] left
the assistant a question about nothing. A visitor's own page (a portfolio, a profile, a shared file)
is still redacted: only the hosts below, or hosts under a public-administration suffix, are kept, and
only when the address carries no query string or fragment, which can hold anything.

The list names the public bodies and partner networks that the demo centre's resource base cites; a
centre adds its own partners' sites here.
"""

from __future__ import annotations

import re

# Hosts under these suffixes belong to public administrations (French state, European Union).
PUBLIC_SUFFIXES: tuple[str, ...] = (".gouv.fr", ".europa.eu", ".canada.ca")

PUBLIC_HOSTS: frozenset[str] = frozenset(
    {
        "ademe.fr", "agefiph.fr", "agence.erasmusplus.fr", "ameli.fr", "apec.fr",
        "artisanat.fr", "bge.asso.fr", "bpifrance-creation.fr", "campusfrance.org", "canada.ca", "cci.fr",
        "centre-inffo.fr", "certificat-clea.fr", "cnil.fr", "defenseurdesdroits.fr", "euroguidance.eu",
        "europa.eu", "fncidff.info", "france-education-international.fr", "francecompetences.fr",
        "francetravail.fr", "insee.fr", "mon-cep.org", "ofii.fr", "onisep.fr", "pix.fr", "refugies.info",
        "service-public.fr", "entreprendre.service-public.fr", "transitionspro.fr", "unedic.org", "urssaf.fr",
        "autoentrepreneur.urssaf.fr", "mission-locale.fr", "cidff.info", "cma-france.fr",
    }
)  # fmt: skip

_ADDRESS = re.compile(r"^(?:(?:https?|ftp)://)?(?:www\.)?(?P<host>[^/?#:\s]+)(?::\d+)?(?P<rest>[^\s]*)$", re.IGNORECASE)


def is_public_site(address: str) -> bool:
    """Whether a typed web address points to a public service's site (and so may be kept)."""
    match = _ADDRESS.match(address.strip())
    if not match or "?" in match["rest"] or "#" in match["rest"] or "@" in address:
        return False
    host = match["host"].lower().rstrip(".")
    return host in PUBLIC_HOSTS or host.endswith(PUBLIC_SUFFIXES)
