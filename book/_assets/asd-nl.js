// Dutch for the interface strings that sphinx-copybutton and sphinx-togglebutton write into
// their own scripts: neither ships Dutch, nor reads Sphinx's catalogue (book/_locale).
//
// _config.yml loads this file through html_js_files, which Sphinx places after the
// extensions' scripts, and it runs before the page is parsed to the end: before both build
// their buttons (on DOMContentLoaded).
(function () {
  "use strict";

  var COPY = {
    copy: "Kopiëren",
    copy_to_clipboard: "Naar het klembord kopiëren",
    copy_success: "Gekopieerd",
    copy_failure: "Kopiëren is niet gelukt",
  };

  // sphinx-copybutton keeps its strings in the globals `messages` and `locale`, and has
  // already drawn its icons (with an English <title>) from them: give it Dutch, and redraw.
  /* global messages, locale, iconCopy, iconCheck */
  if (typeof messages !== "undefined" && typeof locale !== "undefined") {
    messages.nl = COPY;
    if ((document.documentElement.lang || "").toLowerCase().indexOf("nl") === 0) {
      var was = messages[locale];
      locale = "nl";
      if (typeof iconCopy === "string") {
        iconCopy = iconCopy.replace(was.copy_to_clipboard, COPY.copy_to_clipboard);
      }
      if (typeof iconCheck === "string") {
        iconCheck = iconCheck.replace(was.copy_success, COPY.copy_success);
      }
    }
  }

  // sphinx-togglebutton names every button "Toggle hidden content"; the hint it shows
  // ("Toon antwoord", "Verberg antwoord": togglebutton_hint in _config.yml) is the name a
  // screen reader should hear, and changes each time the button is used.
  function nameToggles() {
    document.querySelectorAll("button.toggle-button[data-toggle-hint]").forEach(function (button) {
      var hint = button.getAttribute("data-toggle-hint");
      if (hint && button.getAttribute("aria-label") !== hint) button.setAttribute("aria-label", hint);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameToggles();
    new MutationObserver(nameToggles).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-toggle-hint"],
    });
  });
})();
