// Progressive enhancement of the grouped municipality check boxes (initiative form): a search
// box that shows only the municipalities whose name contains the typed text, opening the
// provinces that have a match. Without this script every province can be opened by hand.
(function () {
  var box = document.querySelector("[data-municipality-search]");
  var input = document.getElementById("municipality-search");
  if (!box || !input) return;
  box.hidden = false;
  var groups = document.querySelectorAll(".municipality-picker details");
  var initial = [];
  for (var i = 0; i < groups.length; i++) initial.push(groups[i].open);
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }
  function filter() {
    var wanted = fold(input.value);
    for (var g = 0; g < groups.length; g++) {
      var items = groups[g].querySelectorAll("li");
      var matches = 0;
      for (var j = 0; j < items.length; j++) {
        var show = !wanted || fold(items[j].textContent).indexOf(wanted) !== -1;
        items[j].hidden = !show;
        if (show) matches++;
      }
      groups[g].hidden = wanted !== "" && matches === 0;
      groups[g].open = wanted ? matches > 0 : initial[g];
    }
  }
  input.addEventListener("input", filter);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") event.preventDefault(); // do not submit the whole form
  });
})();
