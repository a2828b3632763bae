// The quick exit of the public contact page (enquiries). Loaded as a file: the
// CSP forbids inline scripts. Without JavaScript the button is a plain link.
"use strict";

(() => {
  const leave = (event) => {
    const link = document.getElementById("quick-exit");
    if (!link) return;
    if (event) event.preventDefault();
    // replace(), not assign(): this page leaves no entry in the tab's history,
    // so "back" does not bring it up again.
    window.location.replace(link.href);
  };
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("#quick-exit")) leave(event);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") leave(event);
  });
})();
