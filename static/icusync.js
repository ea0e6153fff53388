// Copy buttons: <button data-copy="ID"> copies that input's value (or that element's text) and says so
// in its status line.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const id = button.dataset.copy;
  const field = document.getElementById(id);
  const status = document.querySelector(`[data-copy-status="${id}"]`);
  const text = "value" in field ? field.value : field.textContent;
  try {
    await navigator.clipboard.writeText(text);
    if (status) status.textContent = "Copied.";
  } catch (err) {
    // No clipboard permission (or not a secure context): select it so the person can copy by hand.
    if ("select" in field) {
      field.focus();
      field.select();
    } else {
      window.getSelection().selectAllChildren(field);
    }
    if (status) status.textContent = "Selected: press Ctrl+C (or long-press and Copy) to copy.";
  }
});
