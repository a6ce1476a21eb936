// Coding checks (issue 17), progressive enhancement: without this script the pages work
// with their buttons (save, next, finish) and show the codes' descriptions after a save.
// With it: the description of the code being typed, answers saved as they change, and
// a countdown of the time the server gives.
(function () {
  "use strict";
  if (!window.fetch) return;

  // -- the description of the code being typed -------------------------------------------
  function lastToken(text) {
    var parts = text.split(/[\s,;]+/).filter(Boolean);
    var token = parts.length ? parts[parts.length - 1] : "";
    return token.split("-")[0];
  }

  function compact(code) {
    return code.replace(/\./g, "").toUpperCase();
  }

  document.querySelectorAll("[data-code-lookup]").forEach(function (box) {
    var endpoint = box.getAttribute("data-code-lookup");
    var out = document.createElement("p");
    out.className = "hint code-typed";
    out.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", out);
    var timer = null;
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var token = lastToken(box.value);
        if (token.length < 3) {
          out.textContent = "";
          return;
        }
        fetch(endpoint + "?limit=1&q=" + encodeURIComponent(token), {
          headers: { Accept: "application/json" },
        })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) {
            if (!data) return;
            var item = data.items && data.items[0];
            if (item && compact(item.code) === compact(token)) {
              out.textContent = item.code + ": " + item.description +
                (item.billable || item.system !== "icd-10-cm" ? "" : " (a heading, not billable)");
            } else if (data.absent) {
              out.textContent = data.absent.message;
            } else {
              out.textContent = token.toUpperCase() + ": keep typing, or check the code.";
            }
          })
          .catch(function () {});
      }, 300);
    });
  });

  // -- saving as the coder goes -------------------------------------------------------------
  var form = document.querySelector("form[data-autosave]");
  function save() {
    if (!form) return Promise.resolve();
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (!data.saved) return;
        Object.keys(data.codes || {}).forEach(function (number) {
          var box = document.getElementById("case-" + number + "-codes");
          if (!box) return;
          box.textContent = "";
          var note = document.createElement("p");
          note.className = "hint";
          note.textContent = "Saved:";
          var list = document.createElement("ul");
          data.codes[number].forEach(function (read) {
            var li = document.createElement("li");
            li.className = read.ok ? "met" : "unmet";
            var code = document.createElement("code");
            code.textContent = read.typed;
            li.appendChild(code);
            li.appendChild(document.createTextNode(" " + read.note));
            list.appendChild(li);
          });
          box.appendChild(note);
          box.appendChild(list);
        });
      })
      .catch(function () {});
  }
  if (form) {
    form.querySelectorAll("textarea").forEach(function (box) {
      box.addEventListener("change", save);
    });
  }

  // -- the countdown --------------------------------------------------------------------------
  var clock = document.querySelector("[data-seconds-left]");
  if (clock) {
    var left = parseInt(clock.getAttribute("data-seconds-left"), 10);
    var shown = clock.querySelector("strong");
    var ends = Date.now() + left * 1000;
    var tick = setInterval(function () {
      var s = Math.max(0, Math.round((ends - Date.now()) / 1000));
      shown.textContent = Math.floor(s / 60) + " min " + String(s % 60).padStart(2, "0") + " s";
      if (s === 0) {
        clearInterval(tick);
        shown.textContent = "time is up";
        save().then(function () {
          setTimeout(function () { window.location.reload(); }, 11000);
        });
      }
    }, 1000);
  }
})();
