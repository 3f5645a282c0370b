// Progressive enhancement of the registration form: "Nog een kind toevoegen" adds a child row
// in place (without this script the button re-renders the form with one row more, keeping
// what was typed). New rows follow the field names of CONTRACT.md: children-N-first_name, ….
(function () {
  var group = document.querySelector(".registration-form fieldset.children");
  var button = group && group.querySelector("button[name=add_child]");
  if (!button) return;
  var max = parseInt(group.getAttribute("data-max"), 10) || 6;
  function rows() { return group.querySelectorAll("fieldset.child"); }
  function renumber(node, index) {
    var attributes = ["id", "name", "for", "aria-describedby"];
    var all = node.querySelectorAll("*");
    for (var i = 0; i < all.length; i++) {
      for (var a = 0; a < attributes.length; a++) {
        var value = all[i].getAttribute(attributes[a]);
        if (value) all[i].setAttribute(attributes[a], value.replace(/children-\d+-/g, "children-" + index + "-"));
      }
    }
  }
  button.addEventListener("click", function (event) {
    var current = rows();
    if (current.length >= max) return;
    event.preventDefault();
    var last = current[current.length - 1];
    var row = last.cloneNode(true);
    renumber(row, current.length);
    var errors = row.querySelectorAll(".field-error");
    for (var e = 0; e < errors.length; e++) errors[e].parentNode.removeChild(errors[e]);
    var fields = row.querySelectorAll(".has-error");
    for (var f = 0; f < fields.length; f++) fields[f].classList.remove("has-error");
    var inputs = row.querySelectorAll("input");
    for (var i = 0; i < inputs.length; i++) {
      inputs[i].value = "";
      inputs[i].removeAttribute("aria-invalid");
      inputs[i].removeAttribute("aria-describedby");
    }
    row.querySelector("legend").textContent =
      group.getAttribute("data-legend").replace("__N__", String(current.length + 1));
    last.parentNode.insertBefore(row, last.nextSibling);
    var children = document.querySelector("input[name=who][value=children]");
    if (children) children.checked = true;
    if (rows().length >= max) button.hidden = true;
    row.querySelector("input").focus();
  });
})();
