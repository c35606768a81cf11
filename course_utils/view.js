// Makes the ipywidgets inside a course widget work for keyboard and screen-reader users.
//
// 1. Keys pressed in a course widget stay in it. Every control in it carries JupyterLab's own
//    `data-lm-suppress-shortcuts` attribute, so no notebook shortcut ("D D" deletes a cell, the
//    arrow keys select cells) fires from it. Lumino looks for the attribute from the focused
//    element up and stops at the first selector that matches; the notebook's command-mode
//    selectors end in `:focus`, which matches the focused control itself, so the attribute must
//    be on the control, not only on the box. Tab still leaves the widget.
// 2. Each set of radio buttons is one radio group: its inputs share a name, so the group is one
//    Tab stop and the arrow keys move between the options, and the group is named by its
//    question's stem (or its label). A slider's handle is named by its label.
// 3. ipywidgets writes `title="null"` on labels without a tooltip; the helper removes it.
// 4. Text that changes (feedback, a chart's description, the client's next line) is announced:
//    a widget marked "cu-live" becomes a polite live region. Its own element is used because it
//    persists while each new value replaces the HTML inside it.

// Each widget may load its own copy of this module, so ids carry a random part.
const unique = (prefix) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

function labelOf(control) {
  return control.querySelector(":scope > .widget-label")?.textContent?.trim() ?? "";
}

function stemOf(radios) {
  const question = radios.closest(".cu-question");
  const stem = question?.querySelector(".cu-stem");
  if (!stem) return null;
  if (!stem.id) stem.id = unique("cu-stem");
  return stem.id;
}

function nameGroup(radios) {
  const group = radios.querySelector(".widget-radio-box");
  if (!group) return;
  if (!group.dataset.cuGroup) group.dataset.cuGroup = unique("cu-group");
  for (const input of group.querySelectorAll('input[type="radio"]')) {
    if (input.name !== group.dataset.cuGroup) input.name = group.dataset.cuGroup;
  }
  if (group.getAttribute("role") === "radiogroup") return;
  group.setAttribute("role", "radiogroup");
  const stem = stemOf(radios);
  const label = labelOf(radios);
  if (stem) group.setAttribute("aria-labelledby", stem);
  else if (label) group.setAttribute("aria-label", label);
}

const CONTROLS = "input, textarea, select, button, [tabindex]";

function describe(box) {
  for (const control of box.querySelectorAll(CONTROLS)) {
    if (!control.hasAttribute("data-lm-suppress-shortcuts")) {
      control.setAttribute("data-lm-suppress-shortcuts", "true");
    }
  }
  for (const live of box.querySelectorAll(".cu-live:not([aria-live])")) {
    live.setAttribute("aria-live", "polite");
  }
  for (const slider of box.querySelectorAll(".widget-slider")) {
    const handle = slider.querySelector(".noUi-handle");
    const label = labelOf(slider);
    if (handle && label && handle.getAttribute("aria-label") !== label) {
      handle.setAttribute("aria-label", label);
    }
  }
  for (const radios of box.querySelectorAll(".widget-radio")) nameGroup(radios);
  for (const titled of box.querySelectorAll('[title="null"]')) titled.removeAttribute("title");
}

export default {
  render({ el }) {
    // The view is attached to its course widget after rendering: look for it once per frame.
    let observer = null;
    let frames = 0;
    const attach = () => {
      const box = el.closest(".cu-box");
      if (!box) {
        if (frames++ < 600) requestAnimationFrame(attach);
        return;
      }
      describe(box);
      observer = new MutationObserver(() => describe(box));
      observer.observe(box, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeFilter: ["title"],
      });
    };
    attach();
    return () => observer?.disconnect();
  },
};
