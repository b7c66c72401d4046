/* The screen in the centre: the latest code called, very large, with the desk and the area to go to, and
   the few called before it; refreshed when the queue changes. Words come from the page's JSON script tag
   (#display-labels), in each of the screen's languages at once (`?lang=`, desk/dashboard.py). */
"use strict";
(function () {
  const words = JSON.parse(document.getElementById("display-labels").textContent);
  const latest = document.getElementById("latest");
  const list = document.getElementById("called");
  let shown = null;

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function call(item, tag) {
    const box = el(tag, undefined, "call");
    const where = el("span", undefined, "where");
    where.append(el("span", words.go_to + " " + item.desk, "counter"), el("span", words.areas[item.area] || "", "area"));
    box.append(el("span", item.code, "code"), where);
    return box;
  }

  async function refresh() {
    const response = await fetch("/display/called" + window.location.search, { cache: "no-store" });
    if (!response.ok) return;
    const called = (await response.json()).called;
    const [first, ...before] = called;
    if (!first) {
      latest.replaceChildren(el("p", words.none, "empty"));
    } else if (shown !== first.code + first.desk) {
      const box = call(first, "div");
      box.classList.add("just-called");
      latest.replaceChildren(box);
    }
    shown = first ? first.code + first.desk : null;
    list.replaceChildren(...before.map((item) => call(item, "li")));
  }

  const events = new EventSource("/display/events");
  events.addEventListener("changed", () => { refresh().catch(() => {}); });
})();
