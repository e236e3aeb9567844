// Support line: a running timer on the fast entry page. Loaded from the server (the CSP allows no inline scripts).
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-call-timer]");
  const form = document.querySelector("[data-contact-form]");
  if (!box || !form) return;
  const output = box.querySelector("[data-call-timer-output]");
  const duration = form.querySelector("input[name=duration_minutes]");
  const started = Date.now();
  box.hidden = false;
  const tick = () => {
    const seconds = Math.floor((Date.now() - started) / 1000);
    output.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  };
  tick();
  // Alt + a letter ticks a box of the fast part (data-shortcut holds the key's code): one key press, the
  // focus stays where it was. Not accesskey: browsers differ in what it does to a checkbox.
  document.addEventListener("keydown", (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const box = form.querySelector(`input[type=checkbox][data-shortcut="${event.code}"]`);
    if (!box) return;
    event.preventDefault();
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change", { bubbles: true }));
  });
  window.setInterval(tick, 1000);
  // Fill the duration with the whole minutes begun, only when staff left it empty.
  form.addEventListener("submit", () => {
    if (duration && duration.value === "") {
      duration.value = String(Math.max(1, Math.ceil((Date.now() - started) / 60000)));
    }
  });
});
