"""The review app (kg.serve.review): token, Host, Origin and cross-site refusals, the data the
page shows, and changes made through it."""

from __future__ import annotations

import json

import pytest
import yaml

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from kg.serve.review import REVIEW_CSP, create_review_app  # noqa: E402
from tests.conftest import ROOT, copy_project  # noqa: E402

SID = "yunqi-zh-hans"
TOKEN = "t0ken-for-tests-only-0123456789"
HOST = "127.0.0.1:5555"
ORIGIN = f"http://{HOST}"
HOSTILE = ("惡意公司發布公告\n"
           "2024年上半年,惡意科技<script>alert(1)</script>實現營業收入8.6億元,同比增長35%。\n"
           "<img src=x onerror=alert(2)>惡意科技的員工人數約為1200人\u202eنص。\n")


@pytest.fixture
def project(tmp_path):
    from kg.ingest.intake import ingest

    copy_project(tmp_path)
    ingest(tmp_path, ROOT / "tests" / "articles" / "yunqi-zh-hans.txt")
    return tmp_path


@pytest.fixture
def client(project):
    app = create_review_app(project, TOKEN, hosts=(HOST,))
    with TestClient(app, base_url=f"http://{HOST}") as c:
        yield c


def post(client, action: str, body: dict, **headers):
    headers = {"Origin": ORIGIN, "Content-Type": "application/json", **headers}
    return client.post(f"/{TOKEN}/api/{action}", content=json.dumps(body), headers=headers)


def test_the_page_needs_the_token_and_carries_a_strict_policy(client):
    page = client.get(f"/{TOKEN}/")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == REVIEW_CSP
    assert "'unsafe-inline'" not in REVIEW_CSP and "script-src 'self'" in REVIEW_CSP
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "<script>" not in page.text  # no inline script: only the page's own file
    assert f'<script src="/{TOKEN}/review.js"></script>' in page.text
    for path in ("/", "/api/proposals", f"/{TOKEN[:-1]}/", f"/{TOKEN}x/", f"/{TOKEN}"):
        refused = client.get(path)
        assert refused.status_code == 403, path
        assert "token" in refused.text
    assert client.get(f"/{TOKEN}/review.js").headers["content-type"].startswith(
        "text/javascript")


def test_other_hosts_and_origins_are_refused(client):
    assert client.get(f"/{TOKEN}/", headers={"Host": "evil.example"}).status_code == 403
    assert client.get(f"/{TOKEN}/", headers={"Host": "127.0.0.1:9999"}).status_code == 403
    got = client.get(f"/{TOKEN}/api/proposals", headers={"Origin": "http://evil.example"})
    assert got.status_code == 403 and "origin" in got.text


def test_cross_site_posts_are_refused_and_change_nothing(client, project):
    draft = project / "data" / "sources" / f"{SID}.draft.yaml"
    before = draft.read_bytes()
    body = {"source": SID}
    assert post(client, "accept", body, Origin="http://evil.example").status_code == 403
    no_origin = client.post(f"/{TOKEN}/api/accept", content=json.dumps(body),
                            headers={"Content-Type": "application/json"})
    assert no_origin.status_code == 403
    form = client.post(f"/{TOKEN}/api/accept", data={"source": SID},
                       headers={"Origin": ORIGIN})
    assert form.status_code == 403 and "application/json" in form.text
    assert post(client, "accept", body, **{"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert draft.read_bytes() == before
    assert not (project / "data" / "facts" / f"{SID}.yaml").exists()


def test_the_data_lists_proposals_with_quotes_in_their_sentence_and_edit_choices(client):
    data = client.get(f"/{TOKEN}/api/proposals").json()
    (source,) = data["sources"]
    assert source["id"] == SID
    revenue = next(p for p in source["proposals"] if "8.6亿元" in p["quote"])
    assert revenue["found"] and revenue["before"].endswith("2024年上半年,")
    assert "competesWith" in data["relations"] and "Company" in data["classes"]
    assert "revenue" in data["metrics"] and "sensetime" in {e["id"] for e in data["entities"]}


def test_changes_through_the_app(client, project):
    data = client.get(f"/{TOKEN}/api/proposals").json()
    items = data["sources"][0]["proposals"]
    company = next(p["id"] for p in items if p["kind"] == "entity"
                   and p["item"]["label"]["zh-Hans"] == "云启智能")
    bad = post(client, "edit", {"source": SID, "id": company, "changes": {"class": "Firm"}})
    assert bad.status_code == 400 and "unknown class" in bad.json()["error"]
    todo = post(client, "accept", {"source": SID, "ids": [company]})
    assert todo.status_code == 400 and "fill label.en" in todo.json()["error"]
    ok = post(client, "edit", {"source": SID, "id": company,
                               "changes": {"id": "yunqi", "label": {"en": "Yunqi AI"}}})
    assert ok.status_code == 200, ok.text
    done = post(client, "accept", {"source": SID, "ids": ["yunqi"]})
    assert done.status_code == 200 and "accepted yunqi" in done.json()["message"]
    layoff = next(p["id"] for p in items if p["kind"] == "figure" and "裁员" in p["quote"])
    assert post(client, "reject", {"source": SID, "id": layoff}).status_code == 400
    assert post(client, "reject", {"source": SID, "id": layoff,
                                   "reason": "a share"}).status_code == 200
    facts = yaml.safe_load((project / "data" / "facts" / f"{SID}.yaml").read_text("utf-8"))
    assert [e["id"] for e in facts["entities"]] == ["yunqi"]
    assert [d["id"] for d in facts["dismissals"]] == [layoff]
    assert post(client, "accept", {"source": SID, "ids": "all"}).status_code == 400
    assert client.post(f"/{TOKEN}/api/accept", content=b"\xff",
                       headers={"Origin": ORIGIN, "Content-Type": "application/json"}
                       ).status_code == 400


def test_hostile_article_text_is_data_never_markup(tmp_path):
    from kg.ingest.intake import ingest

    copy_project(tmp_path)
    article = tmp_path / "hostile.txt"
    article.write_text(HOSTILE, encoding="utf-8")
    ingest(tmp_path, article)
    app = create_review_app(tmp_path, TOKEN, hosts=(HOST,))
    with TestClient(app, base_url=f"http://{HOST}") as client:
        page = client.get(f"/{TOKEN}/")
        assert "alert" not in page.text and "惡意" not in page.text  # the shell holds no data
        data = client.get(f"/{TOKEN}/api/proposals")
        assert data.headers["content-type"] == "application/json"
        quotes = [p["before"] + p["quote"] + p["after"]
                  for p in data.json()["sources"][0]["proposals"]]
    assert any("<script>alert(1)</script>" in q for q in quotes)
    assert all("\u202e" not in q for q in quotes)
    assert any("\\u202e" in q for q in quotes)  # the bidi override shown, escaped
