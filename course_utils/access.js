// Makes the ipywidgets inside a course widget work for keyboard and screen-reader users.
//
// 1. Keys pressed in a course widget stay in it. JupyterLab runs its one-key notebook shortcuts
//    (arrow keys select cells, "D D" deletes one) from a keydown listener on the document, in
//    the bubbling phase. Stopping plain keys at the course widget lets the arrow keys move
//    between a question's options and keeps a stray key from changing the notebook. Keys with
//    Ctrl, Alt or Meta, Escape, Tab and Shift+Enter still reach JupyterLab.
// 2. Controls get the names ipywidgets leaves out: a slider's handle is named by its label, and
//    a set of radio buttons becomes a named radio group.
// 3. Text that changes (feedback, a chart's description, the client's next line) is announced:
//    a widget marked "cu-live" becomes a polite live region. Its own element is used because it
//    persists while each new value replaces the HTML inside it.

const PASSED_ON = new Set(["Escape", "Tab"]);

function isPlainKey(event) {
  if (event.ctrlKey || event.altKey || event.metaKey) return false;
  if (PASSED_ON.has(event.key)) return false;
  return !(event.key === "Enter" && event.shiftKey);
}

function keepInWidget(event) {
  if (isPlainKey(event)) event.stopPropagation();
}

function labelOf(control) {
  return control.querySelector(":scope > .widget-label")?.textContent?.trim() ?? "";
}

function describe(box) {
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
  for (const radios of box.querySelectorAll(".widget-radio")) {
    const group = radios.querySelector(".widget-radio-box");
    const label = labelOf(radios);
    if (group && group.getAttribute("role") !== "radiogroup") {
      group.setAttribute("role", "radiogroup");
      if (label) group.setAttribute("aria-label", label);
    }
  }
}

export default {
  render({ el }) {
    // The view is attached to its course widget after rendering: look for it once per frame.
    let box = null;
    let observer = null;
    let frames = 0;
    const attach = () => {
      box = el.closest(".cu-box");
      if (!box) {
        if (frames++ < 600) requestAnimationFrame(attach);
        return;
      }
      box.addEventListener("keydown", keepInWidget);
      box.dataset.cuAccess = "on";
      describe(box);
      observer = new MutationObserver(() => describe(box));
      observer.observe(box, { childList: true, subtree: true });
    };
    attach();
    return () => {
      box?.removeEventListener("keydown", keepInWidget);
      observer?.disconnect();
    };
  },
};
