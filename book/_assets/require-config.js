// The widget manager (embed-amd.js) loads its icon fonts through require.js, relative to
// the module that asks for them ("@jupyter-widgets/html-manager/dist", and the bundled
// "@jupyter-widgets/html-manager", "base" and "controls"; without a path those resolve
// against the page's own folder, where the fonts 404). Point all of them, and __jupyter_widgets_assets_path__,
// at the vendored copy next to this file, so the fonts come from this site on every page depth.
(function () {
  var here = document.currentScript.src.replace(/[^/]*$/, "");
  window.__jupyter_widgets_assets_path__ = here + "jupyter-widgets/";
  require.config({
    paths: {
      "@jupyter-widgets/html-manager/dist": here + "jupyter-widgets",
      "@jupyter-widgets/html-manager": here + "jupyter-widgets/html-manager",
      "@jupyter-widgets/base": here + "jupyter-widgets/base",
      "@jupyter-widgets/controls": here + "jupyter-widgets/controls",
    },
  });
})();
