// Progressive enhancement only: every page works without this file.
// htmx runs this file again when it restores a page from history: the guard keeps its
// declarations and listeners to one copy.
if (!window.accessionTracker) {
  window.accessionTracker = true;
  // While htmx loads new results, say so to assistive technology.
  document.addEventListener("htmx:beforeRequest", (event) => {
    const results = document.getElementById("results");
    if (results && event.detail.target === results) results.setAttribute("aria-busy", "true");
  });
  // Keep the reader's place: swaps replace the filters and results the reader was in.
  let lastFocused = null; // {selector} of a filter, or {chips: true} for a chip's link
  let toResults = false; // paging: read from the top of the new results
  document.addEventListener("focusin", (event) => {
    const target = event.target;
    if (target.closest(".active-filters")) lastFocused = { chips: true };
    else if (target.closest("#filter-form")) {
      // Found again by id, or (a facet's checkbox) by its name and value.
      if (target.id) lastFocused = { selector: `#${CSS.escape(target.id)}` };
      else if (target.name) {
        lastFocused = { selector: `[name="${CSS.escape(target.name)}"][value="${CSS.escape(target.value)}"]` };
      }
    }
  });
  document.addEventListener("click", (event) => {
    if (event.target.closest(".pagination a")) toResults = true;
  });
  document.addEventListener("htmx:afterSettle", () => {
    const results = document.getElementById("results");
    if (results) results.setAttribute("aria-busy", "false");
    const heading = document.getElementById("results-heading");
    const announcer = document.getElementById("announcer");
    // The new count, once counted, said politely.
    if (heading && announcer && !heading.querySelector(".counting")) {
      announcer.textContent = heading.textContent.trim();
    }
    if (toResults && heading) {
      toResults = false;
      heading.focus();
      heading.scrollIntoView({ block: "start" });
      return;
    }
    const lost = !document.activeElement || document.activeElement === document.body;
    if (!lost || !lastFocused) return;
    if (lastFocused.chips) {
      const chip = document.querySelector(".active-filters a");
      (chip || heading)?.focus();
    } else {
      document.querySelector(lastFocused.selector)?.focus();
    }
  });

  // Typing a speaker's name only suggests speakers: its change must not refilter the
  // timeline. (Stopped here rather than by an htmx event filter, which the CSP refuses.)
  document.addEventListener("change", (event) => {
    if (event.target.id === "speaker-search") event.stopPropagation();
  }, true);

  // Shareable addresses: leave empty filters and the speaker search box out of the URL.
  document.addEventListener("htmx:configRequest", (event) => {
    const element = event.detail.elt;
    if (event.detail.verb !== "get" || element.id === "speaker-search" || !element.closest("#filter-form")) return;
    const parameters = event.detail.parameters;
    for (const key of [...parameters.keys()]) {
      const values = parameters.getAll(key).filter((value) => value !== "");
      parameters.delete(key);
      if (key !== "speaker_q") values.forEach((value) => parameters.append(key, value));
    }
  });

  // On a phone the results come first: the filters fold away until asked for.
  const filtersPanel = document.querySelector(".filters-panel");
  if (filtersPanel && window.matchMedia("(max-width: 52rem)").matches) filtersPanel.open = false;
}
