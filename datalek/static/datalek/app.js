// Datalek front-end behaviour. Loaded as a static file (no inline scripts, for the Content-Security-Policy).
(function () {
  "use strict";

  function pad(n) { return String(n).padStart(2, "0"); }

  function formatDuration(ms) {
    var total = Math.floor(Math.abs(ms) / 1000);
    var days = Math.floor(total / 86400);
    var hours = Math.floor((total % 86400) / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var seconds = total % 60;
    return (days ? days + " d " : "") + pad(hours) + ":" + pad(minutes) + ":" + pad(seconds);
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

  document.addEventListener("DOMContentLoaded", function () {
    tick();
    window.setInterval(tick, 1000);
    document.querySelectorAll(".js-autosubmit").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });
  });

  // htmx requests carry the CSRF token.
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = document.body.dataset.csrfToken;
  });
  document.addEventListener("htmx:afterSwap", tick);
})();
