// The event form: the State-of-the-STEM edition field is shown only for that kind. Without
// this script the field stays visible, its label saying it is only for that kind.
(function () {
  "use strict";
  var kind = document.getElementById("kind");
  var edition = document.querySelector("[data-show-for-kind]");
  if (!kind || !edition) return;
  var update = function () {
    edition.hidden = kind.value !== edition.getAttribute("data-show-for-kind");
  };
  kind.addEventListener("change", update);
  update();
})();
