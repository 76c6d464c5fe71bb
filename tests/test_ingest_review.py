"""Reviewing drafts (kg.ingest.review): accept, edit, reject, dismiss; kg accept / kg dismiss;
kg coverage honouring dismissals."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import InputError, UsageError
from kg.ingest import review
from tests.conftest import ROOT, copy_project

ARTICLE = ROOT / "tests" / "articles" / "yunqi-zh-hans.txt"
SID = "yunqi-zh-hans"
KGO = "https://w3id.org/kg/ontology#"
BASE = "https://w3id.org/kg/resource/"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def project(tmp_path):
    """A copy of the project with the Yunqi article ingested (its draft to review)."""
    from kg.ingest.intake import ingest

    copy_project(tmp_path)
    ingest(tmp_path, ARTICLE)
    return tmp_path


def draft(root) -> dict:
    return yaml.safe_load((root / "data" / "sources" / f"{SID}.draft.yaml").read_text("utf-8"))


def facts(root) -> dict:
    return yaml.safe_load((root / "data" / "facts" / f"{SID}.yaml").read_text("utf-8"))


def ids_of(doc: dict, key: str) -> list[str]:
    return [item["id"] for item in doc.get(key) or []]


def company(root) -> str:
    """The id of the proposed company 云启智能 (whatever kg ingest named it)."""
    return next(e["id"] for e in draft(root)["entities"]
                if e["label"].get("zh-Hans") == "云启智能")


def figure(root, quote_part: str) -> dict:
    return next(f for f in draft(root)["figures"] if quote_part in f["quote"])


def name_yunqi(root) -> None:
    review.edit(root, SID, company(root), {"id": "yunqi", "label": {"en": "Yunqi AI"}})


def add_relations(root, relations: list[dict]) -> None:
    """Relation proposals in the draft, in the format kg ingest writes them."""
    path = root / "data" / "sources" / f"{SID}.draft.yaml"
    doc = draft(root)
    doc["relations"] = relations
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def select(root, sparql: str) -> list[tuple]:
    from kg.graph.build import build

    return [tuple(str(v) for v in row) for row in build(root).union().query(sparql)]


# ------------------------------------------------------------------------------------- listing

def test_proposals_list_every_kind_with_its_quote_in_its_sentence(project):
    items = review.proposals(project, SID)
    kinds = {p.kind for p in items}
    assert {"entity", "figure"} <= kinds
    text = (project / "data" / "sources" / f"{SID}.txt").read_text("utf-8")
    revenue = next(p for p in items if p.kind == "figure" and "8.6亿元" in p.quote)
    shown = revenue.as_dict(text)
    assert shown["found"] and shown["quote"] == revenue.quote
    assert shown["before"].endswith("2024年上半年,") and shown["after"].startswith(";")
    assert text[revenue.span[0]:revenue.span[1]] == revenue.quote
    person = next(p for p in items if p.kind == "entity" and "王海峰" in str(p.item["label"]))
    assert person.todo == ["label.en"] and person.rule


# ------------------------------------------------------------------------------------ accepting

def test_accept_refuses_an_item_with_todo_and_names_what_to_fill(project):
    before = draft(project)
    ident = company(project)
    with pytest.raises(UsageError, match=rf"'{ident}'.*fill label\.en \(still TODO\)"):
        review.accept(project, SID, [ident])
    fig = figure(project, "经营亏损")
    assert fig["subject"] == "TODO"
    with pytest.raises(UsageError, match=r"fill subject"):
        review.accept(project, SID, [fig["id"]])
    assert draft(project) == before
    assert not (project / "data" / "facts" / f"{SID}.yaml").exists()


def test_a_figure_about_a_proposed_entity_not_accepted_is_refused(project):
    name_yunqi(project)
    fig = figure(project, "8.6亿元")
    assert fig["subject"] == "yunqi"  # the edit renamed the references too
    with pytest.raises(UsageError, match=r"subject 'yunqi' is a proposed entity not accepted"):
        review.accept(project, SID, [fig["id"]])


def test_accept_writes_the_fact_file_without_review_keys_and_takes_items_off_the_draft(project):
    name_yunqi(project)
    fig = figure(project, "8.6亿元")
    done = review.accept(project, SID, ["yunqi", fig["id"]])
    assert done.ids == ["yunqi", fig["id"]] and done.comments_kept
    written = facts(project)
    assert written["source"] == SID
    (entity,) = written["entities"]
    assert entity == {"id": "yunqi", "class": "Company",
                      "label": {"zh-Hant": "雲啓智能", "zh-Hans": "云启智能", "en": "Yunqi AI"}}
    (accepted,) = written["figures"]
    assert accepted["quote"] == fig["quote"] and accepted["value"] == 8.6
    assert not {"sentence", "normalized", "mentions", "found_by"} & set(accepted)
    left = draft(project)
    assert "yunqi" not in ids_of(left, "entities") and fig["id"] not in ids_of(left, "figures")
    rows = select(project, f"""SELECT ?v ?label WHERE {{
        ?f <{KGO}figureOf> <{BASE}entity/yunqi> ; <{KGO}normalizedValue> ?v .
        <{BASE}entity/yunqi> <http://www.w3.org/2000/01/rdf-schema#label> ?label
        FILTER(lang(?label) = "en") }}""")
    assert rows == [("860000000.0", "Yunqi AI")]


def test_accepted_relations_become_statements_and_a_shape_violation_is_refused(project):
    name_yunqi(project)
    review.accept(project, SID, ["yunqi"])
    quote = "云启智能与百度智能云、商汤集团在大模型服务市场的竞争将更加激烈"
    add_relations(project, [
        {"id": "yunqi-competes-with-baidu", "subject": "yunqi", "relation": "competesWith",
         "object": "baidu-ai-cloud", "quote": quote, "confidence": 0.8, "rule": "compete"},
        {"id": "yunqi-competes-with-revenue", "subject": "yunqi", "relation": "competesWith",
         "object": "revenue", "quote": quote, "confidence": 0.2, "rule": "compete"}])
    facts_before = (project / "data" / "facts" / f"{SID}.yaml").read_bytes()
    with pytest.raises(InputError, match=r"not conform to the shapes.*competesWith"):
        review.accept(project, SID, ["yunqi-competes-with-revenue"])
    assert (project / "data" / "facts" / f"{SID}.yaml").read_bytes() == facts_before
    review.accept(project, SID, ["yunqi-competes-with-baidu"])
    (statement,) = facts(project)["statements"]
    assert statement == {"id": "yunqi-competes-with-baidu", "subject": "yunqi",
                         "relation": "competesWith", "object": "baidu-ai-cloud", "quote": quote}
    from kg.graph.build import build

    graph = build(project).union()
    assert graph.query(f"ASK {{ <{BASE}entity/yunqi> <{KGO}competesWith> "
                       f"<{BASE}entity/baidu-ai-cloud> }}").askAnswer


def test_a_quote_not_in_the_source_is_refused_before_anything_is_written(project):
    name_yunqi(project)
    path = project / "data" / "sources" / f"{SID}.draft.yaml"
    doc = draft(project)
    doc["entities"][0]["label"]["en"] = "Somebody"
    fig = next(f for f in doc["figures"] if "8.6亿元" in f["quote"])
    fig["quote"] = "云启智能实现营业收入9.9亿元"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(InputError, match=r"invalid.*quote '云启智能实现营业收入9.9亿元' is not in source"):
        review.accept(project, SID, ["yunqi", fig["id"]])
    assert path.read_bytes() == before
    assert not (project / "data" / "facts" / f"{SID}.yaml").exists()


def test_a_failed_draft_write_puts_the_fact_file_back(project, monkeypatch):
    """Atomicity: the fact file is written, then the draft; when the draft cannot be written
    the fact file is restored, so no item is in both or in neither."""
    import kg.rdfio.files as files

    name_yunqi(project)
    review.accept(project, SID, ["yunqi"])
    fact_file = project / "data" / "facts" / f"{SID}.yaml"
    draft_file = project / "data" / "sources" / f"{SID}.draft.yaml"
    facts_before, draft_before = fact_file.read_bytes(), draft_file.read_bytes()
    real = files.write_atomic

    def failing(path, data):
        if str(path).endswith(".draft.yaml"):
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(files, "write_atomic", failing)
    fig = figure(project, "8.6亿元")
    with pytest.raises(OSError, match="No space left"):
        review.accept(project, SID, [fig["id"]])
    assert fact_file.read_bytes() == facts_before and draft_file.read_bytes() == draft_before
    monkeypatch.setattr(files, "write_atomic", real)
    review.accept(project, SID, [fig["id"]])
    assert ids_of(facts(project), "figures") == [fig["id"]]


def test_accepting_into_an_existing_fact_file_appends_and_keeps_its_comments(project):
    name_yunqi(project)
    fact_file = project / "data" / "facts" / f"{SID}.yaml"
    fact_file.write_text(
        "# Yunqi, by hand. Keep this comment.\n"
        f"source: {SID}\n"
        "entities:\n"
        "  # the company\n"
        "  - id: yunqi-hand\n"
        "    class: Company\n"
        "    label: {zh-Hant: 雲啓, zh-Hans: 云启, en: Yunqi}  # short names\n"
        "figures: []\n", encoding="utf-8")
    fig = figure(project, "8.6亿元")
    done = review.accept(project, SID, ["yunqi", fig["id"]])
    assert done.comments_kept
    text = fact_file.read_text("utf-8")
    assert text.startswith("# Yunqi, by hand. Keep this comment.\n")
    assert "  # the company\n" in text and "# short names" in text
    written = facts(project)
    assert ids_of(written, "entities") == ["yunqi-hand", "yunqi"]
    assert ids_of(written, "figures") == [fig["id"]]


def test_accept_all_takes_the_whole_draft(project):
    name_yunqi(project)
    doc = draft(project)
    for e in doc["entities"]:
        if e["id"] != "yunqi":
            review.reject(project, SID, e["id"])
    for f in draft(project)["figures"]:
        if f["subject"] == "TODO" or f["metric"] == "TODO":
            review.dismiss(project, SID, f["id"], reason="not about a tracked metric")
    done = review.accept(project, SID)
    left = draft(project)
    assert not any(left.get(k) for k in ("entities", "resolutions", "relations", "figures"))
    assert "yunqi" in done.ids
    with pytest.raises(UsageError, match="nothing left to accept"):
        review.accept(project, SID)


# -------------------------------------------------------------------------------------- editing

def test_edit_changes_relation_ends_class_period_and_refuses_what_is_not_allowed(project):
    name_yunqi(project)
    fig = figure(project, "员工人数")
    edited = review.edit(project, SID, fig["id"], {"period": "2023-H2"})
    assert edited["period"] == "2023-H2" and figure(project, "员工人数")["period"] == "2023-H2"
    edited = review.edit(project, SID, fig["id"], {"as_of": "2023-12-31"})
    assert edited["as_of"] == "2023-12-31" and "period" not in edited
    assert review.edit(project, SID, "yunqi", {"class": "Platform"})["class"] == "Platform"
    with pytest.raises(UsageError, match="unknown class of 'yunqi': 'Firm'"):
        review.edit(project, SID, "yunqi", {"class": "Firm"})
    with pytest.raises(UsageError, match="not a period; write"):
        review.edit(project, SID, fig["id"], {"period": "last year"})
    with pytest.raises(UsageError, match="metric 'sensetime' .* is a Company, not a Metric"):
        review.edit(project, SID, fig["id"], {"metric": "sensetime"})
    with pytest.raises(UsageError, match="neither a known entity nor proposed"):
        review.edit(project, SID, fig["id"], {"subject": "nobody-at-all"})
    with pytest.raises(UsageError, match="cannot edit 'value'"):
        review.edit(project, SID, fig["id"], {"value": 1})
    add_relations(project, [{"id": "r1", "subject": "yunqi", "relation": "competesWith",
                             "object": "sensetime", "quote": "与商汤不同"}])
    edited = review.edit(project, SID, "r1", {"relation": "partnersWith" if "partnersWith" in
                                              _relations(project) else "memberOf",
                                              "object": "baidu-ai-cloud"})
    assert edited["object"] == "baidu-ai-cloud" and edited["relation"] != "competesWith"
    with pytest.raises(UsageError, match="unknown relation of 'r1': 'likes'"):
        review.edit(project, SID, "r1", {"relation": "likes"})


def _relations(root) -> frozenset[str]:
    from kg.inputs.corpus import load_inputs
    from kg.inputs.project import Project

    return load_inputs(Project.open(root)).ontology.relations


def test_an_entity_given_a_known_id_is_merged_into_it(project):
    ident = company(project)
    users = [f["id"] for f in draft(project)["figures"] if f["subject"] == ident]
    assert users
    review.edit(project, SID, ident, {"id": "sensetime"})
    doc = draft(project)
    assert ident not in ids_of(doc, "entities")
    assert all(f["subject"] == "sensetime" for f in doc["figures"] if f["id"] in users)


# ------------------------------------------------------------------------ rejecting, dismissing

def test_reject_drops_a_proposal_but_a_figure_needs_a_reason(project):
    person = next(e["id"] for e in draft(project)["entities"] if "王海峰" in str(e["label"]))
    assert review.reject(project, SID, person) == "removed"
    assert person not in ids_of(draft(project), "entities")
    assert not (project / "data" / "facts" / f"{SID}.yaml").exists()
    fig = figure(project, "裁员约15%")
    with pytest.raises(UsageError, match="needs a reason"):
        review.reject(project, SID, fig["id"])
    assert review.reject(project, SID, fig["id"], reason="a share, not a count") == "dismissed"
    (dismissal,) = facts(project)["dismissals"]
    assert dismissal == {"id": fig["id"], "quote": fig["quote"], "text": ["约15%"],
                         "reason": "a share, not a count"}
    with pytest.raises(UsageError, match="is named by"):
        review.reject(project, SID, company(project))


def test_dismissed_figures_are_not_uncovered_and_coverage_check_can_pass(project):
    name_yunqi(project)
    for e in draft(project)["entities"]:
        if e["id"] != "yunqi":
            review.reject(project, SID, e["id"])
    result = invoke("dismiss", SID, figure(project, "裁员约15%")["id"], "--reason",
                    "a share of staff, kept as a note", "-p", str(project))
    assert result.exit_code == 0 and "dismissed" in result.output
    report = json.loads(invoke("coverage", "-s", SID, "-f", "json", "-p", str(project)).output)[0]
    (layoff,) = [f for f in report["figure_details"] if f["text"] == "约15%"]
    assert layoff["dismissed_by"] == figure_id_of(project, "约15%")
    assert report["figures_dismissed"] == 1
    check = invoke("coverage", "-s", SID, "--check", "-p", str(project))
    assert check.exit_code == 1
    for f in draft(project)["figures"]:
        if f["subject"] == "TODO" or f["metric"] == "TODO":
            assert invoke("dismiss", SID, f["id"], "--reason", "no metric", "-p",
                          str(project)).exit_code == 0
    result = invoke("accept", SID, "-p", str(project))
    assert result.exit_code == 0, result.output
    check = invoke("coverage", "-s", SID, "--check", "-p", str(project))
    assert check.exit_code == 0, check.output
    assert "dismissed [" in check.output and "a share of staff" in check.output


def figure_id_of(root, text: str) -> str:
    return next(d["id"] for d in facts(root)["dismissals"] if text in d.get("text", []))


def test_a_dismissal_needs_a_reason_and_its_quote_must_be_in_the_source(project):
    fact_file = project / "data" / "facts" / f"{SID}.yaml"
    fact_file.write_text(f"source: {SID}\ndismissals:\n  - id: d1\n    quote: 公司裁员约15%\n",
                         encoding="utf-8")
    result = invoke("coverage", "-p", str(project))
    assert result.exit_code == 2 and "[d1]" in result.stderr and "'reason' is required" in \
        result.stderr
    fact_file.write_text(f"source: {SID}\ndismissals:\n  - id: d1\n    quote: 公司裁员约99%\n"
                         "    reason: x\n", encoding="utf-8")
    result = invoke("coverage", "-p", str(project))
    assert result.exit_code == 2 and "is not in source" in result.stderr


# ------------------------------------------------------------------------------------- commands

def test_kg_accept_lists_accepts_and_refuses_with_one_line(project):
    listed = invoke("accept", SID, "--list", "-p", str(project))
    assert listed.exit_code == 0 and "TODO: label.en" in listed.output
    ident = company(project)
    refused = invoke("accept", SID, ident, "-p", str(project))
    assert refused.exit_code == 2
    assert refused.stderr.count("\n") == 1 and "fill label.en" in refused.stderr
    unknown = invoke("accept", SID, "no-such-item", "-p", str(project))
    assert unknown.exit_code == 2 and "no proposal 'no-such-item'" in unknown.stderr
    review.edit(project, SID, ident, {"label": {"en": "Yunqi AI"}})
    done = invoke("accept", SID, ident, "-p", str(project))
    assert done.exit_code == 0 and f"accepted 1 item(s) into data/facts/{SID}.yaml" in done.output
    assert ids_of(facts(project), "entities") == [ident]


def test_kg_dismiss_refuses_a_non_figure_and_a_missing_reason(project):
    ident = company(project)
    result = invoke("dismiss", SID, ident, "--reason", "x", "-p", str(project))
    assert result.exit_code == 2 and "not a figure" in result.stderr
    result = invoke("dismiss", SID, figure(project, "8.6亿元")["id"], "-p", str(project))
    assert result.exit_code == 2 and "--reason" in result.output + result.stderr
    result = invoke("accept", "no-such-source", "-p", str(project))
    assert result.exit_code == 2 and "no draft for source 'no-such-source'" in result.stderr
