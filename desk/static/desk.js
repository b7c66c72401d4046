/* The counsellors' dashboard: the live queue (server-sent events), one open ticket, its live chat.
   Visitor text is only ever inserted with textContent, never as HTML. */
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const queueBox = document.getElementById("queue");
  const filter = document.getElementById("area-filter");
  const liveState = document.getElementById("live-state");
  const panel = document.getElementById("ticket");
  const byId = (id) => document.getElementById(id);
  let tickets = [];
  let openCode = null;
  let ticketEvents = null;

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  async function send(method, url, body) {
    const response = await fetch(url, {
      method,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
    if (response.status === 401) { window.location.reload(); return null; }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.detail || response.statusText);
    return data;
  }

  function renderQueue() {
    queueBox.replaceChildren();
    const wanted = filter.value;
    const areas = new Map();
    for (const t of tickets) {
      if (wanted && t.area !== wanted) continue;
      if (!areas.has(t.area)) areas.set(t.area, []);
      areas.get(t.area).push(t);
    }
    if (areas.size === 0) queueBox.append(el("p", "Aucun ticket ouvert."));
    for (const [area, items] of areas) {
      const section = el("div", undefined, "area");
      section.append(el("h2", area + " (" + items.length + ")"));
      const list = el("ul");
      for (const t of items) {
        const li = el("li", undefined, t.urgent ? "urgent" : "");
        li.dataset.code = t.code;
        const button = el("button");
        button.type = "button";
        button.append(el("span", t.code, "code"), document.createTextNode(" · " + t.status + " · " + t.mode +
          (t.urgent ? " · URGENT" : "") + " · "), el("span", t.summary, "queue-summary"));
        button.addEventListener("click", () => openTicket(t.code));
        li.append(button);
        list.append(li);
      }
      section.append(list);
      queueBox.append(section);
    }
  }

  function addMessage(m) {
    const who = { visitor: "Visiteur", bot: "Assistant", counsellor: "Conseiller" }[m.who] || m.who;
    const li = el("li", undefined, m.who);
    li.append(el("strong", who + " : "), el("span", m.text));
    byId("t-messages").append(li);
  }

  async function openTicket(code) {
    byId("t-error").textContent = "";
    const t = await send("GET", "/desk/api/tickets/" + encodeURIComponent(code)).catch((e) => {
      byId("t-error").textContent = e.message; return null;
    });
    if (!t) return;
    openCode = t.code;
    panel.hidden = false;
    byId("t-code").textContent = t.code;
    byId("t-status").textContent = t.status;
    byId("t-meta").textContent = [t.area, t.topic, t.language, t.channel, t.mode, t.urgent ? "urgent" : ""]
      .filter(Boolean).join(" · ");
    byId("t-summary").textContent = t.summary;
    byId("t-resources").textContent = t.resources.join(", ") || "—";
    byId("t-messages").replaceChildren();
    t.messages.forEach(addMessage);
    byId("reply").hidden = t.mode !== "live_chat";
    if (ticketEvents) ticketEvents.close();
    ticketEvents = new EventSource("/desk/api/tickets/" + encodeURIComponent(t.code) + "/events");
    ticketEvents.addEventListener("message", (e) => addMessage(JSON.parse(e.data)));
    ticketEvents.addEventListener("closed", () => { byId("t-status").textContent = "closed"; });
  }

  async function act(path, body) {
    if (!openCode) return;
    byId("t-error").textContent = "";
    try {
      const t = await send("POST", "/desk/api/tickets/" + encodeURIComponent(openCode) + "/" + path, body);
      if (t && t.status) byId("t-status").textContent = t.status;
    } catch (e) {
      byId("t-error").textContent = e.message;
    }
  }

  byId("claim").addEventListener("click", () => act("claim"));
  byId("call").addEventListener("click", () => act("call", { desk: byId("desk-number").value }));
  byId("close").addEventListener("click", () => act("close", { outcome: byId("outcome").value }));
  byId("reply").addEventListener("submit", async (e) => {
    e.preventDefault();
    const box = byId("reply-text");
    if (!box.value.trim()) return;
    try {
      await send("POST", "/desk/api/tickets/" + encodeURIComponent(openCode) + "/messages", { text: box.value });
      box.value = "";
    } catch (err) {
      byId("t-error").textContent = err.message;
    }
  });
  filter.addEventListener("change", renderQueue);

  const events = new EventSource("/desk/events");
  events.addEventListener("open", () => { liveState.textContent = "en direct"; });
  events.addEventListener("error", () => { liveState.textContent = "reconnexion…"; });
  events.addEventListener("queue", (e) => { tickets = JSON.parse(e.data); renderQueue(); });
  events.addEventListener("signed_out", () => window.location.reload());
})();
