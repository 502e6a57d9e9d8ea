// nmo-feed: the copy button of "Share and republish" on episode pages. Without it the code is
// in a read-only field to select and copy by hand. With it, a button copies the field and
// its polite status says "Copied." once: the answer to the reader's own action (WCAG 4.1.3),
// cleared before each copy so that a second copy is announced again. Focus does not move.
// Its words come from the page (the button's data-copied and data-not-copied), in the
// page's language.
(function () {
  "use strict";
  var rows = document.querySelectorAll(".share-button");
  Array.prototype.forEach.call(rows, function (row) {
    var button = row.querySelector("button[data-copy]");
    var status = row.querySelector(".share-status");
    var field = button && document.getElementById(button.getAttribute("data-copy"));
    if (!field || !status) return;
    row.hidden = false;
    function done(message) { status.textContent = message; }
    button.addEventListener("click", function () {
      status.textContent = "";
      var text = field.value;
      var copied = navigator.clipboard && navigator.clipboard.writeText
        ? navigator.clipboard.writeText(text)
        : Promise.reject(new Error("no clipboard"));
      copied.then(function () { done(button.getAttribute("data-copied")); }, function () {
        // Older browsers and pages opened from a file: copy the selected field instead.
        field.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        button.focus();
        done(button.getAttribute(ok ? "data-copied" : "data-not-copied"));
      });
    });
  });
})();
