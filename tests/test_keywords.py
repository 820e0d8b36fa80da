"""The BM25 keyword index: ranking, the section field, filters, expansion weights, term counts."""

import numpy as np
import pytest

from index.store.keywords import KeywordIndex, build_keywords

TEXTS = [
    "The force has a backlog of vetting applications.",
    "Officers attend domestic abuse incidents quickly.",
    "Burglary victims are told what will happen next.",
    "The force recorded more burglaries this year than last.",
    "Vetting of new recruits is thorough and timely.",
    "Neighbourhood teams tackle anti-social behaviour.",
]
SECTIONS = ["Legitimacy › Vetting", "Effectiveness › Domestic abuse", "Effectiveness › Victims",
            "Effectiveness › Crime", "Legitimacy › Vetting", "Effectiveness › Neighbourhoods"]


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> KeywordIndex:
    folder = tmp_path_factory.mktemp("keywords")
    build_keywords({"text": TEXTS, "section": SECTIONS}, folder)
    return KeywordIndex(folder)


def test_stems_match_and_only_matching_rows_come_back(index):
    got = index.search([["burglary"]], 10)
    assert {r for r, _ in got} == {2, 3}  # burglary and burglaries share a stem
    assert all(score > 0 for _, score in got)
    assert index.search([["zeppelin"]], 10) == []


def test_section_titles_count_at_lower_weight(tmp_path):
    # Two passages of one length, the word in one's text and in the other's section title only.
    texts = ["Checks on recruits are thorough.", "Vetting of recruits is thorough.", "Teams patrol the town."]
    sections = ["Legitimacy › Vetting", "Legitimacy › Checks", "Effectiveness › Patrol"]
    build_keywords({"text": texts, "section": sections}, tmp_path)
    got = dict(KeywordIndex(tmp_path).search([["vetting"]], 10))
    assert set(got) == {0, 1}
    assert 0 < got[0] < got[1], "a title-only match scores below a match in the text"


def test_filter_rows_are_the_only_candidates(index):
    assert [r for r, _ in index.search([["vetting"]], 10, rows=np.array([4, 5]))] == [4]
    assert index.search([["vetting"]], 10, rows=np.array([1, 2])) == []


def test_related_words_weigh_less_than_the_users_own(index):
    own = dict(index.search([["abuse"]], 10))
    related = dict(index.search([["recruits", "abuse"]], 10))
    assert related[1] < own[1]
    assert related[4] > related[1]  # the user's own word wins


def test_document_frequency_by_prefix(index):
    assert index.document_frequency("vet") == 2
    assert index.document_frequency("burglar") == 2
    assert index.document_frequency("qqq") == 0


def test_empty_index(tmp_path):
    build_keywords({"text": [], "section": []}, tmp_path)
    empty = KeywordIndex(tmp_path)
    assert empty.search([["vetting"]], 5) == []
    assert empty.document_frequency("vet") == 0
