// Datalek front-end behaviour. Loaded as a static file (no inline scripts, for the Content-Security-Policy).
(function () {
  "use strict";

  function pad(n) { return String(n).padStart(2, "0"); }

  // "1 day", "2 dagen", "1 jour": the words come from the page (<body data-day-one data-day-other>), in its language,
  // with that language's plural rule.
  function dayWords(days) {
    var data = document.body.dataset;
    var form = "other";
    try { form = new Intl.PluralRules(document.documentElement.lang || "en").select(days); } catch (e) { form = days === 1 ? "one" : "other"; }
    var template = (form === "one" ? data.dayOne : data.dayOther) || "%(count)s d";
    return template.replace("%(count)s", days);
  }

  function formatDuration(ms) {
    var total = Math.floor(Math.abs(ms) / 1000);
    var days = Math.floor(total / 86400);
    var hours = Math.floor((total % 86400) / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var seconds = total % 60;
    return (days ? dayWords(days) + " " : "") + pad(hours) + ":" + pad(minutes) + ":" + pad(seconds);
  }

  // The 72-hour clock: counts down every second; past the deadline it says by how much, in red.
  function tick() {
    var now = Date.now();
    document.querySelectorAll(".js-countdown[data-deadline]").forEach(function (el) {
      var left = Date.parse(el.dataset.deadline) - now;
      var template = left > 0 ? el.dataset.left : el.dataset.overdue;
      el.textContent = template.replace("%(time)s", formatDuration(left));
      el.classList.toggle("text-danger", left <= 0);
      el.classList.toggle("text-warning-emphasis", left > 0 && left <= 24 * 3600 * 1000);
    });
  }

  // A file over the limit is refused here, before the upload: the input says so and is emptied. The server checks again.
  function checkFileSize(input) {
    var limit = Number(input.dataset.maxBytes);
    var file = input.files && input.files[0];
    var feedback = input.parentNode.querySelector(".js-file-too-large");
    if (!file || !limit || file.size <= limit) {
      input.classList.remove("is-invalid");
      if (feedback) { feedback.remove(); }
      return true;
    }
    if (!feedback) {
      feedback = document.createElement("div");
      feedback.className = "invalid-feedback d-block js-file-too-large";
      feedback.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", feedback);
    }
    feedback.textContent = input.dataset.tooLarge.replace("%(size)s", Math.ceil(file.size / (1024 * 1024)));
    input.classList.add("is-invalid");
    return false;
  }

  // A long country list gets a filter box: typing "neder", "pays-bas" or "NL" leaves the matching countries (and
  // those already chosen). No library: the options are hidden and shown again.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function countrySearch(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1 js-country-filter";
    box.placeholder = select.dataset.searchLabel || "";
    box.setAttribute("aria-label", select.dataset.searchLabel || "");
    box.setAttribute("aria-controls", select.id);
    select.insertAdjacentElement("beforebegin", box);
    box.addEventListener("input", function () {
      var wanted = fold(box.value.trim());
      Array.prototype.forEach.call(select.options, function (option) {
        var match = !wanted || option.selected || fold(option.text).indexOf(wanted) !== -1 ||
          fold(option.value) === wanted;
        option.hidden = !match;
      });
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }  // filtering, not submitting the form
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-country-search]").forEach(countrySearch);
    tick();
    window.setInterval(tick, 1000);
    document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
      input.addEventListener("change", function () { checkFileSize(input); });
      if (input.form) {
        input.form.addEventListener("submit", function (event) {
          if (!checkFileSize(input)) { event.preventDefault(); }
        });
      }
    });
    document.querySelectorAll(".js-autosubmit").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });
  });

  // htmx requests carry the CSRF token.
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = document.body.dataset.csrfToken;
  });
  document.addEventListener("htmx:afterSwap", tick);

  // A form that comes back with errors: the summary at its top takes the focus, so it is read first.
  function focusErrorSummary() {
    var summary = document.querySelector(".js-error-summary");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", focusErrorSummary);
  document.addEventListener("htmx:afterSwap", focusErrorSummary);
})();
