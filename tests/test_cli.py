"""The command line: search, ask and eval print what the API would, and errors say what to do."""

import json

import pytest

from service.cli import cli

from .conftest import CORPUS, DATA


def test_cli_search_json(runner, hash_index):
    result = runner.invoke(cli, ["search", "vetting backlog", "--index", str(hash_index), "-k", "3", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert len(body["results"]) == 3 and {"id", "report", "section", "page_start"} <= set(body["results"][0])


def test_cli_search_text_cites_report_section_page(runner, hash_index):
    result = runner.invoke(cli, ["search", "vetting backlog", "--index", str(hash_index), "-k", "2",
                                 "--force", "Northmoor"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("[1] ") and "Northmoor Police" in result.output and ", p. " in result.output


def test_cli_ask_lists_findings_with_citations(runner, hash_index):
    result = runner.invoke(cli, ["ask", "Which areas for improvement did Brackenshire Police get in 2018/19?",
                                 "--index", str(hash_index), "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["abstained"] is False and body["citations"]
    assert all(c["report"]["force"] == "Brackenshire Police" for c in body["citations"])


def test_cli_ask_says_not_found(runner, hash_index):
    result = runner.invoke(cli, ["ask", "How many 999 calls did Kent Police answer?", "--index", str(hash_index)])
    assert result.exit_code == 0
    assert result.output.startswith("Not found in the reports") and "Kent" in result.output


def test_cli_eval_prints_the_scorer_figures(runner, hash_index):
    result = runner.invoke(cli, ["eval", str(CORPUS / "questions.jsonl"), "--index", str(hash_index), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    for key in ("recall@1", "recall@5", "recall@10", "recall@1000w", "mrr", "page_acc", "abstain_neg",
                "answer_pos", "cite_support"):
        assert key in figures and figures[key] is not None
    assert figures["questions"] == 40


def test_cli_errors(runner, tmp_path):
    empty = str(tmp_path / "none")
    result = runner.invoke(cli, ["search", "x", "--index", empty])
    assert result.exit_code == 1 and "No index at" in result.output and "reportqa ingest" in result.output
    result = runner.invoke(cli, ["search", "x", "-k", "0", "--index", empty])
    assert result.exit_code == 2 and "0 is not in the range" in result.output
    result = runner.invoke(cli, ["ingest", str(DATA / "empty.pdf"), "--index", empty, "--embedder", "hash"])
    assert result.exit_code == 1 and "failed" in result.output and "empty file" in result.output


def test_cli_ingest_bad_input_creates_nothing(runner, tmp_path):
    target = tmp_path / "idx"
    result = runner.invoke(cli, ["ingest", str(tmp_path / "reports"), str(DATA / "mini-other.pdf"), "--index", str(target)])
    assert result.exit_code == 2 and "does not exist" in result.output and "reports" in result.output
    (tmp_path / "empty").mkdir()
    result = runner.invoke(cli, ["ingest", str(tmp_path / "empty"), "--index", str(target)])
    assert result.exit_code == 1 and "no PDF files in" in result.output
    result = runner.invoke(cli, ["ingest", str(DATA / "mini-other.pdf"), "--index", str(target), "--embedder", "nope"])
    assert result.exit_code == 2 and "'nope' is not one of" in result.output
    assert not target.exists()


@pytest.fixture()
def outdated_index(copy_index):
    """An index whose live generation an older version wrote."""
    meta = copy_index / (copy_index / "CURRENT").read_text().strip() / "meta.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "format": 1}))
    return copy_index


@pytest.mark.parametrize("args", [["search", "vetting"], ["ask", "vetting?"], ["eval", str(CORPUS / "questions.jsonl")]])
def test_cli_outdated_index_is_a_message_not_a_traceback(runner, outdated_index, args):
    result = runner.invoke(cli, [*args, "--index", str(outdated_index)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert result.output.startswith("Error: the index at") and "older version" in result.output
    assert "reportqa ingest" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("lines, expected", [
    (['{"id": "q1", "question": "vetting?"}', "{not json"], "line 2 is not JSON"),
    (['{"id": "q1"}'], "line 1: question is required"),
    (['{"id": "q1", "question": "x", "evidence": "one quote"}'], "line 1: evidence must be of type array"),
    (["", "  "], "holds no questions"),
])
def test_cli_eval_bad_gold_files(runner, hash_index, tmp_path, lines, expected):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(lines) + "\n")
    result = runner.invoke(cli, ["eval", str(gold), "--index", str(hash_index)])
    assert result.exit_code == 1 and expected in result.output and "Traceback" not in result.output, result.output
