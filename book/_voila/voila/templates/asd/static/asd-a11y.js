// ipywidgets draws a slider's handle with role="slider" but no accessible name, so a
// screen reader announces only a number. Give every handle the text of its widget's label
// ("Discontovoet (%)"), now and whenever widgets render later. Used by this Voila template
// and, through html_static_path in _config.yml, by every book page.
(function () {
  function nameSliders() {
    document.querySelectorAll(".widget-slider").forEach(function (slider) {
      var label = slider.querySelector(".widget-label");
      if (!label || !label.textContent.trim()) return;
      slider.querySelectorAll('[role="slider"]:not([aria-label])').forEach(function (handle) {
        handle.setAttribute("aria-label", label.textContent.trim());
      });
    });
  }
  new MutationObserver(nameSliders).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  document.addEventListener("DOMContentLoaded", nameSliders);
})();
