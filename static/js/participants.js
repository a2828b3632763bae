// Case-note autosave: say so plainly when the session has ended, instead of
// swapping the sign-in page into the form. The server keeps the last draft.
"use strict";

document.addEventListener("htmx:beforeSwap", (event) => {
  const form = event.detail.elt;
  if (!form || !form.matches || !form.matches("[data-autosave]")) return;
  const xhr = event.detail.xhr;
  if (xhr && xhr.responseURL && xhr.responseURL.includes("/accounts/login")) {
    event.detail.shouldSwap = false;
    const status = document.getElementById("draft-status");
    if (status) {
      status.textContent =
        "Your session has ended. Copy nothing: sign in again and reopen this note; " +
        "the draft saved before is restored.";
      status.classList.add("text-danger");
    }
  }
});
