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

// How long "Copied" stays beside a copy button: long enough to read, gone before the next copy.
const COPY_STATUS_MS = 5000;

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
  let clearLater = 0;
  const announce = (status, message) => {
    if (!status) {
      return;
    }
    // Only the latest copy is reported: every other field's "Copied" goes.
    document.querySelectorAll(".copy-status").forEach((other) => {
      other.textContent = "";
    });
    window.clearTimeout(clearLater);
    // Cleared first, so a second copy of the same thing is announced again.
    window.setTimeout(() => {
      status.textContent = message;
      clearLater = window.setTimeout(() => {
        status.textContent = "";
      }, COPY_STATUS_MS);
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

const TERM = "button.term[popovertarget]";

// The words of one section (or one row of the comparison) are a single Tab stop: Tab moves from
// section to section, the arrow keys from word to word within one. Every word stays in the
// accessibility tree, so screen readers' own reading and lists of buttons still find each one.
function termStops(root) {
  const groups = new Map();
  root.querySelectorAll(TERM).forEach((term) => {
    const group = term.closest("section, tr") || document.body;
    if (!groups.has(group)) {
      groups.set(group, []);
    }
    groups.get(group).push(term);
  });
  groups.forEach((terms) => {
    terms.forEach((term, index) => {
      term.tabIndex = index === 0 ? 0 : -1;
      if (terms.length > 1) {
        term.setAttribute("aria-describedby", "term-keys");
      }
    });
  });
}

function groupOf(term) {
  const group = term.closest("section, tr") || document.body;
  return [...group.querySelectorAll(TERM)];
}

function moveBetweenTerms() {
  const hint = document.createElement("span");
  hint.id = "term-keys";
  hint.hidden = true;
  hint.textContent = "Use the left and right arrow keys for the other words in this part.";
  document.body.append(hint);
  document.addEventListener("keydown", (event) => {
    const term = event.target.closest && event.target.closest(TERM);
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!term || !step || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    const terms = groupOf(term);
    const next = terms[terms.indexOf(term) + step];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  });
  // Whichever word was last used (by keyboard, tap or click) is its section's Tab stop.
  document.addEventListener("focusin", (event) => {
    const term = event.target.closest && event.target.closest(TERM);
    if (!term || term.tabIndex === 0) {
      return;
    }
    groupOf(term).forEach((other) => {
      other.tabIndex = -1;
    });
    term.tabIndex = 0;
  });
}

// An open definition covers what is below its word. It closes as soon as focus moves on to
// anything but its word or itself, so it never hides the element that has focus; and opening one
// is announced, as toggletips should be, through one polite live region.
function definitions() {
  const status = document.createElement("p");
  status.id = "definition-status";
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.append(status);
  document.addEventListener("focusin", (event) => {
    document.querySelectorAll(".toggletip:popover-open").forEach((tip) => {
      const owner = event.target.getAttribute && event.target.getAttribute("popovertarget");
      if (!tip.contains(event.target) && owner !== tip.id) {
        tip.hidePopover();
      }
    });
  });
  // "toggle" does not bubble: listen while it travels down.
  document.addEventListener(
    "toggle",
    (event) => {
      const tip = event.target;
      if (!(tip instanceof HTMLElement) || !tip.classList.contains("toggletip")) {
        return;
      }
      if (event.newState === "open") {
        const words = tip.cloneNode(true);
        words.querySelectorAll("a, button").forEach((control) => control.remove());
        status.textContent = words.textContent.replace(/\s+/g, " ").trim();
      } else if (!document.querySelector(".toggletip:popover-open")) {
        status.textContent = "";
      }
    },
    true,
  );
}

// The comparison's sticky row of procedure names must not cover the element that has focus: the
// page keeps that much room at the top when the browser scrolls focus into view.
function clearOfStickyHeader() {
  const root = document.documentElement;
  let watched = null;
  const observer = new ResizeObserver(() => {
    const header = watched && watched.querySelector("th");
    const sticky = header && getComputedStyle(header).position === "sticky";
    root.style.scrollPaddingTop = sticky ? `${watched.getBoundingClientRect().height + 8}px` : "";
  });
  const watch = () => {
    const head = document.querySelector(".compare-grid thead");
    if (head === watched) {
      return;
    }
    observer.disconnect();
    watched = head;
    root.style.scrollPaddingTop = "";
    if (head) {
      observer.observe(head);
    }
  };
  watch();
  document.addEventListener("htmx:load", watch);
}

// After an htmx update, or when the browser shows the page again from Back or Forward, the page's
// own address, link preview and ticked boxes follow the table that is shown.
function comparisonState() {
  const sync = () => {
    const shown = document.getElementById("comparison_table");
    const form = document.querySelector("form.compare-choose");
    if (!shown || !form) {
      return;
    }
    const chosen = shown.dataset.chosen.split(" ").filter(Boolean);
    form.querySelectorAll("input[type=checkbox][name=p]").forEach((box) => {
      box.checked = chosen.includes(box.value);
    });
    const canonical = document.querySelector("link[rel=canonical]");
    const url = document.querySelector("meta[property='og:url']");
    const title = document.querySelector("meta[property='og:title']");
    if (canonical) {
      canonical.href = shown.dataset.canonical;
    }
    if (url) {
      url.content = shown.dataset.canonical;
    }
    if (title) {
      title.content = shown.dataset.title;
    }
  };
  sync();
  document.addEventListener("htmx:afterSettle", sync);
  document.addEventListener("htmx:historyRestore", sync);
  window.addEventListener("pageshow", sync);
}

// A table wider than the screen (staff content status) says that it scrolls sideways.
function scrollHints() {
  const observer = new ResizeObserver((entries) => {
    entries.forEach(({ target }) => {
      target.classList.toggle("is-scrollable", target.scrollWidth > target.clientWidth + 1);
    });
  });
  document.querySelectorAll(".table-scroll").forEach((box) => observer.observe(box));
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
  termStops(document);
  moveBetweenTerms();
  definitions();
  copyButtons();
  clearOfStickyHeader();
  comparisonState();
  scrollHints();
  valuesExercise();
  // Content swapped in by htmx (the comparison table) gets the same treatment.
  document.addEventListener("htmx:load", (event) => {
    termsToLinks(event.target);
    termStops(event.target);
  });
}

// Loaded with defer, so this always runs before DOMContentLoaded.
document.addEventListener("DOMContentLoaded", init);
