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

function init() {
  termsToLinks(document);
  copyButtons();
  // Content swapped in by htmx (the comparison table) gets the same treatment.
  document.addEventListener("htmx:load", (event) => termsToLinks(event.target));
}

// Loaded with defer, so this always runs before DOMContentLoaded.
document.addEventListener("DOMContentLoaded", init);
