// Keyboard use of the review queue; every control also works by Tab and Enter.
(() => {
  const cards = () => [...document.querySelectorAll("article.candidate")];
  const current = () => document.activeElement && document.activeElement.closest("article.candidate");

  function focusCard(step) {
    const all = cards();
    if (!all.length) return;
    const index = all.indexOf(current());
    const next = all[Math.min(all.length - 1, Math.max(0, index === -1 ? 0 : index + step))];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const typing = event.target.closest("input, select, textarea, .select2-container");
    if (typing) return;
    const card = current();
    switch (event.key) {
      case "j": focusCard(1); break;
      case "k": focusCard(-1); break;
      case "a":
      case "r":
        if (card) card.querySelector(`button[data-key="${event.key}"]`).click();
        break;
      case "x":
        if (card) card.querySelector('input[name="selected"]').click();
        break;
      case "e":
        if (card) card.querySelector(".candidate-fields input, .candidate-fields select").focus();
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", () => {
    const selectAll = document.getElementById("select-all");
    if (selectAll) {
      selectAll.addEventListener("change", () => {
        for (const box of document.querySelectorAll('input[name="selected"]')) box.checked = selectAll.checked;
      });
    }
    focusCard(0);
  });

  // Django's autocomplete widgets (select2) add search boxes without a label: name each
  // after its field, now and whenever select2 adds one.
  const labelSearchBoxes = () => {
    document.querySelectorAll(".select2-search__field:not([aria-label])").forEach((field) => {
      const select = field.closest(".select2-container")?.previousElementSibling;
      const label = select && select.id ? document.querySelector(`label[for="${select.id}"]`) : null;
      const name = label ? label.textContent.replace(":", "").trim() : "";
      field.setAttribute("aria-label", name ? `Search ${name.toLowerCase()}` : "Search");
    });
  };
  labelSearchBoxes();
  new MutationObserver(labelSearchBoxes).observe(document.documentElement, { childList: true, subtree: true });
})();
