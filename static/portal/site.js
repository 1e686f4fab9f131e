// Progressive enhancement only: every page works without this file.
"use strict";

// Where the browser has no Popover API, a term's button cannot open its definition, so it becomes
// a plain link to the word's glossary entry (the href is the popover's own "More about" link).
function termsToLinks(root) {
  if (Object.prototype.hasOwnProperty.call(HTMLElement.prototype, "popover")) {
    return;
  }
  root.querySelectorAll("button.term[popovertarget]").forEach((button) => {
    const tip = document.getElementById(button.getAttribute("popovertarget"));
    const entry = tip && tip.querySelector("a[href]");
    if (!entry) {
      return;
    }
    const link = document.createElement("a");
    link.className = "term";
    link.href = entry.getAttribute("href");
    link.textContent = button.textContent;
    button.replaceWith(link);
  });
}

// "Copy" buttons (share block, staff links) copy the field named by their data-copy attribute.
// They stay hidden where the browser cannot copy; the field itself can always be selected.
// A field that is not an input (a formatted email paragraph) is copied as HTML and as text.
function copyButtons() {
  if (!(navigator.clipboard && window.isSecureContext)) {
    return;
  }
  const reveal = (root) => {
    root.querySelectorAll("button[data-copy]").forEach((button) => {
      button.hidden = false;
    });
  };
  const announce = (status, message) => {
    if (!status) {
      return;
    }
    // Cleared first, so a second copy of the same thing is announced again.
    status.textContent = "";
    window.setTimeout(() => {
      status.textContent = message;
    }, 100);
  };
  reveal(document);
  document.addEventListener("htmx:load", (event) => reveal(event.target));
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-copy]");
    const field = button && document.getElementById(button.dataset.copy);
    if (!field) {
      return;
    }
    const status = button.parentElement.querySelector(".copy-status");
    const isInput = "value" in field;
    try {
      if (!isInput && window.ClipboardItem) {
        await navigator.clipboard.write([
          new ClipboardItem({
            "text/plain": new Blob([field.innerText], { type: "text/plain" }),
            "text/html": new Blob([field.innerHTML], { type: "text/html" }),
          }),
        ]);
      } else {
        await navigator.clipboard.writeText(isInput ? field.value : field.innerText);
      }
      announce(status, "Copied");
    } catch {
      if (isInput) {
        field.focus();
        field.select();
      }
      announce(status, "Could not copy. Select the text and copy it yourself.");
    }
  });
}

// "What matters most to you": ticking a value marks the comparison rows that speak to it, with
// words as well as colour. Nothing leaves the page: no request, no cookie, no storage.
function valuesExercise() {
  const section = document.querySelector("[data-values]");
  if (!section) {
    return;
  }
  const status = section.querySelector("[data-values-status]");
  section.querySelectorAll("[data-values-hint]").forEach((hint) => {
    hint.hidden = false;
  });
  const mark = () => {
    const labels = new Map(); // row id -> the ticked values that name it
    section.querySelectorAll("input[data-rows]:checked").forEach((box) => {
      box.dataset.rows.split(" ").filter(Boolean).forEach((id) => {
        labels.set(id, [...(labels.get(id) || []), box.dataset.label]);
      });
    });
    document.querySelectorAll(".matters-marker").forEach((marker) => marker.remove());
    document.querySelectorAll(".matters").forEach((row) => row.classList.remove("matters"));
    let marked = 0;
    labels.forEach((values, id) => {
      const row = document.getElementById(id);
      if (!row) {
        return;
      }
      const marker = document.createElement("span");
      marker.className = "matters-marker";
      // The words come from the page, in its language.
      marker.textContent = `${section.dataset.marker || "Matters to you:"} ${values.join("; ")}`;
      (row.querySelector("th") || row).append(marker);
      row.classList.add("matters");
      marked += 1;
    });
    return marked;
  };
  section.addEventListener("change", () => {
    const marked = mark();
    if (status) {
      const one = section.dataset.markedOne || "1 row of the table is marked.";
      const many = section.dataset.markedMany || "{count} rows of the table are marked.";
      status.textContent = marked === 1 ? one : many.replace("{count}", marked);
    }
  });
  // A new table from htmx has no marks yet: mark it once it is in place (on "afterSwap" the
  // old table may still be the one in the page). A page restored by the browser may have ticks.
  document.addEventListener("htmx:afterSettle", mark);
  mark();
}

function init() {
  termsToLinks(document);
  copyButtons();
  valuesExercise();
  // Content swapped in by htmx (the comparison table) gets the same treatment.
  document.addEventListener("htmx:load", (event) => termsToLinks(event.target));
}

// Loaded with defer, so this always runs before DOMContentLoaded.
document.addEventListener("DOMContentLoaded", init);
