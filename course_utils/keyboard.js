// Keys pressed inside a course widget belong to that widget.
//
// JupyterLab runs its one-key notebook shortcuts (arrow keys select cells, "D D" deletes one)
// from a keydown listener on the document, in the bubbling phase. Stopping plain keys at the
// course widget lets the arrow keys move between a question's options, and keeps a stray key
// from changing the notebook. Keys pressed with Ctrl, Alt or Meta, Escape, Tab and Shift+Enter
// still reach JupyterLab.

const PASSED_ON = new Set(["Escape", "Tab"]);

function isPlainKey(event) {
  if (event.ctrlKey || event.altKey || event.metaKey) return false;
  if (PASSED_ON.has(event.key)) return false;
  return !(event.key === "Enter" && event.shiftKey);
}

function keepInWidget(event) {
  if (isPlainKey(event)) event.stopPropagation();
}

export default {
  render({ el }) {
    // The view is attached to its course widget after rendering: look for it once per frame.
    let box = null;
    let frames = 0;
    const attach = () => {
      box = el.closest(".cu-box");
      if (box) {
        box.addEventListener("keydown", keepInWidget);
        box.dataset.cuKeys = "kept";
      } else if (frames++ < 600) {
        requestAnimationFrame(attach);
      }
    };
    attach();
    return () => box?.removeEventListener("keydown", keepInWidget);
  },
};
