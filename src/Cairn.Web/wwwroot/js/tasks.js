// The task list's behaviour with script on. Everything here also works without it, as plain form posts.

// Done toggles: post in the background and update the row in place, with the counts above the list.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-task-toggle")) return;
  event.preventDefault();
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(`toggle answered ${response.status}`);
    const result = await response.json();
    const row = form.closest("[data-task-id]");
    const before = row.dataset.status;
    row.dataset.status = result.status;
    row.classList.toggle("task-done", result.status === "done");
    button.textContent = result.label;
    button.classList.toggle("btn-outline-success", result.status === "open");
    button.classList.toggle("btn-outline-secondary", result.status === "done");
    for (const [status, change] of [[before, -1], [result.status, 1]]) {
      const count = document.querySelector(`[data-count="${status}"]`);
      if (count) {
        count.dataset.value = String(Number(count.dataset.value) + change);
        count.textContent = Number(count.dataset.value).toLocaleString("en-US");
      }
    }
    const live = document.getElementById("task-live");
    if (live) live.textContent = `${row.querySelector("[data-testid=task-title]").textContent} is ${result.status === "done" ? "done" : "open"}.`;
  } catch {
    form.submit(); // the server answers a plain post with a page, and a message if something is wrong
    return;
  } finally {
    button.disabled = false;
  }
});

// Bulk actions: "select all", the list picker only for "move", and one question before the post.
const bulk = document.querySelector("form[data-bulk]");
if (bulk) {
  const boxes = () => [...document.querySelectorAll('input[name="ids"][form="bulk-form"]')];
  const all = document.querySelector("[data-select-all]");
  const operation = bulk.querySelector('[name="operation"]');
  const target = bulk.querySelector('[name="target"]');
  const showTarget = () => { target.hidden = operation.value !== "move"; };
  operation.addEventListener("change", showTarget);
  showTarget();
  if (all) {
    all.hidden = false;
    all.addEventListener("change", () => boxes().forEach((box) => { box.checked = all.checked; }));
  }

  bulk.addEventListener("submit", (event) => {
    const count = boxes().filter((box) => box.checked).length;
    if (count === 0) {
      event.preventDefault();
      window.alert("Select at least one task first.");
      return;
    }
    const tasks = count === 1 ? "1 task" : `${count} tasks`;
    const question = {
      done: `Mark ${tasks} done?`,
      move: `Move ${tasks} to “${target.selectedOptions[0]?.text}”?`,
      delete: `Delete ${tasks}? This cannot be undone.`,
    }[operation.value];
    if (!window.confirm(question)) {
      event.preventDefault();
      return;
    }
    bulk.querySelector("[data-bulk-confirmed]").value = "true";
  });
}
