// The admin site with script on. Without it every page still works: a foreign key takes "#number".

// "/" focuses the change list's search box (unless the reader is typing somewhere).
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target?.isContentEditable) return;
  const search = document.querySelector("[data-admin-search]");
  if (!search) return;
  event.preventDefault();
  search.focus();
  search.select();
});

// Foreign keys: suggestions searched on the server as the reader types ("Label #key"), never a whole table.
for (const input of document.querySelectorAll("input[data-lookup]")) {
  const options = document.getElementById(input.getAttribute("list"));
  let timer = 0;
  let asked = null;
  // A many-to-many input holds several, separated by commas: the search is over the last one.
  const many = input.hasAttribute("data-many");
  const parts = () => {
    const at = many ? input.value.lastIndexOf(",") : -1;
    return { kept: at < 0 ? "" : `${input.value.slice(0, at + 1)} `, last: input.value.slice(at + 1) };
  };
  const suggest = async () => {
    const { kept, last } = parts();
    const words = last.replace(/#\s*[0-9a-fA-F-]*\s*$/, "").trim();
    const ask = `${kept}\u0000${words}`;
    if (ask === asked) return;
    asked = ask;
    try {
      const response = await fetch(`${input.dataset.lookup}?q=${encodeURIComponent(words)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok || asked !== ask) return;
      const found = await response.json();
      options.replaceChildren(...found.map((option) => {
        const element = document.createElement("option");
        element.value = `${kept}${option.label} #${option.key}`;
        return element;
      }));
    } catch {
      // Suggestions are a help; typing "#number" still works.
    }
  };
  input.addEventListener("focus", suggest);
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 200);
  });
}

// The change list's "select every row on this page" box.
for (const toggle of document.querySelectorAll("[data-admin-toggle-all]")) {
  toggle.addEventListener("change", () => {
    for (const box of toggle.closest("form").querySelectorAll("input[name=selected]")) box.checked = toggle.checked;
  });
}

// A bulk job's progress page: follow the job until it ends, then show the result.
const progress = document.querySelector("[data-admin-job]");
if (progress && progress.dataset.state !== "done" && progress.dataset.state !== "failed") {
  const poll = async () => {
    try {
      const response = await fetch(`${location.pathname}?handler=progress`, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const job = await response.json();
        if (job.state === "done" || job.state === "failed") {
          location.reload();
          return;
        }
        progress.querySelector("progress").value = job.read;
        progress.querySelector("[data-read]").textContent = job.read.toLocaleString("en-US");
      }
    } catch {
      // Try again on the next tick.
    }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
}
