// Drag and drop onto the file field, and a list of the chosen files. Without this script the
// plain file field works the same way.
document.addEventListener("DOMContentLoaded", () => {
  const zone = document.querySelector("[data-drop-zone]");
  if (!zone) return;
  const input = zone.querySelector("input[type=file]");
  const chosen = zone.querySelector("#files-chosen");
  const showChosen = () => {
    const names = Array.from(input.files).map((file) => file.name);
    chosen.textContent = names.length ? `${chosen.dataset.chosenTemplate} ${names.join(", ")}` : "";
  };
  input.addEventListener("change", showChosen);
  ["dragenter", "dragover"].forEach((name) =>
    zone.addEventListener(name, (event) => {
      event.preventDefault();
      zone.classList.add("drag-over");
    })
  );
  ["dragleave", "drop"].forEach((name) =>
    zone.addEventListener(name, () => zone.classList.remove("drag-over"))
  );
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      showChosen();
    }
  });
});
