// Jour's small script. Loaded from the server; the CSP allows no inline scripts.
document.addEventListener("DOMContentLoaded", () => {
  // Buttons with data-confirm ask before they submit.
  document.querySelectorAll("[data-confirm]").forEach((button) => {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });
});
