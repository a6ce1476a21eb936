// Suggests job titles, specialties, credentials and places while someone types in the
// /jobs keywords box (GET /api/v1/suggest). Progressive enhancement: without this script
// the box is a plain search box. The WAI-ARIA combobox pattern: the box keeps focus,
// Up/Down move through the options (aria-activedescendant), Enter takes the one shown,
// Escape closes the list. The list overlays the page below the box (no layout shift).
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  if (!input || !window.fetch) return;

  var endpoint = input.getAttribute("data-suggest");
  var field = input.parentElement;
  field.classList.add("suggest-field");

  var list = document.createElement("ul");
  list.id = input.id + "-suggestions";
  list.className = "suggestions search-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
  list.hidden = true;
  input.insertAdjacentElement("afterend", list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");
  field.appendChild(status);

  var KINDS = { title: "Job title", specialty: "Specialty", credential: "Credential", place: "Place" };
  var timer = null;
  var asked = 0; // the latest request: older answers are dropped
  var active = -1;
  var options = [];

  function close() {
    list.hidden = true;
    list.textContent = "";
    options = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function choose(index) {
    input.value = options[index].getAttribute("data-value");
    close();
    status.textContent = "";
    input.focus();
  }

  function highlight(index) {
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function show(data) {
    close();
    var items = (data && data.items) || [];
    if (!items.length) {
      status.textContent = "";
      return;
    }
    items.forEach(function (item, i) {
      var option = document.createElement("li");
      option.id = list.id + "-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-value", item.text);
      option.appendChild(document.createTextNode(item.text));
      var about = document.createElement("span");
      about.className = "suggestion-about";
      about.textContent = (KINDS[item.kind] || item.kind) + " · " + item.jobs +
        (item.jobs === 1 ? " job" : " jobs");
      option.appendChild(document.createTextNode(" "));
      option.appendChild(about);
      option.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the focus in the box
        choose(i);
      });
      list.appendChild(option);
      options.push(option);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    status.textContent = options.length + (options.length === 1 ? " suggestion" : " suggestions");
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2 || text.length > 50) {
      asked += 1;
      close();
      return;
    }
    timer = setTimeout(function () {
      var mine = ++asked;
      fetch(endpoint + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (data) { if (mine === asked) show(data); })
        .catch(function () { if (mine === asked) close(); });
    }, 200);
  });

  input.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight(active + 1 >= options.length ? 0 : active + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault(); // take the suggestion; the next Enter searches
      choose(active);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", function () {
    clearTimeout(timer);
    asked += 1;
    close();
  });
})();
