"""The README's commands and scripts work as written: each `reportqa` command parses with files that
exist, and the "From a script" calls, run against a live server, page through every finding once."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import shutil
import subprocess

import pytest

from index.engine import Engine
from index.model import Filters, FindingQuery
from service.cli import cli

from .conftest import ROOT
from .servers import live_server

README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str, section: str | None = None) -> list[str]:
    """The fenced code blocks of a language, in the whole README or under one ## heading."""
    text = README
    if section is not None:
        text = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.M | re.S)


def commands(prefix: str) -> list[list[str]]:
    """Every command line of the README's bash blocks that starts with prefix, continuations joined."""
    found = []
    for block in blocks("bash"):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("  #", 1)[0].strip()
            if line.startswith(prefix):
                found.append(shlex.split(line))
    return found


@pytest.fixture(scope="module")
def served(app):
    with live_server(app) as url:
        yield url


def test_readme_reportqa_commands_parse_with_paths_that_exist(monkeypatch):
    found = commands("reportqa ")
    assert {args[1] for args in found} >= {"ingest", "search", "ask", "eval", "serve"}, found
    monkeypatch.chdir(ROOT)  # as the README runs them, from the checkout
    for args in found:
        command = cli.commands[args[1]]
        # Parsing checks every option and argument, and that each path that must exist does.
        command.make_context(args[1], args[2:])


def test_readme_scripts_exist():
    for args in commands("scripts/"):
        assert (ROOT / args[0]).is_file() and (ROOT / args[0]).stat().st_mode & 0o111, args


def test_readme_python_script_pages_through_every_finding_once(served, hash_index):
    (script,) = blocks("python", "From a script")
    assert 'BASE = "http://127.0.0.1:8000"' in script
    printed = io.StringIO()
    names: dict = {}
    with contextlib.redirect_stdout(printed):
        exec(script.replace("http://127.0.0.1:8000", served), names)
    everything = Engine(hash_index).findings(FindingQuery(), Filters())
    ids = [f["id"] for f in names["findings"]]
    assert len(everything) > 140 and ids == [f.id for f in everything], "each finding once, in the stable order"
    assert printed.getvalue().splitlines()[-1] == f"{len(everything)} findings of {len(everything)}"
    assert "Northmoor Police" in printed.getvalue()


def test_readme_curl_calls_answer(served):
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    calls = commands("curl ")
    assert len(calls) == 3
    for args in calls:
        args = [a.replace("localhost:8000", served.removeprefix("http://")) for a in args]
        run = subprocess.run([*args, "--fail-with-body"], capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, (args, run.stdout, run.stderr)
        assert "error" not in json.loads(run.stdout), run.stdout
