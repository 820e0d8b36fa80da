"""Run the reportqa command line with the test doubles registered: python -m tests.cli ARGS."""

from service.cli import cli

from . import fakes  # noqa: F401  (registers the "hash" embedder)

if __name__ == "__main__":
    cli()
