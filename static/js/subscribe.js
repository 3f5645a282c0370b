// Copy buttons of the subscribe dialog (templates/feeds/_subscribe.html).
// Progressive enhancement: without JavaScript the address stays selectable in its field.
(function () {
  "use strict";
  function copy(button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    if (!input) { return; }
    var done = function () {
      var label = button.textContent;
      button.textContent = button.getAttribute("data-copied-text") || label;
      window.setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () {
        input.select();
      });
    } else {
      input.select();
      try { document.execCommand("copy"); done(); } catch (e) { /* selected: copy by hand */ }
    }
  }
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(button); });
  });
})();
