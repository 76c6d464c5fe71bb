// kg review: the page of `kg review` (kg/serve/review.py). Everything from the articles is put
// in the page with textContent, never as HTML. Requests go to this page's own origin only.
"use strict";
(function () {
  const base = location.pathname.replace(/[^/]*$/, "");  // "/TOKEN/"
  const main = document.getElementById("kg-drafts");
  const status = document.getElementById("kg-status");
  let data = null;
  let renders = 0;

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children || []) if (child) node.appendChild(child);
    return node;
  }

  function say(message, isError) {
    status.textContent = message;
    status.className = isError ? "kg-error" : "kg-ok";
  }

  async function post(action, body) {
    document.body.dataset.kgBusy = "1";
    try {
      const response = await fetch(base + "api/" + action, {
        method: "POST", headers: {"Content-Type": "application/json"},
        body: JSON.stringify(body), credentials: "same-origin", cache: "no-store"});
      const answer = await response.json().catch(() => ({error: "HTTP " + response.status}));
      if (!response.ok) say(answer.error || ("HTTP " + response.status), true);
      else say(answer.message, false);
      await load();
    } finally {
      delete document.body.dataset.kgBusy;
    }
  }

  async function load() {
    const response = await fetch(base + "api/proposals", {cache: "no-store"});
    const answer = await response.json();
    if (!response.ok) { say(answer.error || "cannot read the drafts", true); return; }
    data = answer;
    render();
  }

  function show(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "object") {
      return Object.entries(value).map(([k, v]) => k + ": " + show(v)).join(", ");
    }
    return String(value);
  }

  function datalist(id, options) {
    return el("datalist", {id: id}, options.map((o) => el("option", {value: o.id, label: o.label || o.id})));
  }

  function select(name, options, current) {
    const node = el("select", {name: name});
    for (const option of options) {
      const item = el("option", {value: option, text: option});
      if (option === current) item.selected = true;
      node.appendChild(item);
    }
    if (current && !options.includes(current)) {
      node.insertBefore(el("option", {value: current, text: current}), node.firstChild);
      node.value = current;
    }
    return node;
  }

  function field(label, control) {
    return el("label", {class: "kg-field"}, [el("span", {text: label}), control]);
  }

  function input(name, value, list) {
    const attrs = {name: name, type: "text"};
    if (list) attrs.list = list;
    const node = el("input", attrs);
    node.value = value === undefined || value === null ? "" : String(value);
    return node;
  }

  function editControls(p) {
    const item = p.item;
    const controls = [];
    if (p.kind === "entity") {
      controls.push(field("id", input("id", item.id, "kg-entities")));
      controls.push(field("class", select("class", data.classes, item.class)));
      for (const lang of data.langs) {
        controls.push(field("label " + lang, input("label." + lang, (item.label || {})[lang])));
      }
    } else if (p.kind === "alias") {
      controls.push(field("entity", input("entity", item.entity, "kg-entities")));
      controls.push(field("alias", input("alias", item.alias)));
      controls.push(field("lang", select("lang", data.langs, item.lang)));
    } else if (p.kind === "relation") {
      controls.push(field("subject", input("subject", item.subject, "kg-entities")));
      controls.push(field("relation", select("relation", data.relations, item.relation)));
      controls.push(field("object", input("object", item.object, "kg-entities")));
    } else {
      controls.push(field("subject", input("subject", item.subject, "kg-entities")));
      controls.push(field("metric", select("metric", data.metrics, item.metric)));
      controls.push(field("period", input("period", item.period)));
      controls.push(field("as of", input("as_of", item.as_of)));
    }
    return controls;
  }

  function changesOf(form, p) {
    const changes = {};
    for (const control of form.querySelectorAll("input[name], select[name]")) {
      const name = control.name;
      const value = control.value.trim();
      if (name.startsWith("label.")) {
        const lang = name.slice(6);
        if (value !== String((p.item.label || {})[lang] || "")) {
          changes.label = changes.label || {};
          changes.label[lang] = value;
        }
      } else if (value !== String(p.item[name] === undefined ? "" : p.item[name])) {
        changes[name] = value;
      }
    }
    return changes;
  }

  function card(source, p) {
    const head = el("div", {class: "kg-card-head"}, [
      el("span", {class: "kg-kind", text: p.kind}),
      el("code", {class: "kg-id", text: p.id}),
      el("span", {class: "kg-rule", text: "rule: " + (p.rule || "-")}),
      el("span", {class: "kg-confidence", text: "confidence: " + (p.confidence === null || p.confidence === undefined ? "-" : String(p.confidence))}),
      p.todo.length ? el("span", {class: "kg-todo", text: "TODO: " + p.todo.join(", ")}) : null]);
    const quote = el("p", {class: "kg-sentence kg-text"}, p.found ? [
      document.createTextNode(p.before), el("mark", {text: p.quote}), document.createTextNode(p.after)]
      : [el("span", {class: "kg-error", text: "quote not found: "}), el("mark", {text: p.quote})]);
    const shown = Object.entries(p.shown).filter(([k]) => !["id", "quote", "occurrence"].includes(k));
    const facts = el("dl", {class: "kg-facts kg-text"}, shown.flatMap(([k, v]) =>
      [el("dt", {text: k}), el("dd", {text: show(v)})]));
    const form = el("form", {class: "kg-edit"}, editControls(p));
    const save = el("button", {type: "button", class: "kg-edit-save", text: "Save edit"});
    save.addEventListener("click", () => {
      const changes = changesOf(form, p);
      if (!Object.keys(changes).length) { say("nothing changed in " + p.id, false); return; }
      post("edit", {source: source.id, id: p.id, changes: changes});
    });
    form.appendChild(save);
    const edit = el("details", {class: "kg-edit-box"}, [el("summary", {text: "Edit"}), form]);
    const accept = el("button", {type: "button", class: "kg-accept", text: "Accept"});
    accept.addEventListener("click", () => post("accept", {source: source.id, ids: [p.id]}));
    const actions = el("div", {class: "kg-actions"}, [accept]);
    if (p.kind === "figure") {
      const reason = el("input", {type: "text", name: "reason", class: "kg-reason",
                                  placeholder: "why it is not a fact"});
      const dismiss = el("button", {type: "button", class: "kg-reject", text: "Reject (dismiss)"});
      dismiss.addEventListener("click", () => {
        if (!reason.value.trim()) { say("give a reason to dismiss " + p.id, true); reason.focus(); return; }
        post("reject", {source: source.id, id: p.id, reason: reason.value.trim()});
      });
      actions.appendChild(reason);
      actions.appendChild(dismiss);
    } else {
      const reject = el("button", {type: "button", class: "kg-reject", text: "Reject"});
      reject.addEventListener("click", () => post("reject", {source: source.id, id: p.id}));
      actions.appendChild(reject);
    }
    return el("article", {class: "kg-card kg-" + p.kind, "data-id": p.id, "data-kind": p.kind,
                          "data-source": source.id}, [head, quote, facts, edit, actions]);
  }

  function render() {
    main.replaceChildren();
    main.appendChild(datalist("kg-entities", data.entities.concat(data.proposed)));
    if (!data.sources.length) main.appendChild(el("p", {text: "No drafts: kg ingest an article first."}));
    for (const source of data.sources) {
      const all = el("button", {type: "button", class: "kg-accept-all", text: "Accept whole draft"});
      all.addEventListener("click", () => post("accept", {source: source.id}));
      const title = el("h2", {class: "kg-text"}, [el("code", {text: source.id}),
        document.createTextNode(" " + source.title)]);
      const section = el("section", {class: "kg-draft", "data-source": source.id},
        [title, el("p", {text: source.proposals.length + " proposal(s) left"}),
         source.proposals.length ? all : null]);
      for (const p of source.proposals) section.appendChild(card(source, p));
      main.appendChild(section);
    }
    renders += 1;
    document.body.dataset.kgReady = String(renders);
  }

  load().catch((error) => say(String(error), true));
})();
