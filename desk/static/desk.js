/* The counsellors' dashboard: the live queue (server-sent events) sorted by urgency then age, one open
   ticket and its live chat, alerts on a new ticket or a new visitor message (a count in the title, a
   highlighted row, a spoken announcement, an optional beep) and keyboard shortcuts.
   Every word comes from the page's label catalogue (the JSON script tag #desk-labels, never evaluated);
   visitor text is only ever inserted with textContent, never as HTML. */
"use strict";
(function () {
  const labels = JSON.parse(document.getElementById("desk-labels").textContent);
  const lang = document.documentElement.lang || "fr";
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  // The desk's clock may differ from the browser's (a demo's fixed time): ages are counted on the desk's.
  const skew = Date.parse(document.querySelector('meta[name="server-now"]').content) - Date.now();
  const byId = (id) => document.getElementById(id);
  const queueBox = byId("queue");
  const filter = byId("area-filter");
  const soundBox = byId("sound");
  const help = byId("help");
  const panel = byId("ticket");
  const announcer = byId("announce");
  const baseTitle = document.title;
  const relative = new Intl.RelativeTimeFormat(lang, { numeric: "always", style: "short" });
  const FILTER_KEY = "cdm-desk-area";
  const SOUND_KEY = "cdm-desk-sound";
  const TICK_MS = 10000;

  let tickets = [];
  let receivedAt = Date.now();
  let openCode = null;
  let selected = null;
  let ticketEvents = null;
  let known = null; // codes of the previous snapshot; null until the first one (no alert for those)
  const seenMessages = new Map(); // code -> visitor messages already noticed
  const fresh = new Set(); // new tickets not opened yet
  const unread = new Set(); // tickets with a visitor message not read yet

  function t(key, values) {
    let text = key in labels ? labels[key] : key;
    for (const [name, value] of Object.entries(values || {})) text = text.replaceAll("{" + name + "}", value);
    return text;
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function ago(iso) {
    const seconds = Math.max(0, Math.round((Date.now() + skew - Date.parse(iso)) / 1000));
    if (seconds < 60) return relative.format(-seconds, "second");
    if (seconds < 3600) return relative.format(-Math.floor(seconds / 60), "minute");
    if (seconds < 86400) return relative.format(-Math.floor(seconds / 3600), "hour");
    return relative.format(-Math.floor(seconds / 86400), "day");
  }

  // Texts that change with time carry what they are computed from, and `tick` refreshes them all.
  function timed(kind, value) {
    const span = el("span", undefined, "timed");
    span.dataset.kind = kind;
    span.dataset.value = value;
    refreshTimed(span);
    return span;
  }

  function refreshTimed(span) {
    if (span.dataset.kind === "age") {
      span.textContent = t("desk.age", { age: ago(span.dataset.value) });
    } else {
      const elapsed = Math.floor((Date.now() - receivedAt) / 60000);
      span.textContent = t("desk.wait", { minutes: Math.max(0, Number(span.dataset.value) - elapsed) });
    }
  }

  function tick() {
    document.querySelectorAll(".timed").forEach(refreshTimed);
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

  // --- alerts ---------------------------------------------------------------------------------------

  let audio = null;
  function beep() {
    if (!soundBox.checked) return;
    audio = audio || new AudioContext();
    if (audio.state === "suspended") audio.resume();
    const start = audio.currentTime;
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    tone.frequency.value = 880;
    volume.gain.setValueAtTime(0.0001, start);
    volume.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
    volume.gain.exponentialRampToValueAtTime(0.0001, start + 0.35);
    tone.connect(volume).connect(audio.destination);
    tone.start(start);
    tone.stop(start + 0.4);
  }

  function announce(text) {
    // Emptied first, so that the same words said twice are still announced.
    announcer.textContent = "";
    window.setTimeout(() => { announcer.textContent = text; }, 50);
  }

  function updateTitle() {
    const count = fresh.size + unread.size;
    document.title = (count ? "(" + count + ") " : "") + baseTitle;
  }

  function noticeChanges() {
    const codes = new Set(tickets.map((ticket) => ticket.code));
    const news = [];
    for (const ticket of tickets) {
      const seen = seenMessages.get(ticket.code);
      if (known !== null && !known.has(ticket.code)) {
        fresh.add(ticket.code);
        news.push(t("desk.new_ticket", { code: ticket.code, area: t("area." + ticket.area) }));
      } else if (seen !== undefined && ticket.visitor_messages > seen && ticket.code !== openCode) {
        unread.add(ticket.code);
        news.push(t("desk.new_message", { code: ticket.code }));
      }
      seenMessages.set(ticket.code, ticket.visitor_messages);
    }
    for (const set of [fresh, unread]) for (const code of set) if (!codes.has(code)) set.delete(code);
    for (const code of seenMessages.keys()) if (!codes.has(code)) seenMessages.delete(code);
    known = codes;
    if (news.length) { announce(news.join(". ")); beep(); }
    updateTitle();
  }

  // --- the queue ------------------------------------------------------------------------------------

  function visibleTickets() {
    const wanted = filter.value;
    return tickets
      .filter((ticket) => !wanted || ticket.area === wanted)
      .sort((a, b) => (b.urgent - a.urgent) || (Date.parse(a.created_at) - Date.parse(b.created_at)));
  }

  function queueEntry(ticket) {
    const li = el("li", undefined, "entry");
    li.dataset.code = ticket.code;
    li.dataset.status = ticket.status;
    li.classList.toggle("urgent", ticket.urgent);
    li.classList.toggle("fresh", fresh.has(ticket.code));
    li.classList.toggle("unread", unread.has(ticket.code));
    li.classList.toggle("selected", ticket.code === selected);
    const button = el("button");
    button.type = "button";
    if (ticket.code === selected) button.setAttribute("aria-current", "true");
    const head = el("span", undefined, "entry-head");
    head.append(el("span", ticket.code, "code"));
    if (ticket.urgent) head.append(el("span", t("urgency.urgent"), "badge badge-urgent"));
    if (unread.has(ticket.code)) head.append(el("span", t("desk.unread"), "badge badge-unread"));
    head.append(el("span", t("status." + ticket.status), "state"));
    const facts = el("span", undefined, "entry-facts");
    facts.append(el("span", t("area." + ticket.area)), el("span", t("mode." + ticket.mode)), timed("age", ticket.created_at));
    if (ticket.status === "waiting" && ticket.wait_minutes !== null) facts.append(timed("wait", ticket.wait_minutes));
    if (ticket.status === "called" && ticket.desk) facts.append(el("span", t("desk.called_to", { desk: ticket.desk })));
    button.append(head, facts, el("span", ticket.summary, "queue-summary"));
    button.addEventListener("click", () => { select(ticket.code, false); openTicket(ticket.code); });
    li.append(button);
    return li;
  }

  function renderQueue() {
    const focused = document.activeElement && document.activeElement.closest("#queue li");
    const focusedCode = focused ? focused.dataset.code : null;
    const items = visibleTickets();
    queueBox.replaceChildren();
    if (items.length === 0) { queueBox.append(el("p", t("desk.no_ticket"))); return; }
    const list = el("ol", undefined, "entries");
    list.setAttribute("aria-label", t("desk.queue"));
    items.forEach((ticket) => list.append(queueEntry(ticket)));
    queueBox.append(list);
    if (focusedCode) focusEntry(focusedCode);
  }

  function focusEntry(code) {
    const button = queueBox.querySelector(`li[data-code="${CSS.escape(code)}"] button`);
    if (button) { button.focus(); button.scrollIntoView({ block: "nearest" }); }
  }

  function select(code, focus) {
    selected = code;
    queueBox.querySelectorAll("li.entry").forEach((li) => {
      const on = li.dataset.code === code;
      li.classList.toggle("selected", on);
      if (on) li.firstChild.setAttribute("aria-current", "true");
      else li.firstChild.removeAttribute("aria-current");
    });
    if (focus) focusEntry(code);
  }

  function move(step) {
    const codes = visibleTickets().map((ticket) => ticket.code);
    if (codes.length === 0) return;
    const here = codes.indexOf(selected);
    const next = here < 0 ? (step > 0 ? 0 : codes.length - 1) : Math.min(codes.length - 1, Math.max(0, here + step));
    select(codes[next], true);
  }

  // --- the open ticket ------------------------------------------------------------------------------

  function showStatus(status) {
    const box = byId("t-status");
    box.dataset.status = status;
    box.textContent = t("status." + status);
  }

  function addMessage(m) {
    const li = el("li", undefined, m.who);
    li.append(el("strong", t("who." + m.who) + " : "), el("span", m.text));
    byId("t-messages").append(li);
  }

  async function openTicket(code) {
    byId("t-error").textContent = "";
    const ticket = await send("GET", "/desk/api/tickets/" + encodeURIComponent(code)).catch((e) => {
      byId("t-error").textContent = e.message; return null;
    });
    if (!ticket) return;
    openCode = ticket.code;
    fresh.delete(ticket.code);
    unread.delete(ticket.code);
    updateTitle();
    renderQueue();
    panel.hidden = false;
    byId("t-code").textContent = ticket.code;
    showStatus(ticket.status);
    const language = "language." + ticket.language;
    const meta = byId("t-meta");
    meta.replaceChildren();
    for (const text of [t("area." + ticket.area), t("topic." + ticket.topic), language in labels ? t(language) : ticket.language,
      t("channel." + ticket.channel), t("mode." + ticket.mode), ticket.urgent ? t("urgency.urgent") : ""]) {
      if (text) meta.append(el("span", text));
    }
    meta.append(timed("age", ticket.created_at));
    byId("t-summary").textContent = ticket.summary;
    byId("t-resources").textContent = ticket.resources.join(", ") || t("common.none");
    byId("t-messages").replaceChildren();
    ticket.messages.forEach(addMessage);
    byId("reply").hidden = ticket.mode !== "live_chat";
    if (ticketEvents) ticketEvents.close();
    ticketEvents = new EventSource("/desk/api/tickets/" + encodeURIComponent(ticket.code) + "/events");
    ticketEvents.addEventListener("message", (e) => {
      const message = JSON.parse(e.data);
      addMessage(message);
      if (message.who === "visitor") {
        seenMessages.set(ticket.code, (seenMessages.get(ticket.code) || 0) + 1);
        announce(t("desk.new_message", { code: ticket.code }));
        if (document.hidden) beep();
      }
    });
    ticketEvents.addEventListener("closed", () => showStatus("closed"));
  }

  async function act(path, body) {
    if (!openCode) return;
    byId("t-error").textContent = "";
    try {
      const ticket = await send("POST", "/desk/api/tickets/" + encodeURIComponent(openCode) + "/" + path, body);
      if (ticket && ticket.status) showStatus(ticket.status);
    } catch (e) {
      byId("t-error").textContent = e.message;
    }
  }

  const claim = () => act("claim");
  const call = () => act("call", { desk: byId("desk-number").value });
  const close = () => act("close", { outcome: byId("outcome").value });
  byId("claim").addEventListener("click", claim);
  byId("call").addEventListener("click", call);
  byId("close").addEventListener("click", close);

  const replyBox = byId("reply-text");
  byId("reply").addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!replyBox.value.trim() || !openCode) return;
    try {
      await send("POST", "/desk/api/tickets/" + encodeURIComponent(openCode) + "/messages", { text: replyBox.value });
      replyBox.value = "";
    } catch (err) {
      byId("t-error").textContent = err.message;
    }
  });
  replyBox.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); byId("reply").requestSubmit(); }
    if (e.key === "Escape") replyBox.blur();
  });

  // --- keyboard shortcuts ---------------------------------------------------------------------------

  function typing(target) {
    if (!(target instanceof Element)) return false;
    if (target.isContentEditable) return true;
    return target.matches("textarea, select, input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit])");
  }

  // A shortcut acts on the selected ticket, opened first when it is not the one shown, so that the
  // counsellor always sees what they acted on.
  function onSelected(action) {
    return async () => {
      const code = selected || openCode;
      if (!code) return;
      if (code !== openCode) await openTicket(code);
      if (code === openCode) await action();
    };
  }

  const shortcuts = {
    j: () => move(1), ArrowDown: () => move(1), k: () => move(-1), ArrowUp: () => move(-1),
    o: () => selected && openTicket(selected),
    c: onSelected(claim), a: onSelected(call), x: onSelected(close),
    r: () => { if (!byId("reply").hidden) replyBox.focus(); },
    "?": () => help.showModal(),
  };

  document.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || help.open || typing(e.target)) return;
    const action = shortcuts[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  });
  byId("help-open").addEventListener("click", () => help.showModal());

  // --- filters and preferences, kept in this browser (a staff machine, never the kiosk) ---------------

  const savedArea = localStorage.getItem(FILTER_KEY);
  if (savedArea && filter.querySelector(`option[value="${CSS.escape(savedArea)}"]`)) filter.value = savedArea;
  filter.addEventListener("change", () => {
    localStorage.setItem(FILTER_KEY, filter.value);
    renderQueue();
  });
  soundBox.checked = localStorage.getItem(SOUND_KEY) === "on";
  soundBox.addEventListener("change", () => {
    localStorage.setItem(SOUND_KEY, soundBox.checked ? "on" : "off");
    beep(); // switching it on is a user gesture: the browser lets the page play from now on
  });
  document.addEventListener("pointerdown", () => { if (audio && audio.state === "suspended") audio.resume(); });

  // --- live updates ---------------------------------------------------------------------------------

  const liveState = byId("live-state");
  const events = new EventSource("/desk/events");
  events.addEventListener("open", () => { liveState.textContent = t("desk.live_on"); });
  events.addEventListener("error", () => { liveState.textContent = t("desk.live_reconnecting"); });
  events.addEventListener("queue", (e) => {
    tickets = JSON.parse(e.data);
    receivedAt = Date.now();
    noticeChanges();
    renderQueue();
  });
  events.addEventListener("signed_out", () => window.location.reload());
  window.setInterval(tick, TICK_MS);
})();
