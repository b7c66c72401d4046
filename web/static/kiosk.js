/*
 * The kiosk's behaviour around the widget (web/kiosk.html): a shared touch screen used by one stranger after
 * another, so the page must forget each of them. The widget runs in kiosk mode (it stores nothing); this
 * file adds the welcome screen, the language toggle, the always-visible "end and erase" button, the
 * inactivity timer with its countdown, full screen, and no text selection or context menu.
 *
 * Erasing means three things: the bot forgets (the widget sends /end_session), the browser's storage is
 * cleared, and the page is loaded afresh so that no element, variable or scroll position of the previous
 * visitor survives. The idle time can be shortened for tests with ?idle=SECONDS (bounded).
 */
(function () {
  "use strict";

  const IDLE_DEFAULT_S = 120;
  const IDLE_MIN_S = 3;
  const IDLE_MAX_S = 3600;
  const WARNING_MAX_S = 30;
  const ERASE_WAIT_MS = 3000;


  const widget = window.CdmWidget;
  if (!widget) return;
  const defaultLanguage = widget.language();

  const $ = (id) => document.getElementById(id);
  const welcome = $("kiosk-welcome");
  const dialog = $("kiosk-idle");
  const countdown = $("kiosk-countdown");
  const languageGroup = $("kiosk-languages");
  const examples = $("kiosk-examples");

  function idleSeconds() {
    const asked = Number(new URLSearchParams(location.search).get("idle"));
    if (!Number.isFinite(asked) || asked <= 0) return IDLE_DEFAULT_S;
    return Math.min(IDLE_MAX_S, Math.max(IDLE_MIN_S, asked));
  }

  const idleMs = idleSeconds() * 1000;
  const warningMs = Math.min(WARNING_MAX_S * 1000, idleMs / 2);
  let lastActivity = Date.now();
  let erasing = false;

  /* ---------- language ---------- */

  // The kiosk's words come with the widget's (web/strings.yml, written in by the desk); one button per
  // declared language, each named in itself, and one group of example questions per language.
  function applyLanguage(lang) {
    const strings = widget.strings(lang).kiosk;
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach((node) => {
      node.textContent = strings[node.dataset.i18n];
    });
    languageGroup.setAttribute("aria-label", strings.languages);
    languageGroup.querySelectorAll("button").forEach((button) => {
      button.setAttribute("aria-pressed", String(button.lang === lang));
    });
  }

  function choose(lang) {
    if (lang !== widget.language()) widget.setLanguage(lang);
    applyLanguage(widget.language());
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  widget.languages().forEach((language) => {
    const button = element("button", "kiosk-button kiosk-button--light kiosk-language", language.name);
    button.type = "button";
    button.lang = language.code;
    button.addEventListener("click", () => choose(language.code));
    languageGroup.appendChild(button);

    const strings = widget.strings(language.code).kiosk;
    const group = element("div", "kiosk-examples__group");
    group.lang = language.code;
    group.appendChild(element("h2", "", strings.examplesTitle));
    const list = element("ul");
    strings.examples.forEach((text) => {
      const example = element("button", "kiosk-example", text);
      example.type = "button";
      example.dataset.lang = language.code;
      const item = element("li");
      item.appendChild(example);
      list.appendChild(item);
    });
    group.appendChild(list);
    examples.appendChild(group);
  });

  /* ---------- welcome screen: shown until the visitor asks something ---------- */

  function startConversation() {
    welcome.hidden = true;
  }

  document.querySelectorAll(".kiosk-example").forEach((example) => {
    example.addEventListener("click", () => {
      if (example.dataset.lang !== widget.language()) {
        widget.setLanguage(example.dataset.lang);
        applyLanguage(widget.language());
      }
      startConversation();
      widget.send(example.textContent.trim());
    });
  });
  document.addEventListener("submit", startConversation, true);

  /* ---------- erasing ---------- */

  async function erase() {
    if (erasing) return;
    erasing = true;
    const forgotten = widget.end({ silent: true });
    await Promise.race([forgotten, new Promise((resolve) => setTimeout(resolve, ERASE_WAIT_MS))]);
    try {
      sessionStorage.clear();
      localStorage.clear();
    } catch (error) {
      /* storage disabled: nothing was kept there either */
    }
    location.replace(location.pathname + location.search);
  }

  $("kiosk-erase").addEventListener("click", erase);
  $("kiosk-erase-now").addEventListener("click", erase);
  $("kiosk-stay").addEventListener("click", () => {
    activity();
    focusInput();
  });

  /* ---------- inactivity: warn with a countdown, then erase ---------- */

  function somethingToErase() {
    return widget.hasConversation() || welcome.hidden || widget.language() !== defaultLanguage;
  }

  function focusInput() {
    const input = document.getElementById("cdm-input");
    if (input) input.focus();
  }

  function activity() {
    lastActivity = Date.now();
    if (!dialog.hidden) {
      dialog.hidden = true;
      setTimeout(focusInput, 0); // after the tap's own default action, which would move the focus
    }
  }

  ["pointerdown", "keydown", "input", "wheel", "touchstart", "cdm-message"].forEach((type) =>
    document.addEventListener(type, activity, { capture: true, passive: true }),
  );

  function tick() {
    if (erasing) return;
    if (!somethingToErase()) {
      lastActivity = Date.now();
      return;
    }
    const idle = Date.now() - lastActivity;
    if (idle >= idleMs) {
      erase();
    } else if (idle >= idleMs - warningMs) {
      countdown.textContent = String(Math.ceil((idleMs - idle) / 1000));
      if (dialog.hidden) {
        dialog.hidden = false;
        $("kiosk-stay").focus();
      }
    }
  }

  setInterval(tick, 250);

  /* ---------- a shared screen: full screen, no selection, no context menu ---------- */

  document.addEventListener("contextmenu", (event) => event.preventDefault());
  document.addEventListener("selectstart", (event) => {
    if (!(event.target instanceof HTMLInputElement)) event.preventDefault();
  });
  document.addEventListener("dragstart", (event) => event.preventDefault());
  document.addEventListener(
    "pointerdown",
    () => {
      if (document.fullscreenEnabled && !document.fullscreenElement) {
        document.documentElement.requestFullscreen().catch(() => {});
      }
    },
    { once: true },
  );
  window.addEventListener("pagehide", () => {
    if (!erasing && widget.hasConversation()) widget.end({ silent: true });
  });

  applyLanguage(widget.language());
})();
