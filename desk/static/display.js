/* The screen in the centre: the codes called to a desk, refreshed when the queue changes. */
"use strict";
(function () {
  const list = document.getElementById("called");

  async function refresh() {
    const response = await fetch("/display/called" + window.location.search, { cache: "no-store" });
    if (!response.ok) return;
    const data = await response.json();
    list.replaceChildren();
    for (const item of data.called) {
      const li = document.createElement("li");
      const code = document.createElement("span");
      code.className = "code";
      code.textContent = item.code;
      li.append(code, document.createTextNode(" → bureau / desk " + item.desk));
      list.append(li);
    }
  }

  const events = new EventSource("/display/events");
  events.addEventListener("changed", () => { refresh().catch(() => {}); });
})();
