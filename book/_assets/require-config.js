// The widget manager (embed-amd.js) loads its icon fonts through require.js, relative to
// the module "@jupyter-widgets/html-manager/dist". Point that module at the vendored copy
// next to this file, so the fonts come from this site on every page depth.
(function () {
  var here = document.currentScript.src.replace(/[^/]*$/, "");
  require.config({
    paths: { "@jupyter-widgets/html-manager/dist": here + "jupyter-widgets" },
  });
})();
