"""Domain errors for reportqa; the service maps them to HTTP errors, the CLI to messages."""


class ReportQAError(Exception):
    """Base class for every error reportqa raises on purpose."""


class BadPdf(ReportQAError):
    """A file could not be ingested; the message says why in words a user can act on."""


class IndexMissing(ReportQAError):
    """There is no index at the given folder, or it is incomplete."""


class BadQuery(ReportQAError):
    """A search or question was malformed (empty, too long, unknown filter)."""
