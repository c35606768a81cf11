// A course chart for everyone: the picture with its description, a table of its numbers, a
// keyboard walk through its series with each point announced, and an optional sound mode.
// The numbers come from Python (`series`), read from what the chart draws.

const HELP =
  "Left and right arrows step through the points, up and down arrows switch series, " +
  "Home and End jump to the first and last point, Enter plays the series as sound.";

function number(value) {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(3)));
}

function say(series, index) {
  const [x, y] = series.points[index];
  const where = series.x ? `${series.x} ${x}` : x;
  const panel = series.panel && series.panel !== series.name ? ` (${series.panel})` : "";
  return (
    `${series.name}${panel}: ${where}, ${series.y || "value"} ${number(y)}. ` +
    `Point ${index + 1} of ${series.points.length}.`
  );
}

function element(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function table(series) {
  const rows = series.points.map(([x, y]) =>
    element("tr", {}, [element("th", { scope: "row", text: x }), element("td", { text: number(y) })]),
  );
  const caption = `Simulated · ${series.panel && series.panel !== series.name ? series.panel + ": " : ""}${series.name}`;
  return element("table", { class: "cu-summary cu-numbers" }, [
    element("caption", { text: caption }),
    element("thead", {}, [
      element("tr", {}, [
        element("th", { scope: "col", text: series.x || "Point" }),
        element("th", { scope: "col", text: series.y || "Value" }),
      ]),
    ]),
    element("tbody", {}, rows),
  ]);
}

let audio = null;

function tone(value, low, high, when = 0, length = 0.18) {
  audio = audio || new (window.AudioContext || window.webkitAudioContext)();
  const share = high > low ? (value - low) / (high - low) : 0.5;
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.frequency.value = 220 * Math.pow(2, 2 * share); // two octaves, low to high
  const start = audio.currentTime + when;
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(start);
  oscillator.stop(start + length + 0.02);
}

function range(series) {
  const ys = series.points.map((p) => p[1]);
  return [Math.min(...ys), Math.max(...ys)];
}

function render({ model, el }) {
  const id = `cu-chart-${Math.random().toString(36).slice(2, 10)}`;
  const image = element("img", { alt: "" });
  const canvas = element(
    "div",
    {
      class: "cu-chart-canvas",
      tabindex: "0",
      role: "application",
      "aria-roledescription": "chart",
      "data-lm-suppress-shortcuts": "true",
      "aria-describedby": `${id}-help`,
    },
    [image],
  );
  const help = element("p", { id: `${id}-help`, class: "cu-chart-help", text: HELP });
  const status = element("p", { class: "cu-chart-status", "aria-live": "polite" });
  const toggle = element("button", {
    type: "button",
    class: "cu-button",
    "aria-expanded": "false",
    "aria-controls": `${id}-numbers`,
    text: "Show the numbers",
  });
  const sound = element("button", {
    type: "button",
    class: "cu-button",
    "aria-pressed": "false",
    text: "Sound as you step",
  });
  // The table can scroll, so it takes focus: keyboard users scroll it with the arrow keys.
  const numbers = element("div", {
    id: `${id}-numbers`,
    class: "cu-numbers-box",
    role: "region",
    tabindex: "0",
    "aria-label": "The chart's numbers",
    hidden: "",
  });
  const buttons = element("div", { class: "cu-chart-buttons" }, [toggle, sound]);
  el.classList.add("cu-chart-figure");
  el.append(canvas, help, status, buttons, numbers);

  let url = null;
  let at = { series: 0, point: 0 };

  const all = () => model.get("series") || [];
  const fill = () => {
    if (numbers.hidden) return;
    numbers.replaceChildren(...all().map(table));
  };
  const picture = () => {
    const bytes = model.get("png");
    if (url) URL.revokeObjectURL(url);
    url = bytes ? URL.createObjectURL(new Blob([bytes], { type: "image/png" })) : null;
    if (url) image.src = url;
    image.alt = model.get("alt");
    canvas.setAttribute("aria-label", `${model.get("label")} (simulated). Interactive chart.`);
  };
  const announce = () => {
    const series = all()[at.series];
    if (!series || !series.points.length) return;
    at.point = Math.min(at.point, series.points.length - 1);
    status.textContent = say(series, at.point);
    if (sound.getAttribute("aria-pressed") === "true") {
      const [low, high] = range(series);
      tone(series.points[at.point][1], low, high);
    }
  };
  const play = () => {
    const series = all()[at.series];
    if (!series) return;
    const [low, high] = range(series);
    series.points.forEach(([, y], i) => tone(y, low, high, i * 0.2));
    status.textContent = `Playing ${series.name}: higher tones are higher values.`;
  };

  canvas.addEventListener("keydown", (event) => {
    const count = all().length;
    if (!count) return;
    const last = () => all()[at.series].points.length - 1;
    const moves = {
      ArrowRight: () => (at.point = Math.min(at.point + 1, last())),
      ArrowLeft: () => (at.point = Math.max(at.point - 1, 0)),
      ArrowDown: () => ((at.series = (at.series + 1) % count), (at.point = 0)),
      ArrowUp: () => ((at.series = (at.series - 1 + count) % count), (at.point = 0)),
      Home: () => (at.point = 0),
      End: () => (at.point = last()),
    };
    if (event.key in moves) {
      moves[event.key]();
      announce();
    } else if (event.key === "Enter" || event.key === " ") {
      play();
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  });
  toggle.addEventListener("click", () => {
    const open = numbers.hidden;
    numbers.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? "Hide the numbers" : "Show the numbers";
    fill();
  });
  sound.addEventListener("click", () => {
    const on = sound.getAttribute("aria-pressed") !== "true";
    sound.setAttribute("aria-pressed", String(on));
  });

  const changed = () => {
    picture();
    fill();
    at.series = Math.min(at.series, Math.max(all().length - 1, 0));
  };
  model.on("change:png", changed);
  model.on("change:series", fill);
  picture();
  return () => url && URL.revokeObjectURL(url);
}

export default { render };
