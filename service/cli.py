"""The reportqa command line: thin wrappers over index/ and the service."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from index.errors import ReportQAError

from .app import default_index

SHIPPED_CORPUS = Path(__file__).resolve().parent.parent / "corpus"
index_option = click.option(
    "--index", "index_dir", type=click.Path(file_okay=False, path_type=Path), envvar="REPORTQA_INDEX",
    default=default_index, show_default=str(default_index()),
    help="Index folder: $REPORTQA_INDEX, else one in the user data folder.")


class Commands(click.Group):
    """Errors reportqa raises on purpose, and failures to read or write files, end the command with
    a one-line message and exit 1, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ReportQAError as exc:
            raise click.ClickException(str(exc)) from exc
        except BrokenPipeError:
            # The reader went away (| head): stop quietly, and keep Python from failing to flush later.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from exc


@click.group(cls=Commands)
@click.version_option(package_name="reportqa")
def cli() -> None:
    """Ask questions of inspection reports and get answers cited to report, section and page."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@index_option
@click.option("--embedder", default=None, help="Embedding model for a new index (default: minilm).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file.")
def ingest(paths: tuple[Path, ...], index_dir: Path, embedder: str | None, as_json: bool) -> None:
    """Ingest PDF files and folders into the index.

    \b
    Example:
        reportqa ingest corpus/ reports/kent-2019.pdf --index ./idx
    """
    from tqdm import tqdm

    from index.engine import collect_pdfs, embedder_names, ingest_files

    if embedder is not None and embedder not in embedder_names():
        raise click.BadParameter(f"{embedder!r} is not one of {', '.join(embedder_names())}", param_hint="--embedder")
    files = collect_pdfs(paths)
    if not files:
        raise click.ClickException(f"no PDF files in {', '.join(map(str, paths))}; nothing to ingest")
    bar = tqdm(total=len(files), unit="file", disable=not sys.stderr.isatty() or as_json, leave=False)

    def report(result) -> None:
        bar.update(1)
        line = json.dumps(result.__dict__) if as_json else result.line()
        bar.write(line) if not bar.disable else click.echo(line)

    try:
        results = ingest_files(files, index_dir, embedder=embedder, on_file=report)
    finally:
        bar.close()
    counts = {s: sum(r.status == s for r in results) for s in ("ok", "skipped", "failed")}
    if not as_json:
        click.echo(f"{counts['ok']} ingested, {counts['skipped']} skipped, {counts['failed']} failed"
                   f" -> {index_dir}")
    sys.exit(1 if counts["failed"] else 0)


@cli.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int, help="Request threads.")
@click.option("--compute-threads", default=1, show_default=True, type=int,
              help="Threads each query may use in torch and FAISS (requests already run in parallel).")
@click.option("--corpus", type=click.Path(path_type=Path), default=SHIPPED_CORPUS,
              show_default="the shipped corpus/", help="What to ingest first when there is no index yet.")
def serve(index_dir: Path, host: str, port: int, threads: int, compute_threads: int, corpus: Path) -> None:
    """Serve the API and pages; with no index yet, ingest the shipped sample corpus first.

    \b
    Example:
        reportqa serve --port 8000      # then open http://127.0.0.1:8000/
    """
    from waitress import serve as run

    from index.engine import index_state, ingest_files, limit_threads

    from .app import create_app

    state = index_state(index_dir)
    if state == "missing":
        if not corpus.is_dir():
            raise click.ClickException(f"No index at {index_dir} and no corpus at {corpus}; run: reportqa ingest PDFS --index {index_dir}")
        click.echo(f"No index at {index_dir} yet; ingesting {corpus} first ...")
        for result in ingest_files([corpus], index_dir):
            click.echo(result.line())
    elif state == "outdated":
        click.echo(f"The index at {index_dir} was written by an older version; rewriting it (no re-embedding) ...")
        ingest_files([], index_dir)
    limit_threads(compute_threads)
    app = create_app({"INDEX": str(index_dir)})
    click.echo(f"Serving {app.extensions['reportqa'].health()['reports']} reports on http://{host}:{port}/")
    try:
        run(app, host=host, port=port, threads=threads, ident="reportqa", clear_untrusted_proxy_headers=True)
    except OSError as exc:
        raise click.ClickException(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from exc


def read_gold(path: Path) -> list[dict]:
    """The questions of a gold file, each line checked; a bad line is an error naming it."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    from .schemas import GOLD_QUESTION
    from .validate import describe

    validator = Draft202012Validator(GOLD_QUESTION)
    gold = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path} is not UTF-8 text") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            question = json.loads(line)
        except ValueError as exc:
            raise click.ClickException(f"{path} line {n} is not JSON ({exc})") from exc
        error = best_match(validator.iter_errors(question))
        if error is not None:
            raise click.ClickException(f"{path} line {n}: {describe(error)} (format: docs/gold-format.md)")
        gold.append(question)
    if not gold:
        raise click.ClickException(f"{path} holds no questions")
    return gold


