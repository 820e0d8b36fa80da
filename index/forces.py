"""Police force names: the 43 territorial forces of England and Wales, and spotting names in text."""

from __future__ import annotations

import re

from .query import force_key

TERRITORIAL = [
    "Avon and Somerset", "Bedfordshire", "Cambridgeshire", "Cheshire", "City of London", "Cleveland",
    "Cumbria", "Derbyshire", "Devon and Cornwall", "Dorset", "Durham", "Dyfed-Powys", "Essex",
    "Gloucestershire", "Greater Manchester", "Gwent", "Hampshire", "Hertfordshire", "Humberside",
    "Kent", "Lancashire", "Leicestershire", "Lincolnshire", "Merseyside", "Metropolitan", "Norfolk",
    "North Wales", "North Yorkshire", "Northamptonshire", "Northumbria", "Nottinghamshire",
    "South Wales", "South Yorkshire", "Staffordshire", "Suffolk", "Surrey", "Sussex", "Thames Valley",
    "Warwickshire", "West Mercia", "West Midlands", "West Yorkshire", "Wiltshire",
]
NAMED = re.compile(r"\b((?:[A-Z][\w'-]+\s+)(?:(?:and|of)\s+)?(?:[A-Z][\w'-]+\s+)?)"
                   r"(?:Police Service|Police Force|Constabulary|Police)\b")
_GAZETTEER = sorted(TERRITORIAL, key=len, reverse=True)


def forces_named(text: str, known: list[str]) -> set[str]:
    """Return the force keys a text names: indexed forces, territorial forces, or 'X Police'."""
    found: set[str] = set()
    lowered = text.lower()
    for name in [force_key(k) for k in known if k] + [n.lower() for n in _GAZETTEER]:
        if re.search(rf"\b{re.escape(name)}\b", lowered) and not any(name in f for f in found):
            found.add(name)
    for match in NAMED.finditer(text):
        name = force_key(match.group(0))
        if not any(name in f or f in name for f in found):
            found.add(name)
    return found
