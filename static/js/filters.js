// Progressive enhancement of the agenda filters. Everything works without this script:
// - the municipality list narrows to the chosen province at once (the server narrows it after
//   "Toon activiteiten"; the full list then waits in an inert <template>);
// - empty fields are left out of the URL, so a shared link holds only the chosen filters;
// - on a wide screen the filter drawer is open (on a phone the results come first).
(function () {
  var province = document.getElementById("f-province");
  var municipality = document.getElementById("f-municipality");
  if (province && municipality) {
    var all = document.getElementById("f-municipality-all");
    var narrow = function () {
      var chosen = province.value;
      if (all) {
        var keep = municipality.value;
        var groups = municipality.querySelectorAll("optgroup");
        for (var g = 0; g < groups.length; g++) groups[g].parentNode.removeChild(groups[g]);
        var source = all.content.querySelectorAll("optgroup");
        for (var s = 0; s < source.length; s++) {
          if (!chosen || source[s].getAttribute("data-province") === chosen) {
            municipality.appendChild(source[s].cloneNode(true));
          }
        }
        municipality.value = keep;
        if (municipality.value !== keep) municipality.value = "";
        return;
      }
      var optgroups = municipality.querySelectorAll("optgroup");
      for (var i = 0; i < optgroups.length; i++) {
        var show = !chosen || optgroups[i].getAttribute("data-province") === chosen;
        optgroups[i].hidden = !show;
        optgroups[i].disabled = !show;
      }
      var selected = municipality.options[municipality.selectedIndex];
      if (selected && selected.parentNode.disabled) municipality.value = "";
    };
    province.addEventListener("change", narrow);
    narrow();
  }
  var form = document.querySelector("form.filters");
  if (form) {
    form.addEventListener("submit", function () {
      var fields = form.querySelectorAll("input, select");
      for (var i = 0; i < fields.length; i++) {
        var f = fields[i];
        var empty = (f.type === "checkbox" || f.type === "radio") ? false : !f.value.trim();
        if (f.name && empty) f.disabled = true;  // disabled fields are not submitted
      }
      setTimeout(function () {
        for (var i = 0; i < fields.length; i++) fields[i].disabled = false;
      }, 0);
    });
  }
  var drawer = document.querySelector("details.filter-drawer");
  if (drawer && window.matchMedia && window.matchMedia("(min-width: 48em)").matches) {
    drawer.open = true;
    drawer.classList.add("is-wide");
  }
})();
