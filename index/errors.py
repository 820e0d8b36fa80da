"""Domain errors for reportqa; the service maps them to HTTP errors, the CLI to messages."""


class ReportQAError(Exception):
    """Base class for every error reportqa raises on purpose."""


class BadPdf(ReportQAError):
    """A file could not be ingested; the message says why in words a user can act on."""


class IndexMissing(ReportQAError):
    """There is no index at the given folder, or it is incomplete."""


class IndexOutdated(IndexMissing):
    """The index was written by an older version; the message says how it gets rewritten."""

    def __init__(self, location: object) -> None:
        super().__init__(f"the index at {location} was written by an older version; any ingest rewrites it in the "
                         f"current format without re-embedding (e.g. reportqa ingest corpus/ --index {location}), "
                         "and reportqa serve does it on start")


class BadQuery(ReportQAError):
    """A search or question was malformed (empty, too long, unknown filter)."""
