// Progressive enhancement of the agenda filters: the municipality list narrows to the chosen
// province. Everything works without this script.
(function () {
  var province = document.getElementById("f-province");
  var municipality = document.getElementById("f-municipality");
  if (!province || !municipality) return;
  function narrow() {
    var chosen = province.value;
    var groups = municipality.querySelectorAll("optgroup");
    for (var i = 0; i < groups.length; i++) {
      var show = !chosen || groups[i].getAttribute("data-province") === chosen;
      groups[i].hidden = !show;
      groups[i].disabled = !show;
    }
    var selected = municipality.options[municipality.selectedIndex];
    if (selected && selected.parentNode.disabled) municipality.value = "";
  }
  province.addEventListener("change", narrow);
  narrow();
})();