def _engine(index_dir: Path):
    from index.engine import Engine, index_state

    if index_state(index_dir) == "missing":
        raise click.ClickException(f"No index at {index_dir}; run: reportqa ingest corpus/ --index {index_dir}")
    return Engine(index_dir)


def _filters(force: str | None, year: str | None, report_id: str | None):
    from index.engine import parse_filters

    return parse_filters({k: v for k, v in (("force", force), ("year", year), ("report_id", report_id)) if v})


def _where(report, path: list[str], page: int) -> str:
    return f"{report.title} ({report.force}, {report.year}) › {' › '.join(path)}, p. {page}"


filter_options = [click.option("--force", help="Only this force."), click.option("--year", help="Only this inspection year."),
                  click.option("--report", "report_id", help="Only this report id.")]


def with_filters(fn):
    for option in reversed(filter_options):
        fn = option(fn)
    return fn


@cli.command()
@click.argument("query")
@index_option
@click.option("-k", default=8, show_default=True, type=click.IntRange(1, 50))
@with_filters
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON.")
def search(query: str, index_dir: Path, k: int, force, year, report_id, as_json: bool) -> None:
    """Print the passages that best match QUERY, with citations.

    \b
    Example:
        reportqa search "vetting backlog" -k 5
    """
    engine = _engine(index_dir)
    result = engine.search(query, k, _filters(force, year, report_id))
    if as_json:
        from .shapes import search_json

        click.echo(json.dumps(search_json(engine, result), indent=1))
        return
    for n, hit in enumerate(result.hits, 1):
        click.echo(f"[{n}] {_where(engine.report(hit.report_id), hit.section_path, hit.page_start)}  ({hit.kind})")
        click.echo("    " + hit.text.replace("\n", "\n    ") + "\n")
    if not result.hits:
        click.echo("No passages match.")


@cli.command()
@click.argument("question")
@index_option
@with_filters
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON.")
def ask(question: str, index_dir: Path, force, year, report_id, as_json: bool) -> None:
    """Answer QUESTION from the reports' own sentences, citing each.

    \b
    Example:
        reportqa ask "which areas for improvement were carried from 2017?"
    """
    engine = _engine(index_dir)
    t0 = time.perf_counter()
    reply, result = engine.ask(question, 8, _filters(force, year, report_id))
    if as_json:
        from .shapes import ask_json

        click.echo(json.dumps(ask_json(engine, reply, result, round((time.perf_counter() - t0) * 1000, 2)), indent=1))
        return
    if reply.abstained:
        click.echo(f"Not found in the reports: {reply.reason}.")
        return
    click.echo(reply.text + "\n")
    for c in reply.citations:
        click.echo(f"[{c.n}] {_where(engine.report(c.hit.report_id), c.hit.section_path, c.page)}")


@cli.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@index_option
@click.option("-k", default=10, show_default=True, type=click.IntRange(1, 50))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def evaluate(gold: Path, index_dir: Path, k: int, as_json: bool) -> None:
    """Score retrieval and answers on a gold question file (the dev-set scorer's figures).
    Its format: docs/gold-format.md.

    \b
    Example:
        reportqa eval corpus/questions.jsonl --index ./idx
    """
    figures = _engine(index_dir).evaluate(read_gold(gold), k)
    if as_json:
        click.echo(json.dumps(figures, indent=1))
        return
    width = max(map(len, figures))
    for key, value in figures.items():
        click.echo(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    cli()
