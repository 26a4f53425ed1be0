// Small behaviours that the Content-Security-Policy keeps out of the markup
// (no inline scripts, event-handler attributes or style attributes):
// - data-autosubmit on a field submits its form when the field changes;
// - data-reload on a button reloads the page;
// - data-width / data-height (a percentage) size a bar of a chart.
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

  document.addEventListener("DOMContentLoaded", function () { size(document); });
  // Content swapped in by htmx.
  document.addEventListener("htmx:load", function (event) { size(event.detail.elt); });

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches("[data-autosubmit]") && field.form) field.form.submit();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-reload]")) window.location.reload();
  });
})();
