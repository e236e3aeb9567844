// Jour's small script. Loaded from the server; the CSP allows no inline scripts.
document.addEventListener("DOMContentLoaded", () => {
  // Enter on a checkbox or a radio button never submits the form (only the Space bar ticks it): a form
  // half filled in must not be saved by a reflex key press.
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.key === "Enter" && target instanceof HTMLInputElement && ["checkbox", "radio"].includes(target.type)) {
      event.preventDefault();
    }
  });
  // Buttons with data-confirm ask before they submit.
  document.querySelectorAll("[data-confirm]").forEach((button) => {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });
});
