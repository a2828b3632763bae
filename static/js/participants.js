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
      status.textContent = form.dataset.sessionEnded;
      status.classList.add("text-danger");
    }
  }
});
