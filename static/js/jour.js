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
  // Downloads that take seconds (a PDF renders for 1–7 s): the button shows the file is on its way (htmx's
  // indicator classes) and a second click while it renders does nothing, so one click is one render.
  document.querySelectorAll("a[data-download]").forEach((link) => {
    const status = document.getElementById(link.dataset.download);
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      if (link.getAttribute("aria-disabled") === "true") return;
      link.setAttribute("aria-disabled", "true");
      link.classList.add("htmx-request");
      if (status) status.textContent = link.dataset.busyText;
      try {
        const response = await fetch(link.href, { credentials: "same-origin" });
        if (!response.ok) throw new Error(String(response.status));
        const name = (response.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/);
        const file = document.createElement("a");
        file.href = URL.createObjectURL(await response.blob());
        file.download = name ? name[1] : "";
        document.body.append(file);
        file.click();
        file.remove();
        window.setTimeout(() => URL.revokeObjectURL(file.href), 60000);
        if (status) status.textContent = link.dataset.doneText;
      } catch {
        if (status) status.textContent = link.dataset.failText;
      } finally {
        link.removeAttribute("aria-disabled");
        link.classList.remove("htmx-request");
      }
    });
  });
});
