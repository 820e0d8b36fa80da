"""Report families: every rule that belongs to one kind of report lives in that family's profile.

A profile says how a family prints its structure (grade labels, boxed findings, summary tables),
how it names the inspected body and dates the inspection, how it refers back to earlier
inspections, and how users name its findings in questions. The rest of `index/` is generic code
driven by these rules. A report is read by the profile that recognises it best (`choose`), as
Pygments picks a lexer by `analyse_text`.
"""

from __future__ import annotations

from ..model import Document
from .base import YEAR, Label, Profile
from .generic import Generic, kind_of_body
from .ofsted import Ofsted
from .peel import Peel

# Every family, most specific first; the generic one reads what no other recognises.
PROFILES: list[Profile] = [Peel(), Ofsted(), Generic()]


def choose(doc: Document) -> Profile:
    """The profile most confident it can read doc."""
    return max(PROFILES, key=lambda p: p.score(doc))


def is_label(text: str) -> bool:
    """Say whether a line is a box heading or a grade label of any family: such lines name a
    topic; they do not answer a question."""
    return any(p.box_kind(text) or p.grade_of(text) for p in PROFILES)


def by_name(name: str) -> Profile:
    """The profile of this name; the default one for a name no profile has (an older record)."""
    return next((p for p in PROFILES if p.name == name), default())


def body_type(name: str) -> str | None:
    """The kind of body a name says it is ("Kent Police": a police force), if it says."""
    return kind_of_body(name)


def default() -> Profile:
    """The profile for records whose family is not known."""
    return PROFILES[0]


__all__ = ["PROFILES", "YEAR", "Label", "Profile", "body_type", "by_name", "choose", "default", "is_label"]
