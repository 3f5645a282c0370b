// Shows the filter box of long checkbox lists (macros/choices.html) and hides the options
// (and whole groups) that do not match what was typed. Without this script every checkbox
// is simply shown; nothing depends on it.
(function () {
  "use strict";
  document.querySelectorAll("[data-choice-filter]").forEach(function (box) {
    var wrap = box.querySelector(".choice-filter");
    var input = box.querySelector("[data-choice-filter-input]");
    if (!wrap || !input) return;
    wrap.hidden = false;
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      box.querySelectorAll(".choice-group").forEach(function (group) {
        var shown = 0;
        group.querySelectorAll("li").forEach(function (item) {
          var hit = !needle || item.textContent.toLowerCase().indexOf(needle) !== -1;
          item.hidden = !hit;
          if (hit) shown += 1;
        });
        group.hidden = shown === 0;
      });
    });
  });
})();
