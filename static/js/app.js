// The project's own behaviour. Loaded as a file: the CSP forbids inline scripts.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the first error so keyboard and screen-reader users find it.
  const invalid = document.querySelector(".is-invalid, .invalid-feedback, .alert-danger");
  if (invalid) {
    const field = document.querySelector(".is-invalid") || invalid;
    if (field.focus) field.focus();
  }
});
