// Session register: "mark everyone present" fills the radios of every man not yet
// marked, without a round trip. Without JavaScript the same button posts the form
// and the server answers with the register filled in the same way (unsaved).
"use strict";

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-everyone-present]");
  if (!button || !button.form) return;
  event.preventDefault();
  for (const group of button.form.querySelectorAll("fieldset.register-status")) {
    if (group.disabled || group.querySelector("input[type=radio]:checked")) continue;
    const present = group.querySelector('input[type=radio][value="present"]');
    if (present) present.checked = true;
  }
  const status = document.getElementById("register-status");
  if (status) status.textContent = button.dataset.done;
});
