// The knowledge gaps page: list the gap groups of the counsellor's centre, turn one (or a ticket's
// exchange) into a draft, edit it, see the file it will publish as and what is wrong, publish it.
// Visitor text is inserted with textContent only.
"use strict";

(function () {
  const labels = JSON.parse(document.getElementById("labels").textContent);
  const csrf = document.querySelector("meta[name=csrf-token]").content;
  const form = document.getElementById("draft-form");
  let current = null;

  function t(key, values) {
    let text = labels[key] || key;
    for (const [name, value] of Object.entries(values || {})) text = text.replace(`{${name}}`, value);
    return text;
  }

  async function call(method, url, body) {
    const response = await fetch(url, {
      method,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw Object.assign(new Error(String(response.status)), { data });
    return data;
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  async function loadGaps() {
    const data = await call("GET", "/desk/api/gaps");
    const list = document.getElementById("groups");
    list.replaceChildren();
    document.getElementById("no-groups").hidden = data.groups.length > 0;
    for (const group of data.groups) {
      const item = element("li");
      item.dataset.group = group.id;
      item.append(element("strong", t("gaps.count", { count: group.count, refused: group.refused })));
      item.append(" · ", t(group.status === "closed" ? "gaps.status_closed" : "gaps.status_open"));
      item.append(" · ", t("language." + group.language));
      for (const example of group.examples) item.append(element("blockquote", example));
      const button = element("button", t("gaps.make_draft"));
      button.type = "button";
      button.addEventListener("click", () => call("POST", `/desk/api/gaps/${group.id}/draft`).then(show).then(loadGaps));
      item.append(button);
      list.append(item);
    }
    const drafts = document.getElementById("drafts");
    drafts.replaceChildren();
    for (const draft of data.drafts) {
      const item = element("li");
      const button = element("button", `${t("gaps.draft")} ${draft.id} : ${draft.title}`, "link");
      button.type = "button";
      button.addEventListener("click", () => call("GET", `/desk/api/drafts/${draft.id}`).then(show));
      item.append(button);
      drafts.append(item);
    }
  }

  function show(draft) {
    current = draft;
    document.getElementById("editor").hidden = false;
    document.getElementById("draft-id").textContent = String(draft.id);
    for (const name of ["title", "resource_id", "kind", "lang", "audience", "where", "body"]) {
      form.elements[name].value = draft.fields[name];
    }
    const chosen = draft.fields.topics.split(",").map((item) => item.trim());
    for (const box of form.querySelectorAll("input[name=topic]")) box.checked = chosen.includes(box.value);
    document.getElementById("preview").textContent = draft.preview;
    const problems = document.getElementById("problems");
    problems.replaceChildren();
    if (draft.problems.length) {
      problems.append(element("h3", t("gaps.problems")));
      const list = element("ul");
      for (const problem of draft.problems) {
        list.append(element("li", `${t("gaps.field_" + problem.field)} : ${problem.message}`));
      }
      problems.append(list);
    }
    const editable = draft.status === "draft";
    for (const control of form.elements) control.disabled = !editable;
    let status = draft.problems.length ? "" : t("gaps.valid");
    if (draft.status === "published") status = t("gaps.published", { file: draft.file });
    if (draft.status === "discarded") status = t("gaps.discarded");
    document.getElementById("status").textContent = status;
    return draft;
  }

  function fields() {
    const topics = [...form.querySelectorAll("input[name=topic]:checked")].map((box) => box.value);
    const value = (name) => form.elements[name].value;
    return {
      title: value("title"), resource_id: value("resource_id"), kind: value("kind"), lang: value("lang"),
      topics: topics.join(","), audience: value("audience"), where: value("where"), body: value("body"),
    };
  }

  function failed(error) {
    const detail = error.data && error.data.detail;
    document.getElementById("status").textContent = typeof detail === "string" ? detail : error.message;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    call("PUT", `/desk/api/drafts/${current.id}`, fields()).then(show).then(loadGaps).catch(failed);
  });
  document.getElementById("publish").addEventListener("click", async () => {
    try {
      const saved = show(await call("PUT", `/desk/api/drafts/${current.id}`, fields()));
      if (saved.problems.length) return;
      document.getElementById("status").textContent = t("gaps.publishing");
      show(await call("POST", `/desk/api/drafts/${current.id}/publish`));
      await loadGaps();
    } catch (error) {
      failed(error);
    }
  });
  document.getElementById("discard").addEventListener("click", () => {
    call("POST", `/desk/api/drafts/${current.id}/discard`).then(show).then(loadGaps).catch(failed);
  });
  document.getElementById("from-ticket").addEventListener("submit", (event) => {
    event.preventDefault();
    const ticket = document.getElementById("ticket-code").value;
    call("POST", "/desk/api/drafts", { ticket }).then(show).then(loadGaps).catch(failed);
  });

  loadGaps().catch(failed);
})();
