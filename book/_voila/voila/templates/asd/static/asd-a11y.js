// Accessibility and static-page support for the course's widgets. Loaded by the Voila
// template (book/_voila/voila/templates/asd) and, through html_static_path in _config.yml,
// by every book page. It runs again whenever widgets render or change:
//
// - every slider handle gets an accessible name (its widget's label, "Discontovoet (%)")
//   and a Dutch aria-valuetext with its unit ("2,25 %"), from the data-unit and
//   data-decimals of the Dutch readout beside it (widgets/_common.py, SliderReadout);
//   ipywidgets' slider writes "2.25" there on every move, so it is rewritten each time;
// - a results region (class asd-live) becomes an aria-live="polite" region, so a screen
//   reader announces new results; a number field with invalid text (class asd-invalid)
//   gets aria-invalid="true";
// - a table that is wider than its column scrolls sideways inside itself (asd.css): while it
//   does, it takes the keyboard focus (tabindex=0), so a keyboard user can scroll it too;
// - on a static page (saved widget state, no kernel: the published book) every course
//   widget (class asd-widget) has its controls locked and shows its static note, because
//   a control there could move but nothing would recompute. Where a kernel is live (Voila,
//   whose page carries jupyter-config-data and data-voila) nothing is ever locked.
(function () {
  "use strict";

  var WIDGET = ".asd-widget";
  var STATE = 'script[type="application/vnd.jupyter.widget-state+json"]';
  var NUMBER = /^-?\d+(\.\d+)?(e-?\d+)?$/;

  // True only on a page with saved widget state and no sign of a live Jupyter server.
  function isStaticPage() {
    if (document.readyState === "loading") return false; // decide once the page is parsed
    if (document.getElementById("jupyter-config-data")) return false; // Voila, Jupyter
    if (document.body && document.body.hasAttribute("data-voila")) return false;
    if (window.jupyterapp || window.Jupyter) return false;
    return document.querySelector(STATE) !== null;
  }

  function dutch(value, decimals) {
    return value.toLocaleString("nl-NL", {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
  }

  function describeSliders() {
    document.querySelectorAll(".widget-slider").forEach(function (slider) {
      var label = slider.querySelector(".widget-label");
      var name = label ? label.textContent.trim() : "";
      var row = slider.parentElement;
      var readout = row ? row.querySelector(".asd-readout") : null;
      slider.querySelectorAll('[role="slider"]').forEach(function (handle) {
        if (name && !handle.hasAttribute("aria-label")) handle.setAttribute("aria-label", name);
        if (!readout) return;
        var now = (handle.getAttribute("aria-valuetext") || "").trim();
        var text;
        if (NUMBER.test(now)) {
          // Written by the slider itself as it moves: make it Dutch, with the unit.
          var decimals = parseInt(readout.getAttribute("data-decimals"), 10) || 0;
          text = dutch(Number(now), decimals) + "\u00a0" + (readout.getAttribute("data-unit") || "");
        } else if (!now) {
          text = readout.textContent.trim();
        }
        if (text && text.trim() !== now) handle.setAttribute("aria-valuetext", text.trim());
      });
    });
  }

  function markRegions() {
    document.querySelectorAll(".asd-live:not([aria-live])").forEach(function (region) {
      region.setAttribute("aria-live", "polite");
    });
    document.querySelectorAll(".asd-invalid input:not([aria-invalid])").forEach(function (input) {
      input.setAttribute("aria-invalid", "true");
    });
    document.querySelectorAll('input[aria-invalid="true"]').forEach(function (input) {
      if (!input.closest(".asd-invalid")) input.removeAttribute("aria-invalid");
    });
  }

  var SCROLLS = "data-asd-scrolls";

  function focusScrollingTables() {
    document.querySelectorAll("table.dataframe, .cell_output table").forEach(function (table) {
      if (table.closest(".asd-scroll")) return; // its region scrolls and takes the focus
      var scrolls = table.scrollWidth > table.clientWidth + 1;
      if (scrolls && !table.hasAttribute("tabindex")) {
        table.setAttribute("tabindex", "0");
        table.setAttribute(SCROLLS, "");
      } else if (!scrolls && table.hasAttribute(SCROLLS)) {
        table.removeAttribute("tabindex");
        table.removeAttribute(SCROLLS);
      }
    });
  }

  function lockStaticWidgets() {
    if (!isStaticPage()) return;
    document.querySelectorAll(WIDGET).forEach(function (widget) {
      if (!widget.classList.contains("asd-static")) widget.classList.add("asd-static");
      widget.querySelectorAll("select, input, textarea, button").forEach(function (control) {
        if (!control.disabled) control.disabled = true;
        if (control.getAttribute("aria-disabled") !== "true") {
          control.setAttribute("aria-disabled", "true");
        }
      });
      // noUiSlider ignores pointer and keyboard input while its target has "disabled".
      widget.querySelectorAll(".noUi-target").forEach(function (track) {
        if (!track.hasAttribute("disabled")) track.setAttribute("disabled", "true");
      });
      widget.querySelectorAll('[role="slider"]').forEach(function (handle) {
        if (handle.getAttribute("aria-disabled") !== "true") {
          handle.setAttribute("aria-disabled", "true");
        }
      });
      widget.querySelectorAll(".asd-static-note").forEach(function (note) {
        if (note.style.display === "none") note.style.display = "block";
      });
    });
  }

  function run() {
    describeSliders();
    markRegions();
    focusScrollingTables();
    lockStaticWidgets();
  }

  new MutationObserver(run).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["aria-valuetext", "class"],
  });
  document.addEventListener("DOMContentLoaded", run);
  window.addEventListener("load", run);
  window.addEventListener("resize", focusScrollingTables);
  // For tests and course authors: whether this page counts as static.
  window.asdIsStaticPage = isStaticPage;
})();
