/* FOI guard: drag and drop onto the drop zone, and the list of chosen files.
   The form works without this script; it only adds to it. */
(function () {
  "use strict";

  function describe(file) {
    var size = file.size < 1024 * 1024
      ? Math.max(1, Math.round(file.size / 1024)) + " KB"
      : (file.size / (1024 * 1024)).toFixed(1) + " MB";
    return file.name + " (" + size + ")";
  }

  function init() {
    var zone = document.getElementById("dropzone");
    var input = document.getElementById("files");
    var label = document.getElementById("dropzone-label");
    var list = document.getElementById("chosen");
    var button = document.getElementById("check");
    if (!zone || !input || !label || !list) {
      return;
    }

    function show() {
      list.textContent = "";
      Array.prototype.forEach.call(input.files || [], function (file) {
        var item = document.createElement("li");
        item.textContent = describe(file);
        list.appendChild(item);
      });
    }

    // The drop zone is also a keyboard control: Enter or Space opens the file chooser.
    label.setAttribute("tabindex", "0");
    label.setAttribute("role", "button");
    label.setAttribute("aria-controls", "files");
    label.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        input.click();
      }
    });

    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () {
        zone.classList.remove("over");
      });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        show();
      }
    });
    // A file dropped beside the zone must not replace the page.
    window.addEventListener("dragover", function (event) { event.preventDefault(); });
    window.addEventListener("drop", function (event) { event.preventDefault(); });

    input.addEventListener("change", show);
    if (button && input.form) {
      input.form.addEventListener("submit", function () {
        button.disabled = true;
        button.textContent = "Checking…";
      });
      window.addEventListener("pageshow", function () {
        button.disabled = false;
        button.textContent = "Check files";
      });
    }
    show();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
