/*
 * The Cité des métiers assistant, as a chat widget any page embeds with one script tag:
 *
 *   <script src="https://desk.example/widget.js" data-server="https://rasa.example" data-desk="https://desk.example"
 *           data-lang="fr" data-centre="rivemont" data-centre-name="Cité des métiers de Rivemont" defer></script>
 *
 * Plain JavaScript with no build step and no dependency: the page loads this file and its stylesheet
 * (static/widget.css, beside it on the same server) and nothing else, so the widget makes no third-party
 * request. It speaks Rasa's REST channel (data-server; by default the origin this script came from),
 * renders the custom payloads of the project's contract (resources, workshops, handoff, emergency) and,
 * after a live-chat handoff, talks to the counsellors' desk by server-sent events, from any page the
 * desk's CDM_ALLOWED_ORIGINS lists. The live chat's secret lives in an HttpOnly cookie of the desk's
 * API, never in the page or its storage. sessionStorage keeps only what a reload needs and nothing the
 * visitor typed (the sender id, the bot's replies, the live chat's code), and "end conversation" erases
 * that too. In kiosk mode (data-mode="kiosk", used by /kiosk) nothing is stored at all: the next visitor
 * must find nothing.
 * No inline style, no eval, no innerHTML of received text, so the pages can keep a strict CSP.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  if (!script || window.CdmWidget) return;

  const STORAGE_KEY = "cdm-widget";
  const REQUEST_TIMEOUT_MS = 30000;
  const MAX_MESSAGE_CHARS = 2000;
  const MAX_SHOWN_WAIT_MINUTES = 600;
  const LIVE_RETRIES = 3;

  // Every word the widget shows, per language, and the languages in order (code, own name, locale): written
  // in by the desk from web/strings.yml and common/languages.py when it serves this script.
  const CATALOGUE = /* the desk writes the catalogue here (desk/web_strings.py) */ {};
  const STRINGS = CATALOGUE.strings;
  const LANGUAGES = CATALOGUE.languages;

  const data = script.dataset;
  const kiosk = data.mode === "kiosk";
  const config = {
    server: (data.server || new URL(script.src).origin).replace(/\/+$/, ""),
    desk: (data.desk || new URL(".", script.src).href).replace(/\/+$/, ""),
    lang: STRINGS[data.lang] ? data.lang : CATALOGUE.default,
    centre: data.centre || "", // the centre's id, sent with every message (metadata.centre, with metadata.language)
    centreName: data.centreName || "",
    timezone: data.timezone || "Europe/Paris",
    channel: kiosk ? "kiosk" : "web",
    container: data.container ? document.querySelector(data.container) : null,
  };
  const stylesheetUrl = new URL("static/widget.css", script.src).href;

  /* ---------- state: what the conversation is, kept in sessionStorage (never in kiosk mode) ---------- */

  function newSender() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return "w-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function freshState(lang) {
    return { sender: newSender(), lang: lang, open: false, transcript: [], live: null };
  }

  function loadState() {
    if (kiosk) return freshState(config.lang);
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "null");
      if (saved && typeof saved.sender === "string" && Array.isArray(saved.transcript)) return saved;
    } catch (error) {
      /* unreadable or blocked storage: start afresh */
    }
    return freshState(config.lang);
  }

  let state = loadState();

  /** What sessionStorage may hold: no visitor text (only the bot has it, redacted) and no secret. */
  function storable() {
    const transcript = state.transcript.map((entry) => {
      if (entry.who === "visitor") return { who: "visitor" };
      if (entry.custom && entry.custom.token) {
        const custom = Object.assign({}, entry.custom);
        delete custom.token;
        return Object.assign({}, entry, { custom: custom });
      }
      return entry;
    });
    const live = state.live ? { code: state.live.code, desk: state.live.desk, claimed: state.live.claimed, seen: state.live.seen } : null;
    return { sender: state.sender, lang: state.lang, open: state.open, transcript: transcript, live: live };
  }

  function saveState() {
    if (kiosk) return;
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(storable()));
    } catch (error) {
      /* storage full or disabled: the conversation simply won't survive a reload */
    }
  }

  function t(key) {
    return STRINGS[state.lang][key];
  }

  /* ---------- small DOM helpers (text only: nothing received is parsed as HTML) ---------- */

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function button(className, text, onClick) {
    const node = el("button", className, text);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  const URL_PATTERN = /\bhttps?:\/\/[^\s<>"')]+[^\s<>"').,;:!?]/g;

  /** Text with its web addresses made into links, built node by node. */
  function linkedText(parent, text) {
    let last = 0;
    for (const match of text.matchAll(URL_PATTERN)) {
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      parent.appendChild(link(match[0], match[0]));
      last = match.index + match[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
    return parent;
  }

  function link(href, text) {
    const node = el("a", "cdm-link", text);
    node.href = href;
    if (kiosk && isWebAddress(href)) {
      node.addEventListener("click", (event) => {
        event.preventDefault();
        openReader(node.href);
      });
    } else {
      node.target = "_blank";
      node.rel = "noopener noreferrer";
    }
    return node;
  }

  /* ---------- the kiosk's reader: a cited resource shown inside the kiosk, never in a new tab ---------- */
  // A shared screen has no tab bar to come back from, and the next visitor must not find the last one's
  // page open. The desk's own pages and leaflets (same origin as the kiosk) open in a frame over the chat;
  // any other address is shown as text with its QR code (desk/qr.py), which the visitor scans to read the
  // page on their own phone. "Back to the conversation", Escape and the kiosk's reset close it.

  function openReader(href) {
    closeReader();
    const address = new URL(href, window.location.href);
    const reader = el("div", "cdm-reader");
    reader.setAttribute("role", "dialog");
    reader.setAttribute("aria-modal", "true");
    reader.setAttribute("aria-label", t("readerTitle"));
    const back = button("cdm-button cdm-reader__back", t("readerBack"), closeReader);
    reader.appendChild(back);
    if (address.origin === window.location.origin) {
      const frame = el("iframe", "cdm-reader__frame");
      frame.title = t("readerTitle");
      frame.src = address.href;
      reader.appendChild(frame);
    } else {
      const away = el("div", "cdm-reader__away");
      const qr = el("img", "cdm-reader__qr");
      qr.alt = t("readerQr");
      qr.src = config.desk + "/qr.svg?u=" + encodeURIComponent(address.href);
      away.append(el("p", "cdm-reader__hint", t("readerScan")), qr, el("p", "cdm-reader__address", address.href));
      reader.appendChild(away);
    }
    reader.addEventListener("keydown", (event) => {
      if (event.key === "Escape") closeReader();
    });
    ui.reader = reader;
    ui.root.appendChild(reader);
    back.focus();
  }

  function closeReader() {
    if (!ui.reader) return;
    ui.reader.remove();
    ui.reader = null;
    if (ui.input) ui.input.focus();
  }

  function isWebAddress(value) {
    return /^https?:\/\//.test(value);
  }

  /* ---------- the frame: launcher, panel, log, input ---------- */

  const ui = {};

  function buildFrame() {
    const style = el("link");
    style.rel = "stylesheet";
    style.href = stylesheetUrl;
    document.head.appendChild(style);

    ui.root = el("div", "cdm-widget" + (kiosk ? " cdm-widget--kiosk" : ""));
    ui.root.lang = state.lang;

    if (!kiosk) {
      ui.launcher = button("cdm-launcher", "", (event) => {
        if (window.CdmWidget.openedAt === null) window.CdmWidget.openedAt = event.timeStamp;
        setOpen(true);
      });
      ui.launcher.setAttribute("aria-expanded", "false");
      ui.launcher.setAttribute("aria-controls", "cdm-panel");
      ui.launcherText = el("span", "cdm-launcher__text");
      ui.launcher.appendChild(el("span", "cdm-launcher__icon"));
      ui.launcher.appendChild(ui.launcherText);
      ui.root.appendChild(ui.launcher);
    }

    ui.panel = el("section", "cdm-panel");
    ui.panel.id = "cdm-panel";
    ui.panel.setAttribute("aria-labelledby", "cdm-title");
    if (!kiosk) ui.panel.hidden = true;

    const header = el("header", "cdm-header");
    const titles = el("div", "cdm-header__titles");
    ui.title = el("h2", "cdm-title");
    ui.title.id = "cdm-title";
    ui.subtitle = el("p", "cdm-subtitle");
    titles.append(ui.title, ui.subtitle);
    const actions = el("div", "cdm-header__actions");
    // The language chooser: every declared language, each named in itself.
    ui.languageLabel = el("label", "cdm-visually-hidden");
    ui.languageLabel.htmlFor = "cdm-language";
    ui.languageSelect = el("select", "cdm-button cdm-button--ghost cdm-language");
    ui.languageSelect.id = "cdm-language";
    LANGUAGES.forEach((language) => {
      const option = el("option", "", language.name);
      option.value = language.code;
      option.lang = language.code;
      ui.languageSelect.appendChild(option);
    });
    ui.languageSelect.addEventListener("change", () => setLanguage(ui.languageSelect.value, true));
    ui.endButton = button("cdm-button cdm-button--ghost cdm-end", "", () => endConversation());
    actions.append(ui.languageLabel, ui.languageSelect, ui.endButton);
    if (!kiosk) {
      ui.closeButton = button("cdm-button cdm-button--icon cdm-close", "×", () => setOpen(false));
      actions.appendChild(ui.closeButton);
    }
    header.append(titles, actions);

    ui.log = el("div", "cdm-log");
    ui.log.setAttribute("role", "log");
    ui.log.setAttribute("aria-live", "polite");
    ui.log.tabIndex = 0;

    ui.typing = el("div", "cdm-typing");
    ui.typing.setAttribute("role", "status");
    ui.typingText = el("span", "cdm-visually-hidden");
    const dots = el("span", "cdm-typing__dots");
    dots.setAttribute("aria-hidden", "true");
    dots.append(el("span"), el("span"), el("span"));
    ui.typing.append(dots, ui.typingText);
    ui.typing.hidden = true;

    ui.form = el("form", "cdm-form");
    ui.inputLabel = el("label", "cdm-visually-hidden");
    ui.inputLabel.htmlFor = "cdm-input";
    ui.input = el("input", "cdm-input");
    ui.input.id = "cdm-input";
    ui.input.type = "text";
    ui.input.autocomplete = "off";
    ui.input.maxLength = MAX_MESSAGE_CHARS;
    ui.sendButton = el("button", "cdm-button cdm-send");
    ui.sendButton.type = "submit";
    ui.form.append(ui.inputLabel, ui.input, ui.sendButton);
    ui.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = ui.input.value.trim();
      if (!text) return;
      ui.input.value = "";
      send(text, text);
    });

    ui.panel.append(header, ui.log, ui.typing, ui.form);
    ui.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !kiosk) setOpen(false);
    });
    ui.root.appendChild(ui.panel);
    (config.container || document.body).appendChild(ui.root);
    applyStrings();
  }

  function applyStrings() {
    ui.root.lang = state.lang;
    if (ui.launcher) {
      ui.launcherText.textContent = t("open");
    }
    ui.title.textContent = config.centreName ? t("title").replace("Cité des métiers", config.centreName) : t("title");
    ui.subtitle.textContent = t("subtitle");
    ui.languageLabel.textContent = t("language");
    ui.languageSelect.value = state.lang;
    ui.endButton.textContent = t("end");
    if (ui.closeButton) ui.closeButton.setAttribute("aria-label", t("close"));
    ui.inputLabel.textContent = t("inputLabel");
    ui.input.placeholder = t("placeholder");
    ui.sendButton.textContent = t("send");
    ui.typingText.textContent = t("typing");
  }

  function setOpen(open) {
    state.open = open;
    saveState();
    if (kiosk) return;
    ui.panel.hidden = !open;
    ui.launcher.hidden = open;
    ui.launcher.setAttribute("aria-expanded", String(open));
    if (open) {
      if (!ui.log.hasChildNodes()) renderAll();
      ui.input.focus();
      scrollToEnd();
    } else {
      ui.launcher.focus();
    }
  }

  /** Switch the interface language; when a conversation is under way, ask the bot to switch too. */
  function setLanguage(lang, tellBot) {
    if (!STRINGS[lang]) return;
    const talking = state.transcript.some((entry) => entry.who === "visitor");
    state.lang = lang;
    saveState();
    applyStrings();
    if (!talking) {
      ui.log.textContent = "";
      renderAll();
    } else if (tellBot) {
      send('/change_language{"language": "' + lang + '"}', null);
    }
    ui.input.focus();
  }

  /* ---------- rendering the transcript ---------- */

  function renderAll() {
    ui.log.textContent = "";
    if (state.transcript.length === 0) renderWelcome();
    state.transcript.forEach((entry, index) => render(entry, index === state.transcript.length - 1));
    scrollToEnd();
  }

  /** The first message, drawn at once from the interface strings: no network round trip before it. */
  function renderWelcome() {
    const bubble = message("bot", t("welcome"));
    bubble.classList.add("cdm-welcome");
    if (!kiosk) {
      // The kiosk's own welcome screen shows example questions; the website's widget shows them here.
      const group = el("div", "cdm-buttons");
      t("suggestions").forEach((text) => {
        group.appendChild(button("cdm-chip", text, () => send(text, text)));
      });
      bubble.appendChild(group);
    }
    ui.log.appendChild(bubble);
    markFirstMessage();
  }

  /** When the first message was painted (the frame after it joined the page), for the browser tests. */
  function markFirstMessage() {
    if (window.CdmWidget.firstMessageAt !== null) return;
    window.CdmWidget.firstMessageAt = -1;
    requestAnimationFrame(() => (window.CdmWidget.firstMessageAt = performance.now()));
  }

  function message(who, text) {
    const bubble = el("div", "cdm-message cdm-message--" + who);
    bubble.appendChild(el("span", "cdm-visually-hidden", t(who === "visitor" ? "you" : who) + t("speakerSeparator")));
    if (text) bubble.appendChild(linkedText(el("p", "cdm-message__text"), text));
    else if (who === "visitor") bubble.appendChild(el("p", "cdm-message__text cdm-message__text--not-kept", t("notKept")));
    return bubble;
  }

  function note(text, urgent) {
    const node = el("p", "cdm-note", text);
    if (urgent) node.setAttribute("role", "alert");
    ui.log.appendChild(node);
    scrollToEnd();
  }

  function scrollToEnd() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  /** One transcript entry; `live` is true for the newest bot entry, whose quick replies still work. */
  function render(entry, live) {
    if (entry.who === "note") return note(entry.text, false);
    const bubble = message(entry.who, entry.text);
    if (Array.isArray(entry.buttons) && entry.buttons.length) bubble.appendChild(quickReplies(entry.buttons, live));
    if (entry.custom && typeof entry.custom === "object") {
      const card = customCard(entry.custom);
      if (card) bubble.appendChild(card);
    }
    if (bubble.childNodes.length > 1) ui.log.appendChild(bubble);
  }

  function quickReplies(buttons, live) {
    const group = el("div", "cdm-buttons");
    buttons.forEach((item) => {
      if (!item || typeof item.title !== "string") return;
      const chip = button("cdm-chip", item.title, () => {
        group.querySelectorAll("button").forEach((b) => (b.disabled = true));
        send(typeof item.payload === "string" ? item.payload : item.title, item.title);
      });
      chip.disabled = !live;
      group.appendChild(chip);
    });
    return group;
  }

  function customCard(custom) {
    switch (custom.type) {
      case "resources":
        return resourcesCard(custom.items || []);
      case "workshops":
        return workshopsCard(custom.items || []);
      case "handoff":
        return handoffCard(custom);
      case "emergency":
        return emergencyCard(custom.numbers || []);
      default:
        return null;
    }
  }

  function card(kind, heading) {
    const node = el("section", "cdm-card cdm-card--" + kind);
    node.appendChild(el("h3", "cdm-card__heading", heading));
    return node;
  }

  /** "(en anglais)" after an item in another language than the visitor's (the bot names the language). */
  function languageNote(row, item, className) {
    if (typeof item.lang_note === "string" && item.lang_note) row.appendChild(el("span", className, "(" + item.lang_note + ")"));
  }

  const DESK_SHEET = /^\/resources\/[a-z0-9-]+\.html$/;

  /** Where a cited resource is: a shelf mark as text; a PDF leaflet as "open the leaflet"; a network sheet,
   *  a page of the desk (/resources/<id>.html, same origin as the desk), as "read the sheet", asking the
   *  page to speak the visitor's language; any other web address as itself. */
  function whereNode(where) {
    if (!isWebAddress(where)) return document.createTextNode(where);
    if (/\.pdf$/i.test(where)) return link(where, t("openPdf"));
    let address;
    try {
      address = new URL(where);
    } catch (error) {
      return document.createTextNode(where);
    }
    if (address.origin === new URL(config.desk).origin && DESK_SHEET.test(address.pathname)) {
      address.searchParams.set("lang", state.lang);
      return link(address.href, t("readSheet"));
    }
    return link(where, where);
  }

  function resourcesCard(items) {
    const node = card("resources", t("resources"));
    const list = el("ul", "cdm-card__list");
    items.forEach((item) => {
      const row = el("li", "cdm-resource");
      row.appendChild(el("span", "cdm-resource__title", item.title));
      languageNote(row, item, "cdm-resource__lang");
      const kind = (t("kinds")[item.kind] || item.kind || "").toString();
      if (kind) row.appendChild(el("span", "cdm-resource__kind", kind));
      if (item.where) {
        const where = el("span", "cdm-resource__where", t("where") + " ");
        where.appendChild(whereNode(item.where));
        row.appendChild(where);
      }
      list.appendChild(row);
    });
    node.appendChild(list);
    return node;
  }

  function when(start, end) {
    const from = new Date(start);
    if (isNaN(from)) return start || "";
    const options = { timeZone: config.timezone, weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" };
    const locale = LANGUAGES.find((language) => language.code === state.lang).locale;
    const text = new Intl.DateTimeFormat(locale, options).format(from);
    const to = new Date(end);
    if (isNaN(to)) return text;
    return text + " – " + new Intl.DateTimeFormat(locale, { timeZone: config.timezone, hour: "2-digit", minute: "2-digit" }).format(to);
  }

  function workshopsCard(items) {
    const node = card("workshops", t("workshops"));
    const list = el("ul", "cdm-card__list");
    items.forEach((item) => {
      const row = el("li", "cdm-workshop");
      row.appendChild(el("span", "cdm-workshop__title", item.title));
      languageNote(row, item, "cdm-workshop__lang");
      const time = el("time", "cdm-workshop__when", when(item.start, item.end));
      if (item.start) time.dateTime = item.start;
      row.appendChild(time);
      if (item.location) row.appendChild(el("span", "cdm-workshop__where", t("location") + " " + item.location));
      if (typeof item.ics === "string" && item.ics.includes("BEGIN:VCALENDAR")) {
        const add = button("cdm-button cdm-ics", t("addToCalendar"), () => downloadIcs(item));
        add.setAttribute("aria-label", t("addToCalendarFor") + item.title);
        row.appendChild(add);
      }
      list.appendChild(row);
    });
    node.appendChild(list);
    return node;
  }

  /** Hand the session's iCalendar text to the browser as a file: no account, no server round trip. */
  function downloadIcs(item) {
    countIcs();
    const blob = new Blob([item.ics], { type: "text/calendar;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const anchor = el("a");
    anchor.href = url;
    anchor.download = slug(item.title || item.id || "atelier") + ".ics";
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  /** One anonymous count for the centre's figures (the desk's /api/figures/ics): no id, no body, no
   * answer awaited; a browser without sendBeacon simply is not counted. */
  function countIcs() {
    const query = config.centre ? "?centre=" + encodeURIComponent(config.centre) : "";
    if (navigator.sendBeacon) navigator.sendBeacon(config.desk + "/api/figures/ics" + query);
  }

  function slug(text) {
    const folded = String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    return folded.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "atelier";
  }

  function handoffCard(ticket) {
    const node = card("handoff", t("handoff"));
    node.appendChild(el("p", "cdm-handoff__label", t("code")));
    node.appendChild(el("p", "cdm-handoff__code", ticket.code));
    if (ticket.where) node.appendChild(el("p", "cdm-handoff__where", t("whereToGo") + " " + ticket.where));
    else if (ticket.area) node.appendChild(el("p", "cdm-handoff__where", t("area") + " " + ticket.area));
    // A wait beyond a working day means "not today" (the centre is closed): the bot's text says when to come.
    if (Number.isFinite(ticket.wait_minutes) && ticket.wait_minutes <= MAX_SHOWN_WAIT_MINUTES) {
      node.appendChild(el("p", "cdm-handoff__wait", t("wait").replace("{n}", String(ticket.wait_minutes))));
    }
    if (kiosk) node.appendChild(button("cdm-button cdm-print", t("printTicket"), () => printTicket(ticket)));
    return node;
  }

  /** The printed ticket holds the code and where to go, nothing else of the conversation. */
  function printTicket(ticket) {
    let slip = document.getElementById("cdm-print-ticket");
    if (!slip) {
      slip = el("div", "cdm-print-ticket");
      slip.id = "cdm-print-ticket";
      document.body.appendChild(slip);
    }
    slip.textContent = "";
    slip.append(el("p", "cdm-print-ticket__code", ticket.code), el("p", "cdm-print-ticket__where", ticket.where || ticket.area || ""));
    window.print();
  }

  function emergencyCard(numbers) {
    const node = card("emergency", t("emergency"));
    node.setAttribute("role", "alert");
    const list = el("ul", "cdm-card__list");
    numbers.forEach((item) => {
      const row = el("li", "cdm-emergency__item");
      row.appendChild(el("span", "cdm-emergency__label", item.label));
      const number = link("tel:" + String(item.number).replace(/[^0-9+]/g, ""), item.number);
      number.removeAttribute("target");
      number.className = "cdm-emergency__number";
      row.appendChild(number);
      list.appendChild(row);
    });
    node.appendChild(list);
    return node;
  }

  /* ---------- talking to the bot (Rasa's REST channel) ---------- */

  let pending = 0;

  function showTyping(on) {
    pending += on ? 1 : -1;
    ui.typing.hidden = pending <= 0;
  }

  function record(entry) {
    state.transcript.push(entry);
    saveState();
    const previous = ui.log.querySelectorAll(".cdm-buttons button:not(:disabled)");
    if (entry.who !== "note") previous.forEach((b) => (b.disabled = true));
    render(entry, true);
    scrollToEnd();
    // The kiosk counts a new message as activity: nobody is idle while reading an answer.
    ui.root.dispatchEvent(new CustomEvent("cdm-message", { bubbles: true }));
  }

  /** Send one visitor turn; `shown` is what the log shows for it (null for a silent command). */
  async function send(message, shown) {
    if (message.length > MAX_MESSAGE_CHARS) {
      note(t("tooLong"), true);
      return;
    }
    const suggestions = ui.log.querySelector(".cdm-welcome .cdm-buttons");
    if (suggestions) suggestions.remove();
    if (shown) record({ who: "visitor", text: shown });
    ui.input.focus();
    if (state.live) {
      if (shown) sendToCounsellor(shown); // commands such as a language switch are for the bot only
      return;
    }
    showTyping(true);
    try {
      const replies = await postToBot(message);
      replies.forEach((reply) => {
        const entry = { who: "bot", text: typeof reply.text === "string" ? reply.text : "" };
        if (Array.isArray(reply.buttons)) entry.buttons = reply.buttons;
        if (reply.custom && typeof reply.custom === "object") entry.custom = reply.custom;
        record(entry);
        if (entry.custom && entry.custom.type === "handoff" && entry.custom.mode === "live_chat") startLiveChat(entry.custom);
      });
    } catch (error) {
      note(t("error"), true);
    } finally {
      showTyping(false);
    }
  }

  async function postToBot(message, options) {
    const sender = options && options.sender ? options.sender : state.sender;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      const response = await fetch(config.server + "/webhooks/rest/webhook", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: sender, message: message, metadata: { channel: config.channel, centre: config.centre, language: state.lang } }),
        signal: controller.signal,
        keepalive: Boolean(options && options.keepalive),
        credentials: "omit",
      });
      if (!response.ok) throw new Error("HTTP " + response.status);
      const replies = await response.json();
      return Array.isArray(replies) ? replies : [];
    } finally {
      clearTimeout(timer);
    }
  }

  /* ---------- live chat with a counsellor (the desk's API), after a live_chat handoff ---------- */

  let events = null;
  let retries = 0;

  async function startLiveChat(ticket) {
    if (!ticket.code || !ticket.token) return;
    const desk = (typeof ticket.desk_url === "string" && ticket.desk_url ? ticket.desk_url : config.desk).replace(/\/+$/, "");
    state.live = { code: ticket.code, desk: desk, claimed: false, seen: [] };
    record({ who: "note", text: t("liveWaiting") });
    // The token came in the bot's reply: the desk trades it for a cookie of its live-chat API (HttpOnly,
    // so no script of the host page can read it) and the token is spent.
    try {
      const response = await deskRequest("/session", { token: ticket.token });
      if (!response.ok) throw new Error("HTTP " + response.status);
    } catch (error) {
      stopLiveChat();
      record({ who: "note", text: t("liveLost") });
      return;
    }
    listenToCounsellor();
  }

  function liveUrl(path) {
    return state.live.desk + "/api/live/" + encodeURIComponent(state.live.code) + path;
  }

  /** A POST to the live-chat API, with its cookie even when the desk is another origin than the page. */
  function deskRequest(path, body, options) {
    return fetch(liveUrl(path), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body || {}),
      credentials: "include",
      keepalive: Boolean(options && options.keepalive),
    });
  }

  function listenToCounsellor() {
    if (!state.live || events) return;
    events = new EventSource(liveUrl("/events"), { withCredentials: true });
    // The desk replays the counsellor's earlier messages on every (re)connection: show each once.
    events.addEventListener("message", (event) => {
      const body = parseJson(event.data);
      if (!body || typeof body.text !== "string" || !state.live) return;
      const instant = Date.parse(body.at); // the same instant may come with different offsets
      const key = (Number.isNaN(instant) ? String(body.at) : String(instant)) + "|" + body.text;
      if (state.live.seen.includes(key)) return;
      state.live.seen.push(key);
      record({ who: "counsellor", text: body.text });
    });
    events.addEventListener("claimed", () => {
      if (!state.live || state.live.claimed) return;
      state.live.claimed = true;
      record({ who: "note", text: t("liveClaimed") });
    });
    events.addEventListener("closed", () => {
      stopLiveChat();
      record({ who: "note", text: t("liveClosed") });
    });
    events.addEventListener("open", () => (retries = 0));
    events.addEventListener("error", () => {
      // EventSource retries by itself while the connection merely drops; CLOSED means it gave up (an error
      // status, or a navigation cancelling it). Try again a few times before telling the visitor.
      if (!events || events.readyState !== EventSource.CLOSED) return;
      events.close();
      events = null;
      if (retries < LIVE_RETRIES) {
        retries += 1;
        setTimeout(listenToCounsellor, 1000 * retries);
        return;
      }
      stopLiveChat();
      record({ who: "note", text: t("liveLost") });
    });
  }

  function stopLiveChat() {
    if (events) events.close();
    events = null;
    state.live = null;
    saveState();
  }

  async function sendToCounsellor(text) {
    try {
      const response = await deskRequest("/messages", { text: text });
      if (!response.ok) throw new Error("HTTP " + response.status);
    } catch (error) {
      note(t("liveLost"), true);
    }
  }

  function parseJson(text) {
    try {
      return JSON.parse(text);
    } catch (error) {
      return null;
    }
  }

  /* ---------- ending: the bot forgets (/end_session), the page and storage forget too ---------- */

  async function endConversation(options) {
    const talked = state.transcript.length > 0;
    const sender = state.sender;
    // While a counsellor holds the chat the bot is paused and would not hear "/end_session": the desk
    // closes the chat and erases the bot's conversation first.
    const ending = state.live ? deskRequest("/end", {}, { keepalive: true }).catch(() => null) : null;
    stopLiveChat();
    closeReader();
    if (!kiosk) sessionStorage.removeItem(STORAGE_KEY);
    const lang = options && options.lang ? options.lang : state.lang;
    state = freshState(lang);
    state.open = !kiosk && !ui.panel.hidden;
    pending = 0;
    ui.typing.hidden = true;
    ui.input.value = "";
    const slip = document.getElementById("cdm-print-ticket");
    if (slip) slip.remove();
    applyStrings();
    renderAll();
    if (!(options && options.silent)) note(t("endConfirm"), false);
    saveState();
    if (ending) await ending;
    if (talked) await postToBot("/end_session", { keepalive: true, sender: sender }).catch(() => []);
  }

  /* ---------- start ---------- */

  window.CdmWidget = {
    openedAt: null,
    firstMessageAt: null,
    config: Object.freeze({ ...config, container: undefined }),
    open: () => setOpen(true),
    close: () => setOpen(false),
    send: (text) => send(text, text),
    setLanguage: (lang) => setLanguage(lang, true),
    language: () => state.lang,
    languages: () => LANGUAGES,
    strings: (lang) => STRINGS[lang || state.lang],
    hasConversation: () => state.transcript.length > 0,
    end: endConversation,
  };

  function start() {
    buildFrame();
    if (kiosk || state.open) {
      if (!kiosk) setOpen(true);
      else renderAll();
    }
    if (state.live) listenToCounsellor();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
