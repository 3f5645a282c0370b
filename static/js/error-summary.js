// The error summary (GOV.UK pattern): focus moves to it when the page shows it, and a link
// in it moves focus to its field (a plain anchor would only scroll there).
// Progressive enhancement: without JavaScript the summary and its links still work.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    field.focus();
    var label = document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView();
  });
}());
