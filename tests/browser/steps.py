"""Steps the browser tests share: asking on the chat page, comparing text loosely."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>alert(1)</script>"


def open_chat(page: Page) -> None:
    """Load the chat page and wait until the filter lists are filled from /api/reports."""
    page.goto("/")
    expect(page.locator("#index-info")).to_contain_text("reports indexed")


def ask(page: Page, question: str) -> Locator:
    """Type a question, press Enter, wait for its reply; returns the new exchange."""
    before = page.locator(".exchange").count()
    page.fill("#question", question)
    page.press("#question", "Enter")
    exchange = page.locator(".exchange").nth(before)
    expect(exchange.locator(".reply:not(.pending)")).to_be_visible()
    return exchange


def squash(text: str) -> str:
    """Letters and digits only, lower case: text-layer spans and report quotes space words differently."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())
