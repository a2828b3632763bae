// Referrals: show the risk-conference fields only for a conference referral.
// Without JavaScript every field shows and the server checks what applies.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const fields = document.getElementById("marac-fields");
  const kind = document.getElementById("id_kind");
  if (!fields || !kind) return;
  const toggle = () => {
    fields.classList.toggle("d-none", kind.value !== fields.dataset.maracKind);
  };
  kind.addEventListener("change", toggle);
  toggle();
});
