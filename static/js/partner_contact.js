// Partner contact form: show the separation date only when "separation" is ticked.
// Without JavaScript the fields simply stay visible.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const details = document.getElementById("separation-details");
  const tick = document.querySelector('input[name="risk_events"][value="separation"]');
  if (!details || !tick) return;
  const update = () => details.classList.toggle("d-none", !tick.checked);
  tick.addEventListener("change", update);
  update();
});
