// Suggests codes while an employer types in the posting form's key-codes field.
// Progressive enhancement: without this script the field is a plain text box.
(function () {
  "use strict";
  var input = document.querySelector("[data-code-suggest]");
  if (!input || !window.fetch) return;

  var endpoint = input.getAttribute("data-code-suggest");
  var list = document.createElement("ul");
  list.id = input.id + "-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggested codes");
  list.hidden = true;
  input.insertAdjacentElement("afterend", list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");
  list.insertAdjacentElement("afterend", status);

  var timer = null;
  var active = -1;
  var items = [];

  function currentToken() {
    var parts = input.value.split(/[\s,;]+/);
    return parts[parts.length - 1];
  }

  function close() {
    list.hidden = true;
    list.textContent = "";
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function choose(code) {
    var value = input.value.replace(/[^\s,;]*$/, "");
    input.value = value + code + ", ";
    close();
    input.focus();
  }

  function highlight(index) {
    items.forEach(function (li, i) {
      li.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) input.setAttribute("aria-activedescendant", items[index].id);
  }

  function show(data) {
    close();
    if (!data.items || !data.items.length) return;
    data.items.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var strong = document.createElement("strong");
      strong.textContent = item.code;
      li.appendChild(strong);
      li.appendChild(document.createTextNode(" " + item.description));
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(item.code);
      });
      list.appendChild(li);
      items.push(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    status.textContent = items.length + " codes suggested";
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var token = currentToken();
    if (token.length < 2) return close();
    timer = setTimeout(function () {
      fetch(endpoint + "?limit=8&q=" + encodeURIComponent(token), {
        headers: { Accept: "application/json" },
      })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(show)
        .catch(close);
    }, 150);
  });

  input.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight(Math.min(active + 1, items.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(items[active].querySelector("strong").textContent);
    } else if (event.key === "Escape") {
      close();
    }
  });

  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
