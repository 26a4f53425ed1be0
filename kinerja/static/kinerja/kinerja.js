// Small behaviours that the Content-Security-Policy keeps out of the markup
// (no inline scripts, event-handler attributes or style attributes):
// - data-autosubmit on a field submits its form when the field changes;
// - data-reload on a button reloads the page;
// - data-width / data-height (a percentage) size a bar of a chart;
// - a table that scrolls inside its own box (on a phone) takes the keyboard focus.
(function () {
  "use strict";

  function size(root) {
    var elements = Array.prototype.slice.call(root.querySelectorAll("[data-width], [data-height]"));
    if (root.matches && root.matches("[data-width], [data-height]")) elements.push(root);
    elements.forEach(function (element) {
      if (element.dataset.width !== undefined) element.style.width = element.dataset.width + "%";
      if (element.dataset.height !== undefined) element.style.height = element.dataset.height + "%";
    });
  }

  // On a phone a wide table scrolls sideways inside its own box (the stylesheet's phone
  // block). Whoever has no mouse or touch scrolls it with the arrow keys, so such a box
  // must take the focus; it gives the focus back once it fits again (a turned phone).
  function focusScrolling() {
    document.querySelectorAll("table").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== "visible";
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
        box.dataset.scrollFocus = "";
      } else if (!scrolls && box.dataset.scrollFocus !== undefined) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrollFocus;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { size(document); focusScrolling(); });
  // Content swapped in by htmx.
  document.addEventListener("htmx:load", function (event) { size(event.detail.elt); focusScrolling(); });
  window.addEventListener("resize", focusScrolling);

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches("[data-autosubmit]") && field.form) field.form.submit();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-reload]")) window.location.reload();
  });
})();
