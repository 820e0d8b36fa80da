"""What the index holds, as questions and answers need it: its reports, the bodies they inspect
and their years, looked up by name the way a question or a filter writes them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .model import REPORT_KEYS, Filters, Report
from .profiles import body_type, by_name


@dataclass
class Catalog:
    """What the index holds, read once per generation: its reports, their bodies and years, and
    every word its text uses."""

    reports: list[Report]
    words: frozenset[str] = frozenset()

    @cached_property
    def by_id(self) -> dict[str, Report]:
        return {r.id: r for r in self.reports}

    @cached_property
    def bodies(self) -> dict[str, str]:
        """The inspected body of each report that names one, by report id, as the report names it."""
        return {r.id: r.organisation or r.force for r in self.reports if r.organisation or r.force}

    @cached_property
    def years(self) -> list[str]:
        return sorted({r.year for r in self.reports if r.year})

    def inspection_years(self, year: str, among: list[Report] | None = None) -> list[str]:
        """The inspection years a year names, of these reports when given: itself ("2019", or
        "2018/19" for "2018"), else those of the reports published that year ("the 2014 report" of
        an inspection in late 2013), else, for a span ("2013/14"), those either of its years names,
        else itself in any report."""
        def held(reports: list[Report], year: str) -> list[str]:
            return sorted({r.year for r in reports if r.year and (r.year == year or (len(year) == 4 and r.year.startswith(year)))})

        def theirs(year: str) -> list[str]:
            reports = self.reports if not among else among
            return held(reports, year) or sorted({r.year for r in reports if r.year and re.search(rf"\b{re.escape(year)}\b", r.published or "")})

        found = theirs(year)
        span = re.fullmatch(r"((?:19|20)\d\d)[/–-](\d\d)", year)
        if not found and span:
            # "2013/14" of a report dated by one calendar year: either year of the span names it.
            found = sorted({y for one in (span[1], span[1][:2] + span[2]) for y in theirs(one)})
        return found or held(self.reports, year)

    @cached_property
    def _keys(self) -> dict[str, str]:
        return {r.id: by_name(r.family).organisation_key(r.organisation or r.force or "") for r in self.reports}

    @cached_property
    def keys(self) -> set[str]:
        """The normalised names of every inspected body."""
        return set(self._keys.values()) - {""}

    def report_ids(self, filters: Filters) -> list[str] | None:
        """The ids of the reports the report-level filters allow, or None when none are set.
        A force or organisation filter names the inspected body, as the report names it or shorter."""
        if not REPORT_KEYS & set(filters.values):
            return None
        ids, years = filters.values.get("report_id"), filters.values.get("year")
        names = filters.values.get("force", []) + filters.values.get("organisation", [])
        return [r.id for r in self.reports
                if (ids is None or r.id in ids) and (years is None or r.year in years)
                and (not names or any(self._names(r, n) for n in names))]

    def _names(self, report: Report, name: str) -> bool:
        """Say whether a name given in a filter names the report's body: "Kent" names every Kent
        body, "Kent Police" only the police force."""
        kind = body_type(name)
        return (self._keys[report.id] == by_name(report.family).organisation_key(name)
                and (kind is None or report.organisation_type in (None, kind)))

    def key(self, report_id: str) -> str:
        """The normalised name of a report's organisation."""
        return self._keys[report_id]

    def name(self, report_id: str) -> str:
        """How an answer names a report: its body and year, else its title."""
        r = self.by_id[report_id]
        return ", ".join(x for x in (r.organisation or r.force, r.year) if x) or r.title
