"""Issue 13 item 14 in the browser: only http(s) links from the data, a strict CSP the page
works under (Debian chromium via scripts/install-browser.sh; skipped without it, as
tests/test_dashboard.py)."""
from __future__ import annotations

import pytest
from seismo.serve.api import CONTENT_SECURITY_POLICY
from seismo.store import open_store
from tests.test_dashboard import Server, _ready, browser, page  # noqa: F401  (fixtures)
from tests.test_dashboard import pytestmark  # noqa: F401  (skipped without chromium)
from tests.test_store import make_doc, make_event

HOSTILE = "javascript:document.body.dataset.pwned='1'"


@pytest.fixture()
def hostile_db(tmp_path) -> str:
    db = str(tmp_path / "hostile.duckdb")
    with open_store(db) as store:
        bad, good = make_doc("bad"), make_doc("good", text="Soldiers attacked Goma on Sunday.")
        bad.url, good.url = HOSTILE, "https://example.org/story"
        for doc in (bad, good):
            store.put_document(doc)
            store.replace_events(doc.id, [make_event(doc.id, 0)])
    return db


def test_only_http_links_and_the_page_runs_under_its_csp(page, hostile_db):  # noqa: F811
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    with Server(hostile_db) as srv:
        _ready(page, srv.url)
        page.goto(srv.url + "#/doc/bad")
        page.wait_for_selector("#view .doc-text")
        assert page.locator("a[href^='javascript']").count() == 0
        assert HOSTILE in page.locator("#view").inner_text()          # shown, as text
        page.goto(srv.url + "#/doc/good")
        page.wait_for_selector("a[href='https://example.org/story']")
        csp = page.evaluate("() => fetch('/').then(r => r.headers.get('content-security-policy'))")
        assert csp == CONTENT_SECURITY_POLICY
        # an injected inline script is refused by the policy
        page.evaluate("""() => { const s = document.createElement('script');
                                 s.textContent = "document.body.dataset.pwned = '1'"; document.head.appendChild(s); }""")
        assert page.evaluate("() => document.body.dataset.pwned") is None
    assert not page.errors and not page.outside, (page.errors, page.outside[:3])
    assert not [m for m in console if "Content Security Policy" in m and "inline script" not in m], console
