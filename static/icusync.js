// Copy buttons: <button data-copy="INPUT_ID"> copies that input's value and says so in its status line.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const id = button.dataset.copy;
  const field = document.getElementById(id);
  const status = document.querySelector(`[data-copy-status="${id}"]`);
  try {
    await navigator.clipboard.writeText(field.value);
    if (status) status.textContent = "Copied.";
  } catch (err) {
    // No clipboard permission (or not a secure context): select it so the person can copy by hand.
    field.focus();
    field.select();
    if (status) status.textContent = "Selected: press Ctrl+C (or long-press and Copy) to copy.";
  }
});
