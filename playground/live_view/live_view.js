// The Train page's live view: a run's trajectory, played back at the display's rate.
//
// Streamlit (Components v2) calls the default export on mount and again each time the
// data changes, with the same parentElement (an open shadow root). One LiveView per
// parentElement keeps the playback going across those calls: a payload of the same
// playback with the next segment number is appended to what is playing; a new playback
// id starts afresh from the payload's "start" snapshot. The payload format is described
// in logreg/trajectory.py. Events go back with setTriggerValue (they are described in
// the Python wrapper's docstring, playground/live_view/__init__.py).
//
// Drawing is planned for a browser without a GPU, where every canvas pixel a frame
// touches costs main-thread time: a curve canvas only gains the new stretch of line each
// frame; the sigmoid view copies a cached background and blends 360 ready-made dot
// pictures into one pixel buffer; the heatmaps are 8x8 canvases scaled up by CSS; text
// nodes are written only when their text changes, and the numbers about ten times a
// second while playing. Every payload is decoded once into typed arrays.

const VIEWS = new WeakMap(); // parentElement -> LiveView

export default function liveView(component) {
  const { parentElement, data, setTriggerValue } = component;
  let view = VIEWS.get(parentElement);
  if (!view || view.destroyed) {
    view = new LiveView(parentElement);
    VIEWS.set(parentElement, view);
  }
  view.send = setTriggerValue;
  view.receive(data);
  // Streamlit calls the cleanup when the element goes away; a re-render with new data
  // calls us again on the same parentElement, so only a disconnected view is torn down.
  return () => view.destroySoon();
}

// --- colours and numbers -------------------------------------------------------------

// The playground's colours (playground/palette.py), read from the CSS variables the
// component's stylesheet sets (readColors): the curves of the training set (thick, drawn
// first) and the test set (thin, on top), the negative digit (label 0), the positive one.
let TRAIN, TEST, NEG, POS;

function readColors(element) {
  const style = getComputedStyle(element);
  const v = (name) => style.getPropertyValue(name).trim();
  [TRAIN, TEST, NEG, POS] = [v("--pg-train"), v("--pg-test"), v("--pg-negative"), v("--pg-positive")];
}

// ColorBrewer RdBu, reversed (plotly's "RdBu_r", palette.DIVERGING; a test holds them equal): blue (negative weights) - white (0) - red (positive)
const RDBU = [[5, 48, 97], [33, 102, 172], [67, 147, 195], [146, 197, 222],
  [209, 229, 240], [247, 247, 247], [253, 219, 199], [244, 165, 130], [214, 96, 77],
  [178, 24, 43], [103, 0, 31]];
const LUT = (() => { // 256 RGB triples from -limit to +limit
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (RDBU.length - 1);
    const k = Math.min(RDBU.length - 2, Math.floor(t));
    const f = t - k;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = RDBU[k][c] * (1 - f) + RDBU[k + 1][c] * f;
  }
  return lut;
})();
const Z_LIMIT = 10; // the sigmoid view shows z in [-10, 10]; farther dots sit at the edge
const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
const MINUS = "\u2212";

function stripZeros(text) {
  return text.includes(".") && !text.includes("e") ? text.replace(/\.?0+$/, "") : text;
}

// A number as a student reads it: 0.066, 12.5, -8.3 × 10⁻⁴ (never "e-04" or "μ").
function fmt(x, digits = 2) {
  if (!Number.isFinite(x)) return x > 0 ? "∞" : x < 0 ? `${MINUS}∞` : "0";
  if (x === 0) return "0";
  const sign = x < 0 ? MINUS : "";
  const a = Math.abs(x);
  if (a >= 1e4 || a < 1e-2) {
    let e = Math.floor(Math.log10(a));
    let m = Number((a / 10 ** e).toPrecision(digits));
    if (m >= 10) { m /= 10; e += 1; }
    const exp = String(e).split("").map((ch) => SUPERSCRIPT[ch]).join("");
    return `${sign}${stripZeros(m.toPrecision(digits))} × 10${exp}`;
  }
  if (a >= 100) return sign + a.toFixed(0);
  if (a >= 10) return sign + stripZeros(a.toFixed(1));
  if (a >= 1) return sign + stripZeros(a.toFixed(2));
  return sign + stripZeros(a.toPrecision(digits));
}

function fmtCost(c) {
  return c >= 1e-3 && c < 1e4 ? c.toFixed(4) : fmt(c, 3);
}

function fmtPercent(a) {
  return `${(100 * a).toFixed(2)}%`;
}

// The smallest "nice" number (1, 2 or 5 times a power of ten) >= x.
function niceCeil(x) {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const e = Math.floor(Math.log10(x));
  const f = x / 10 ** e;
  const n = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return Number((n * 10 ** e).toPrecision(3));
}

// The colour scale's end: the next of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten
// (fine steps, so the strongest weight is nearly full colour).
function scaleCeil(x) {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const e = Math.floor(Math.log10(x));
  const f = x / 10 ** e;
  const n = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((step) => f <= step + 1e-9);
  return Number((n * 10 ** e).toPrecision(3));
}

// Ticks from 0 up to at least max, about `count` steps of a nice size.
function niceTicks(max, count) {
  const raw = max / count;
  const e = Math.floor(Math.log10(raw));
  const f = raw / 10 ** e;
  const step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * 10 ** e;
  const ticks = [];
  for (let k = 0; k * step <= max * (1 + 1e-9); k++) ticks.push(Number((k * step).toPrecision(6)));
  return ticks;
}

function decode(text, Type) {
  if (!text) return new Type(0);
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return Type === Uint8Array ? bytes : new Type(bytes.buffer);
}

function el(tag, className, attrs = {}, parent = null) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

// A text node whose text is only written when it changes (no needless layout).
class Text {
  constructor(parent, text = "") {
    this.node = document.createTextNode(text);
    this.value = text;
    parent.appendChild(this.node);
  }

  set(text) {
    if (text !== this.value) {
      this.value = text;
      this.node.data = text;
    }
  }
}

const PLAY_ICON = '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path d="M8 5.5v13l10.5-6.5z" fill="currentColor"/></svg>';
const PAUSE_ICON = '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path d="M7 5h3.6v14H7zM13.4 5H17v14h-3.6z" fill="currentColor"/></svg>';

// --- canvases sized to their box (device pixels), the last one labelled for readers ----

class Layers {
  constructor(parent, label, count) {
    this.box = el("div", "lv-canvas-box", {}, parent);
    this.canvases = [];
    for (let k = 0; k < count; k++) {
      const last = k === count - 1;
      this.canvases.push(el("canvas", "", last ? { role: "img", "aria-label": label } : { "aria-hidden": "true" }, this.box));
    }
    this.width = 0;
    this.height = 0;
    this.dpr = 1;
  }

  // Size the backing stores to the box; true if anything changed.
  resize() {
    const width = this.box.clientWidth;
    const height = this.box.clientHeight;
    const dpr = window.devicePixelRatio || 1;
    if (width === this.width && height === this.height && dpr === this.dpr) return false;
    this.width = width;
    this.height = height;
    this.dpr = dpr;
    for (const canvas of this.canvases) {
      canvas.width = Math.max(1, Math.round(width * dpr));
      canvas.height = Math.max(1, Math.round(height * dpr));
    }
    return true;
  }

  // A cleared 2D context of canvas k, in CSS pixels.
  context(k) {
    const ctx = this.canvases[k].getContext("2d");
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    return ctx;
  }
}

// --- the curves: cost or accuracy, train and test, growing with the frames ----------
//
// Drawn incrementally: each frame adds only the new stretch of line to the canvas (a
// software-rendered canvas pays for every pixel of path it rasterises), and the two
// dots at the head of the curves are small elements moved by a transform.

class CurveChart {
  constructor(parent, { title, keys, names, format, percent, label }) {
    this.panel = el("section", "lv-panel lv-chart", {}, parent);
    el("div", "lv-title", {}, this.panel).textContent = title;
    const legend = el("div", "lv-legend", {}, this.panel);
    this.values = [];
    [TRAIN, TEST].forEach((color, k) => {
      const row = el("div", "lv-legend-row", {}, legend);
      el("span", `lv-swatch lv-swatch-${k ? "test" : "train"}`, { "aria-hidden": "true" }, row);
      el("span", "lv-legend-name", {}, row).textContent = `${names[k]} `;
      const value = el("span", "lv-number", {}, row);
      this.values.push(new Text(value, ""));
    });
    this.layers = new Layers(this.panel, label, 1);
    this.heads = ["train", "test"].map((k) => el("div", `lv-head lv-head-${k}`, { "aria-hidden": "true" }, this.layers.box));
    this.keys = keys; // e.g. ["train_cost", "test_cost"]
    this.format = format;
    this.percent = percent;
    this.yMax = 1;
    this.xMax = 1;
    this.drawn = 0; // points of the store already on the canvas
  }

  plot() { // the plotting rectangle inside the canvas
    const { width, height } = this.layers;
    return { left: 40, right: width - 10, top: 8, bottom: height - 22 };
  }

  x(it, p) { return p.left + (it / this.xMax) * (p.right - p.left); }

  y(v, p) {
    const f = Math.min(1.04, Math.max(0, v / this.yMax));
    return p.bottom - f * (p.bottom - p.top);
  }

  // Everything again: axes, ticks and the curves up to `visible` points.
  redraw(view, store, visible) {
    const ctx = this.layers.context(0);
    const p = this.plot();
    const theme = view.theme;
    ctx.font = `13px ${theme.font}`;
    ctx.lineWidth = 1;
    ctx.textBaseline = "middle";
    ctx.textAlign = "right";
    const yTicks = this.percent ? [0, 0.25, 0.5, 0.75, 1] : niceTicks(this.yMax, 4);
    for (const t of yTicks) {
      const y = Math.round(this.y(t, p)) + 0.5;
      ctx.strokeStyle = theme.grid;
      ctx.beginPath(); ctx.moveTo(p.left, y); ctx.lineTo(p.right, y); ctx.stroke();
      ctx.fillStyle = theme.text;
      ctx.fillText(this.percent ? String(Math.round(t * 100)) : stripZeros(String(t)), p.left - 5, y);
    }
    ctx.textBaseline = "top";
    for (const t of niceTicks(this.xMax, 3)) {
      const x = this.x(t, p);
      ctx.strokeStyle = theme.axis;
      ctx.beginPath(); ctx.moveTo(Math.round(x) + 0.5, p.bottom); ctx.lineTo(Math.round(x) + 0.5, p.bottom + 4); ctx.stroke();
      ctx.fillStyle = theme.text;
      ctx.textAlign = t === 0 ? "left" : x > p.right - 14 ? "right" : "center";
      ctx.fillText(t >= 10000 ? `${t / 1000}k` : String(t), t === 0 ? x - 3 : x, p.bottom + 6);
    }
    ctx.strokeStyle = theme.axis;
    ctx.beginPath(); ctx.moveTo(p.left + 0.5, p.top); ctx.lineTo(p.left + 0.5, p.bottom + 0.5); ctx.lineTo(p.right, p.bottom + 0.5); ctx.stroke();
    this.drawn = 0;
    this.extend(store, visible);
  }

  // Add the stretch from the last point drawn to point `visible` (train underneath,
  // thick; test on top, thin, redrawn from one point earlier so the train line's new
  // round cap never hides it).
  extend(store, visible) {
    if (visible <= this.drawn) return;
    const L = this.layers;
    const ctx = L.canvases[0].getContext("2d");
    ctx.setTransform(L.dpr, 0, 0, L.dpr, 0, 0);
    const p = this.plot();
    ctx.lineJoin = "round";
    ctx.lineCap = "round";
    [[this.keys[0], TRAIN, 4.5, 1], [this.keys[1], TEST, 2, 2]].forEach(([key, color, width, back]) => {
      const from = Math.max(0, this.drawn - back);
      if (visible - from < 2) return;
      const values = store[key];
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.beginPath();
      for (let i = from; i < visible; i++) {
        const x = this.x(store.iteration[i], p);
        const y = this.y(values[i], p);
        if (i === from) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      }
      ctx.stroke();
    });
    this.drawn = visible;
  }

  // Show the curves up to point `visible`: the new stretch, the heads, and (when
  // `readout`) the numbers.
  drawFrame(view, store, visible, readout) {
    if (visible < this.drawn) this.redraw(view, store, visible); // went back: start over
    else this.extend(store, visible);
    const last = visible - 1;
    if (last < 0) return;
    const p = this.plot();
    const x = this.x(store.iteration[last], p);
    for (let k = 0; k < 2; k++) {
      this.heads[k].style.transform = `translate(${x.toFixed(1)}px, ${this.y(store[this.keys[k]][last], p).toFixed(1)}px)`;
      if (readout) this.values[k].set(this.format(store[this.keys[k]][last]));
    }
  }
}

// --- an 8x8 heatmap with its colour bar ------------------------------------------------

class Heatmap {
  constructor(parent, { name, scalarName, label }) {
    this.panel = el("section", "lv-panel lv-heat", {}, parent);
    const title = el("div", "lv-title", {}, this.panel);
    title.appendChild(document.createTextNode(`${name} (`));
    this.scalar = new Text(title, "");
    title.appendChild(document.createTextNode(")"));
    this.scalarName = scalarName;
    const row = el("div", "lv-heat-row", {}, this.panel);
    this.canvas = el("canvas", "lv-heat-map", { width: 8, height: 8, role: "img", "aria-label": label }, row);
    this.ctx = this.canvas.getContext("2d");
    this.image = this.ctx.createImageData(8, 8);
    const bar = el("div", "lv-colorbar", {}, row);
    const gradient = el("canvas", "lv-colorbar-ramp", { width: 1, height: 256, role: "img",
      "aria-label": "Colour scale: blue is negative, white zero, red positive" }, bar);
    const g = gradient.getContext("2d");
    const ramp = g.createImageData(1, 256);
    for (let i = 0; i < 256; i++) { // top = +limit (red)
      const k = 255 - i;
      ramp.data.set([LUT[k * 3], LUT[k * 3 + 1], LUT[k * 3 + 2], 255], i * 4);
    }
    g.putImageData(ramp, 0, 0);
    const ticks = el("div", "lv-colorbar-ticks", {}, bar);
    this.ticks = ["lv-tick-top", "lv-tick-mid", "lv-tick-bottom"].map((c) => new Text(el("span", c, {}, ticks), ""));
    this.limit = 0;
  }

  // The picture of `values` (64 from `offset`); with `readout`, also the title's number
  // and the colour scale (between readouts the scale stays, so colours match its ticks).
  draw(values, offset, scalar, readout) {
    if (readout || !this.limit) {
      let max = 0;
      for (let k = 0; k < 64; k++) max = Math.max(max, Math.abs(values[offset + k]));
      const limit = scaleCeil(Math.max(max, 1e-12));
      if (limit !== this.limit) {
        this.limit = limit;
        this.ticks[0].set(fmt(limit));
        this.ticks[1].set("0");
        this.ticks[2].set(fmt(-limit));
      }
      this.scalar.set(`${this.scalarName} = ${fmt(scalar)}`);
    }
    const limit = this.limit;
    const data = this.image.data;
    for (let k = 0; k < 64; k++) {
      const v = values[offset + k] / limit;
      const i = Math.max(0, Math.min(255, Math.round((v * 0.5 + 0.5) * 255))) * 3;
      data[k * 4] = LUT[i]; data[k * 4 + 1] = LUT[i + 1]; data[k * 4 + 2] = LUT[i + 2]; data[k * 4 + 3] = 255;
    }
    this.ctx.putImageData(this.image, 0, 0);
  }
}

// --- every image as a dot on the sigmoid ------------------------------------------------

class SigmoidView {
  constructor(parent) {
    this.panel = el("section", "lv-panel lv-sigmoid", { "data-dots": "0", "data-train-mistakes": "0", "data-test-mistakes": "0" }, parent);
    this.title = new Text(el("div", "lv-title", {}, this.panel), "Every image on the sigmoid");
    const legend = el("div", "lv-legend", {}, this.panel);
    const row1 = el("div", "lv-legend-row", {}, legend);
    this.digitNames = [];
    [["neg", NEG], ["pos", POS]].forEach(([cls]) => {
      el("span", `lv-dot lv-dot-${cls}`, { "aria-hidden": "true" }, row1);
      this.digitNames.push(new Text(el("span", "lv-legend-name", {}, row1), ""));
    });
    el("span", "lv-dot lv-dot-train", { "aria-hidden": "true" }, row1);
    el("span", "lv-legend-name", {}, row1).textContent = "train ";
    el("span", "lv-dot lv-dot-test", { "aria-hidden": "true" }, row1);
    el("span", "lv-legend-name", {}, row1).textContent = "test";
    const row2 = el("div", "lv-legend-row", {}, legend);
    el("span", "lv-dot lv-dot-mistake", { "aria-hidden": "true" }, row2);
    this.mistakes = new Text(el("span", "lv-legend-name", {}, row2), "mistakes");
    this.layers = new Layers(this.panel, "Every image as a dot at z and sigma of z: training images filled, test images hollow, mistakes ringed", 1);
    this.tip = el("div", "lv-tip", { "aria-hidden": "true" }, this.panel);
    this.tipCanvas = el("canvas", "lv-tip-image", { width: 8, height: 8 }, this.tip);
    this.tipImage = this.tipCanvas.getContext("2d").createImageData(8, 8);
    const tipText = el("div", "lv-tip-text", {}, this.tip);
    this.tipLines = ["", "", "", "lv-tip-verdict"].map((c) => new Text(el("div", c, {}, tipText)));
    this.hover = -1;
    this.count = 0;
    this.layers.box.addEventListener("pointermove", (e) => this.onPointer(e));
    this.layers.box.addEventListener("pointerleave", () => this.setHover(-1));
    this.sprites = null;
    this.ringColor = "#000000";
  }

  setImages(images, digits, split, negative, positive) {
    const m = digits.length;
    this.count = m;
    this.counts = images; // Uint8Array m*64, 0-16
    this.x = new Float32Array(m * 64);
    for (let i = 0; i < m * 64; i++) this.x[i] = images[i] / 16; // the tutorial's scaling
    this.digits = Int32Array.from(digits);
    this.test = Uint8Array.from(split);
    this.label = Uint8Array.from(digits, (d) => (d === positive ? 1 : 0));
    this.mTrain = this.test.reduce((s, t) => s + (t ? 0 : 1), 0);
    this.z = new Float32Array(m);
    this.px = new Float32Array(m);
    this.py = new Float32Array(m);
    this.wrong = new Uint8Array(m);
    this.negative = negative;
    this.positive = positive;
    this.digitNames[0].set(`${negative} `);
    this.digitNames[1].set(`${positive} `);
    this.title.set(`Every image on the sigmoid: P(${positive}) = σ(z)`);
    this.panel.setAttribute("data-dots", String(m));
    this.trainMistakes = -1;
    this.testMistakes = -1;
  }

  plot() {
    const { width, height } = this.layers;
    return { left: 34, right: width - 10, top: 8, bottom: height - 22 };
  }

  sx(z, p) { return p.left + ((Math.max(-Z_LIMIT, Math.min(Z_LIMIT, z)) + Z_LIMIT) / (2 * Z_LIMIT)) * (p.right - p.left); }

  sy(a, p) { return p.bottom - a * (p.bottom - p.top); }

  // One small picture per kind of dot, drawn once and kept as the list of its pixels:
  // a frame copies the background's pixels and blends the dots' pixels over them in
  // one buffer (a software canvas would rasterise 360 circles, or snapshot 360 images,
  // every frame: several times slower).
  makeSprites() {
    const dpr = this.layers.dpr;
    const r = 4.5;
    const size = Math.ceil((2 * (r + 4)) * dpr);
    const make = (paint) => {
      const canvas = document.createElement("canvas");
      canvas.width = size;
      canvas.height = size;
      const ctx = canvas.getContext("2d", { willReadFrequently: true });
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.translate(size / dpr / 2, size / dpr / 2);
      paint(ctx);
      const rgba = ctx.getImageData(0, 0, size, size).data;
      const dx = []; const dy = []; const color = []; const alpha = [];
      for (let k = 0; k < size * size; k++) {
        const a = rgba[k * 4 + 3];
        if (a === 0) continue;
        dx.push((k % size) - (size >> 1));
        dy.push(Math.floor(k / size) - (size >> 1));
        // un-premultiplied colour, packed as the little-endian RGBA word of a pixel
        color.push((0xff000000 | (rgba[k * 4 + 2] << 16) | (rgba[k * 4 + 1] << 8) | rgba[k * 4]) >>> 0);
        alpha.push(a);
      }
      return {
        dx: Int32Array.from(dx), dy: Int32Array.from(dy), color: Uint32Array.from(color),
        alpha: Uint8Array.from(alpha), offset: Int32Array.from(dy, () => 0),
        x0: Math.min(...dx), x1: Math.max(...dx), y0: Math.min(...dy), y1: Math.max(...dy),
      };
    };
    const dot = (color, test) => make((ctx) => {
      ctx.beginPath();
      ctx.arc(0, 0, test ? r - 0.5 : r, 0, 2 * Math.PI);
      if (test) {
        ctx.fillStyle = "#ffffff"; ctx.fill();
        ctx.lineWidth = 2; ctx.strokeStyle = color; ctx.stroke();
      } else {
        ctx.fillStyle = color; ctx.fill();
        ctx.lineWidth = 0.8; ctx.strokeStyle = "rgba(255, 255, 255, 0.9)"; ctx.stroke();
      }
    });
    // index: test * 2 + label; 4 is the mistake ring
    this.sprites = [dot(NEG, false), dot(POS, false), dot(NEG, true), dot(POS, true), make((ctx) => {
      ctx.beginPath(); ctx.arc(0, 0, r + 2.6, 0, 2 * Math.PI);
      ctx.lineWidth = 1.8; ctx.strokeStyle = this.ringColor; ctx.stroke(); // the text's colour
    })];
  }

  // Blend sprite k centred on device pixel (cx, cy) into the frame's pixels (a
  // Uint32Array over opaque RGBA bytes: one write per opaque pixel).
  blend(pixels, width, height, k, cx, cy) {
    const { offset, dx, dy, color, alpha, x0, x1, y0, y1 } = this.sprites[k];
    const inside = cx + x0 >= 0 && cx + x1 < width && cy + y0 >= 0 && cy + y1 < height;
    const at = cy * width + cx;
    for (let j = 0; j < color.length; j++) {
      if (!inside) {
        const x = cx + dx[j];
        const y = cy + dy[j];
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
      }
      const o = at + offset[j] + dx[j];
      const a = alpha[j];
      if (a === 255) { pixels[o] = color[j]; continue; }
      const src = color[j];
      const dst = pixels[o];
      const b = 255 - a;
      const r = ((src & 255) * a + (dst & 255) * b) / 255;
      const g = (((src >>> 8) & 255) * a + ((dst >>> 8) & 255) * b) / 255;
      const bl = (((src >>> 16) & 255) * a + ((dst >>> 16) & 255) * b) / 255;
      pixels[o] = 0xff000000 | (bl << 16) | (g << 8) | r;
    }
  }

  // The axes, the curve and the threshold, drawn off screen once (per size or theme);
  // each frame starts from a copy of these pixels.
  drawBackground(view) {
    const L = this.layers;
    this.ringColor = view.theme.text;
    this.makeSprites();
    const canvas = document.createElement("canvas");
    canvas.width = L.canvases[0].width;
    canvas.height = L.canvases[0].height;
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    ctx.setTransform(L.dpr, 0, 0, L.dpr, 0, 0);
    const p = this.plot();
    const theme = view.theme;
    ctx.fillStyle = theme.background; // opaque: the dots are blended over these pixels
    ctx.fillRect(0, 0, L.width, L.height);
    ctx.font = `13px ${theme.font}`;
    ctx.lineWidth = 1;
    ctx.fillStyle = theme.text;
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const a of [0, 0.5, 1]) {
      const y = Math.round(this.sy(a, p)) + 0.5;
      ctx.strokeStyle = theme.grid;
      ctx.setLineDash(a === 0.5 ? [5, 4] : []);
      ctx.strokeStyle = a === 0.5 ? theme.text : theme.grid;
      ctx.beginPath(); ctx.moveTo(p.left, y); ctx.lineTo(p.right, y); ctx.stroke();
      ctx.fillText(String(a), p.left - 5, y);
    }
    ctx.setLineDash([]);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const z of [-10, -5, 0, 5, 10]) {
      const x = Math.round(this.sx(z, p)) + 0.5;
      ctx.strokeStyle = theme.axis;
      ctx.beginPath(); ctx.moveTo(x, p.bottom); ctx.lineTo(x, p.bottom + 4); ctx.stroke();
      ctx.fillText(z < 0 ? `${MINUS}${-z}` : String(z), x, p.bottom + 6);
    }
    // which side of the threshold says what
    ctx.textAlign = "left";
    ctx.textBaseline = "bottom";
    ctx.fillText(`above: says ${this.positive ?? ""}`, p.left + 5, this.sy(0.5, p) - 3);
    ctx.textAlign = "right";
    ctx.textBaseline = "top";
    ctx.fillText(`below: says ${this.negative ?? ""}`, p.right - 3, this.sy(0.5, p) + 4);
    // the sigmoid itself
    ctx.strokeStyle = theme.curve;
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let k = 0; k <= 120; k++) {
      const z = -Z_LIMIT + (2 * Z_LIMIT * k) / 120;
      const x = this.sx(z, p);
      const y = this.sy(1 / (1 + Math.exp(-z)), p);
      if (k === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    }
    ctx.stroke();
    ctx.strokeStyle = theme.axis;
    ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(p.left + 0.5, p.top); ctx.lineTo(p.left + 0.5, p.bottom + 0.5); ctx.lineTo(p.right, p.bottom + 0.5); ctx.stroke();
    this.background = new Uint32Array(ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
    this.frame = ctx.createImageData(canvas.width, canvas.height);
    this.pixels = new Uint32Array(this.frame.data.buffer);
    for (const sprite of this.sprites) sprite.offset = Int32Array.from(sprite.dy, (y) => y * canvas.width);
  }

  draw(w, offset, b, readout) {
    const m = this.count;
    if (!m) return;
    const L = this.layers;
    const p = this.plot();
    const x = this.x;
    let trainWrong = 0;
    let testWrong = 0;
    for (let i = 0; i < m; i++) { // forward: z = w·x + b, then where it sits on the curve
      let z = b;
      const base = i * 64;
      for (let k = 0; k < 64; k++) z += w[offset + k] * x[base + k];
      this.z[i] = z;
      this.px[i] = this.sx(z, p);
      this.py[i] = this.sy(1 / (1 + Math.exp(-Math.max(-50, Math.min(50, z)))), p);
      const wrong = (z > 0 ? 1 : 0) !== this.label[i] ? 1 : 0;
      this.wrong[i] = wrong;
      if (wrong) { if (this.test[i]) testWrong++; else trainWrong++; }
    }
    // train dots filled, test dots hollow; mistakes last, ringed in the text's colour
    if (!this.frame) return;
    const { width, height } = this.frame;
    const pixels = this.pixels;
    pixels.set(this.background);
    const dpr = L.dpr;
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < m; i++) {
        if (this.wrong[i] !== pass) continue;
        const cx = Math.round(this.px[i] * dpr);
        const cy = Math.round(this.py[i] * dpr);
        this.blend(pixels, width, height, this.test[i] * 2 + this.label[i], cx, cy);
        if (pass) this.blend(pixels, width, height, 4, cx, cy);
      }
    }
    L.canvases[0].getContext("2d").putImageData(this.frame, 0, 0);
    if (readout && (trainWrong !== this.trainMistakes || testWrong !== this.testMistakes)) {
      this.trainMistakes = trainWrong;
      this.testMistakes = testWrong;
      this.panel.setAttribute("data-train-mistakes", String(trainWrong));
      this.panel.setAttribute("data-test-mistakes", String(testWrong));
      this.mistakes.set(`mistakes: train ${trainWrong} / ${this.mTrain}, test ${testWrong} / ${m - this.mTrain}`);
    }
    if (this.hover >= 0) this.showTip(this.hover);
  }

  onPointer(event) {
    if (!this.count) return;
    const rect = this.layers.box.getBoundingClientRect();
    const mx = event.clientX - rect.left;
    const my = event.clientY - rect.top;
    let best = -1;
    let bestD = 100; // within 10 px
    for (let i = 0; i < this.count; i++) {
      const d = (this.px[i] - mx) ** 2 + (this.py[i] - my) ** 2;
      if (d < bestD) { bestD = d; best = i; }
    }
    this.setHover(best);
  }

  setHover(i) {
    this.hover = i;
    if (i < 0) { this.tip.classList.remove("lv-tip-on"); return; }
    this.tip.classList.add("lv-tip-on"); // shown first: its size places it
    this.showTip(i);
  }

  showTip(i) {
    const data = this.tipImage.data;
    for (let k = 0; k < 64; k++) { // grey ink on white paper
      const v = 255 - Math.round((this.counts[i * 64 + k] / 16) * 255);
      data[k * 4] = v; data[k * 4 + 1] = v; data[k * 4 + 2] = v; data[k * 4 + 3] = 255;
    }
    this.tipCanvas.getContext("2d").putImageData(this.tipImage, 0, 0);
    const z = this.z[i];
    const prob = 1 / (1 + Math.exp(-Math.max(-50, Math.min(50, z))));
    this.tipLines[0].set(`a ${this.test[i] ? "test" : "training"} image of ${this.digits[i]}`);
    this.tipLines[1].set(`P(${this.positive}) = ${prob >= 0.001 && prob <= 0.999 ? prob.toFixed(3) : fmt(prob)}`);
    this.tipLines[2].set(`z = w·x + b = ${fmt(z)}`);
    const says = z > 0 ? this.positive : this.negative;
    this.tipLines[3].set(this.wrong[i] ? `mistake: it says ${says}` : `right: it says ${says}`);
    // beside the dot, inside the panel's height (the page may clip below the view)
    const left = this.layers.box.offsetLeft + this.px[i];
    const top = this.layers.box.offsetTop + this.py[i];
    const width = this.tip.offsetWidth;
    const height = this.tip.offsetHeight;
    const x = left + 14 + width > this.panel.clientWidth + 120 ? left - 14 - width : left + 14;
    const y = Math.max(0, Math.min(this.panel.clientHeight - height, top - height / 2));
    this.tip.style.transform = `translate(${x}px, ${y}px)`;
  }
}

// --- the whole view --------------------------------------------------------------------

class LiveView {
  constructor(parentElement) {
    this.parent = parentElement;
    this.destroyed = false;
    this.nonce = Math.random().toString(36).slice(2, 8);
    this.seq = 0;
    this.clicks = 0;
    this.send = null;
    this.pb = null; // the playback: id, segments, curve store, state
    this.imagesKey = null;
    this.shownKey = "";
    this.lastReadout = -1e9;
    this.readoutStale = false;
    this.raf = 0;
    this.wake = 0;
    this.tick = this.tick.bind(this);
    this.reduced = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : { matches: false };
    this.build();
    this.readTheme();
    this.resizeObserver = new ResizeObserver(() => this.layout());
    for (const box of [this.cost.layers.box, this.accuracy.layers.box, this.sigmoid.layers.box]) this.resizeObserver.observe(box);
  }

  build() {
    this.root = el("div", "lv-root", { "data-testid": "liveView", "data-state": "idle" }, this.parent);
    readColors(this.root);
    const top = el("div", "lv-top", {}, this.root);
    this.button = el("button", "lv-button", { type: "button" }, top);
    this.button.addEventListener("click", () => this.onButton());
    this.buttonLabel = null;
    this.progress = el("div", "lv-progress", { role: "progressbar", "aria-label": "Training progress", "aria-valuemin": "0", "aria-valuemax": "1", "aria-valuenow": "0" }, top);
    this.progressText = new Text(el("div", "lv-progress-text", { "data-testid": "liveViewProgressText" }, this.progress), "Iteration 0 / 1");
    const track = el("div", "lv-track", {}, this.progress);
    this.fill = el("div", "lv-fill", {}, track);
    const panels = el("div", "lv-panels", {}, this.root);
    this.cost = new CurveChart(panels, { title: "Cost (lower is better)", keys: ["train_cost", "test_cost"], names: ["train cost", "test cost"], format: fmtCost, percent: false, label: "Cost curves: training and test cost by iteration" });
    this.accuracy = new CurveChart(panels, { title: "Accuracy (%)", keys: ["train_accuracy", "test_accuracy"], names: ["train accuracy", "test accuracy"], format: fmtPercent, percent: true, label: "Accuracy curves: training and test accuracy by iteration" });
    this.sigmoid = new SigmoidView(panels);
    this.weights = new Heatmap(panels, { name: "Weights w", scalarName: "bias b", label: "The 64 weights as an 8 by 8 picture: red pushes toward the positive digit, blue toward the negative one" });
    this.gradient = new Heatmap(panels, { name: "Gradient dw", scalarName: "db", label: "The gradient dw as an 8 by 8 picture: each weight moves against its colour" });
    this.setButton("Play", true);
  }

  readTheme() {
    const cs = getComputedStyle(this.root);
    const v = (name, fallback) => (cs.getPropertyValue(name) || "").trim() || fallback;
    const theme = {
      text: v("--st-text-color", "#111111"),
      font: cs.fontFamily || "sans-serif",
      background: v("--st-background-color", "#ffffff"),
      grid: "rgba(128, 128, 128, 0.22)",
      axis: "rgba(128, 128, 128, 0.75)",
    };
    theme.curve = theme.text;
    const key = JSON.stringify(theme);
    if (key !== this.themeKey) {
      this.themeKey = key;
      this.theme = theme;
      return true;
    }
    return false;
  }

  // -- data in ---------------------------------------------------------------------------

  receive(data) {
    if (!data || typeof data !== "object" || !data.frames) return;
    const themeChanged = this.readTheme();
    const pb = this.pb;
    if (pb && data.playback === pb.id) {
      if (data.segment > pb.lastSegment && !pb.stopped) this.append(data);
      else {
        if (data.animate === false && pb.state !== "playing" && pb.state !== "waiting") {
          // the server's still picture of what is on screen (after "ended" or "pause"):
          // nothing to draw, but it says whether the run can go on from here
          pb.canPlay = data.can_play !== false;
          this.setButton("Play", this.canPlay());
        }
        if (themeChanged) this.redrawAll();
      }
      return;
    }
    this.start(data);
  }

  // A new playback: the start snapshot first (it equals what was on screen when the
  // run continues), then its frames.
  start(data) {
    const imagesKey = `${data.negative}/${data.positive}/${data.split.join("")}/${data.images}`;
    if (imagesKey !== this.imagesKey) { // another pair or split: decode the images again
      this.imagesKey = imagesKey;
      this.sigmoid.setImages(decode(data.images, Uint8Array), data.digits, data.split, data.negative, data.positive);
    }
    const h = data.history;
    const capacity = h.iteration.length + data.frames.iteration.length + 16;
    const store = {
      length: 0,
      iteration: new Float64Array(capacity),
      train_cost: new Float32Array(capacity),
      test_cost: new Float32Array(capacity),
      train_accuracy: new Float32Array(capacity),
      test_accuracy: new Float32Array(capacity),
    };
    this.pb = {
      id: data.playback,
      n: data.num_iterations,
      canPlay: data.can_play !== false,
      segments: [],
      lastSegment: -1,
      store,
      state: "idle",
      stopped: false,
      current: 0, // index of the segment playing
      startFrame: this.decodeStart(data.start),
    };
    this.pushCurve(h.iteration, h);
    this.pending = false;
    this.append(data);
    this.updateRanges(true);
    this.shownKey = "";
    const seg = this.pb.segments[0];
    if (seg.animate && seg.count > 0) {
      this.show(null, -1);
      this.play();
    } else {
      this.finishInstantly();
    }
  }

  decodeStart(s) {
    return {
      iteration: s.iteration,
      w: decode(s.w, Float32Array),
      dw: decode(s.dw, Float32Array),
      b: s.b,
      db: s.db,
    };
  }

  pushCurve(iterations, columns) {
    const store = this.pb.store;
    const need = store.length + iterations.length;
    if (need > store.iteration.length) {
      const capacity = Math.max(need, store.iteration.length * 2);
      for (const key of ["iteration", "train_cost", "test_cost", "train_accuracy", "test_accuracy"]) {
        const grown = new store[key].constructor(capacity);
        grown.set(store[key].subarray(0, store.length));
        store[key] = grown;
      }
    }
    for (let i = 0; i < iterations.length; i++) {
      const j = store.length + i;
      store.iteration[j] = iterations[i];
      store.train_cost[j] = columns.train_cost[i];
      store.test_cost[j] = columns.test_cost[i];
      store.train_accuracy[j] = columns.train_accuracy[i];
      store.test_accuracy[j] = columns.test_accuracy[i];
    }
    store.length = need;
  }

  append(data) {
    const pb = this.pb;
    const f = data.frames;
    const seg = {
      segment: data.segment,
      final: !!data.final,
      animate: data.animate !== false,
      seconds: Math.max(0, Number(data.seconds) || 0),
      count: f.iteration.length,
      iteration: f.iteration,
      b: f.b,
      db: f.db,
      w: decode(f.w, Float32Array),
      dw: decode(f.dw, Float32Array),
      offset: pb.store.length, // where its frames sit in the curve store
      t0: null,
      askedMore: false,
    };
    pb.segments.push(seg);
    pb.lastSegment = data.segment;
    pb.n = data.num_iterations;
    pb.canPlay = data.can_play !== false;
    this.pushCurve(f.iteration, f);
    if (pb.segments.length > 1) {
      this.updateRanges(false);
      if (pb.state === "waiting") { // the last frame was held: go on from now
        pb.current = pb.segments.length - 1;
        seg.t0 = performance.now();
        this.play();
      }
    }
  }

  updateRanges(force) {
    const pb = this.pb;
    const store = pb.store;
    let cost = 0;
    for (let i = 0; i < store.length; i++) cost = Math.max(cost, store.train_cost[i], store.test_cost[i]);
    const yMax = niceCeil(cost * 1.02);
    const last = store.length ? store.iteration[store.length - 1] : 0;
    const xMax = Math.max(pb.n, last, 1);
    let changed = force;
    if (yMax !== this.cost.yMax || xMax !== this.cost.xMax) {
      this.cost.yMax = yMax;
      this.cost.xMax = xMax;
      changed = true;
    }
    if (xMax !== this.accuracy.xMax) {
      this.accuracy.xMax = xMax;
      changed = true;
    }
    this.progress.setAttribute("aria-valuemax", String(pb.n));
    if (changed) this.redrawAll();
  }

  // -- playing -------------------------------------------------------------------------------

  play() {
    const pb = this.pb;
    pb.state = "playing";
    const seg = pb.segments[pb.current];
    if (seg.t0 === null) seg.t0 = performance.now();
    this.root.setAttribute("data-state", "playing");
    this.setButton("Pause", true);
    clearTimeout(this.wake); // a sleep of an earlier playback: this one ticks now
    this.wake = 0;
    if (!this.raf) this.raf = requestAnimationFrame(this.tick);
  }

  tick(now) {
    this.raf = 0;
    const pb = this.pb;
    if (this.destroyed || !pb || pb.state !== "playing") return;
    if (!this.connected()) { this.destroy(); return; }
    for (;;) {
      const seg = pb.segments[pb.current];
      const duration = seg.seconds * 1000;
      let elapsed = now - seg.t0;
      if (this.reduced.matches && elapsed < duration) elapsed = Math.floor(elapsed / 250) * 250; // ~4 frames a second
      const j = duration > 0 ? Math.min(seg.count, Math.floor((elapsed / duration) * seg.count)) : seg.count;
      if (!seg.final && !seg.askedMore && elapsed >= 0.6 * duration) {
        seg.askedMore = true;
        this.emit("more", { playback: pb.id, segment: seg.segment });
      }
      if (j >= 1) this.show(seg, j - 1);
      if (j < seg.count) {
        // Nothing new to show until snapshot j is due: sleep until just before it
        // rather than wake on every display frame (each costs the page a frame's work).
        const due = seg.t0 + ((j + 1) / seg.count) * duration;
        const wait = due - now - 20;
        if (wait > 4 && !this.reduced.matches) {
          this.wake = setTimeout(() => {
            this.wake = 0;
            if (!this.destroyed && this.pb === pb && pb.state === "playing") this.raf = requestAnimationFrame(this.tick);
          }, wait);
          return;
        }
        break;
      }
      // this segment is done
      if (seg.final) {
        this.idle("idle");
        this.emit("ended", { playback: pb.id, segment: seg.segment, iteration: seg.iteration[seg.count - 1] });
        return;
      }
      const next = pb.segments[pb.current + 1];
      if (!next) { // hold the last frame until the next segment comes
        pb.state = "waiting";
        this.root.setAttribute("data-state", "waiting");
        return;
      }
      pb.current += 1;
      next.t0 = seg.t0 + duration;
      if (now - next.t0 > 250) next.t0 = now; // it came late: start it now
    }
    this.raf = requestAnimationFrame(this.tick);
  }

  // Not animated (Step, +100, Reset, a finished run drawn again): the end at once.
  finishInstantly() {
    const pb = this.pb;
    let last = null;
    for (const seg of pb.segments) if (seg.count) last = seg;
    pb.current = pb.segments.length - 1;
    if (last) this.show(last, last.count - 1); else this.show(null, -1);
    this.idle("idle");
  }

  idle(state) {
    const pb = this.pb;
    if (pb) pb.state = state;
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
    clearTimeout(this.wake);
    this.wake = 0;
    if (this.readoutStale) { // the numbers of exactly the frame on screen
      this.shownKey = "";
      this.show(this.shownSeg, this.shownIdx, true);
    }
    this.root.setAttribute("data-state", state);
    this.setButton("Play", this.canPlay());
  }

  canPlay() {
    const pb = this.pb;
    return !!pb && !this.pending && pb.canPlay && this.shownIteration < pb.n;
  }

  onButton() {
    const pb = this.pb;
    if (!pb) return;
    if (pb.state === "playing" || pb.state === "waiting") {
      pb.stopped = true; // later segments of this playback are not played
      const seg = pb.segments[pb.current];
      this.idle("paused");
      this.emit("pause", { playback: pb.id, segment: seg.segment, iteration: this.shownIteration, click: ++this.clicks });
    } else if (this.canPlay()) {
      this.pending = true; // until the server answers with a new playback
      clearTimeout(this.pendingTimer);
      this.pendingTimer = setTimeout(() => { this.pending = false; if (this.pb && this.pb.state !== "playing") this.setButton("Play", this.canPlay()); }, 5000);
      this.setButton("Play", false);
      this.emit("play", { playback: pb.id, iteration: this.shownIteration, click: ++this.clicks });
    }
  }

  setButton(label, enabled) {
    if (label !== this.buttonLabel) {
      this.buttonLabel = label;
      this.button.innerHTML = `${label === "Play" ? PLAY_ICON : PAUSE_ICON}<span>${label}</span>`;
    }
    this.button.disabled = !enabled;
  }

  emit(name, fields) {
    this.seq += 1;
    const value = { event: name, id: `${this.nonce}-${this.seq}`, seq: this.seq, ...fields };
    this.root.setAttribute("data-last-event", name);
    try {
      if (this.send) this.send(name, value);
    } catch (error) {
      console.warn("live view: could not send", name, error);
    }
  }

  // -- drawing ---------------------------------------------------------------------------

  // Show frame idx of segment seg (seg null: the playback's start snapshot). While
  // playing, the numbers (legends, titles, scales, mistakes) follow about ten times a
  // second: readable, and lighter than new text every frame; the progress text and the
  // pictures follow every frame. `exact` forces the numbers.
  show(seg, idx, exact = false) {
    const pb = this.pb;
    const key = seg ? `${seg.segment}:${idx}` : "start";
    if (key === this.shownKey) return;
    const now = performance.now();
    const readout = exact || pb.state !== "playing" || now - this.lastReadout >= 100;
    if (readout) this.lastReadout = now;
    this.readoutStale = !readout;
    this.shownKey = key;
    this.shownSeg = seg;
    this.shownIdx = idx;
    let iteration; let w; let dw; let offset; let b; let db;
    const visible = this.visibleFor(seg, idx);
    if (seg) {
      iteration = seg.iteration[idx];
      w = seg.w; dw = seg.dw; offset = idx * 64; b = seg.b[idx]; db = seg.db[idx];
    } else {
      const s = pb.startFrame;
      iteration = s.iteration; w = s.w; dw = s.dw; offset = 0; b = s.b; db = s.db;
    }
    this.shownIteration = iteration;
    this.shownVisible = visible;
    this.progressText.set(`Iteration ${iteration} / ${pb.n}`);
    const ariaNow = String(iteration);
    if (ariaNow !== this.ariaNow) {
      this.ariaNow = ariaNow;
      this.progress.setAttribute("aria-valuenow", ariaNow);
    }
    this.fill.style.transform = `scaleX(${Math.min(1, iteration / Math.max(1, pb.n))})`;
    this.cost.drawFrame(this, pb.store, visible, readout);
    this.accuracy.drawFrame(this, pb.store, visible, readout);
    if (w.length >= offset + 64) {
      this.weights.draw(w, offset, b, readout);
      this.gradient.draw(dw, offset, db, readout);
      this.sigmoid.draw(w, offset, b, readout);
    }
  }

  layout() {
    let changed = false;
    for (const layers of [this.cost.layers, this.accuracy.layers, this.sigmoid.layers]) changed = layers.resize() || changed;
    if (changed) this.redrawAll();
  }

  // How many points of the curve store are on screen with frame idx of seg (null:
  // the start snapshot, the last point of the history).
  visibleFor(seg, idx) {
    const pb = this.pb;
    if (seg) return seg.offset + idx + 1;
    return pb.segments.length ? pb.segments[0].offset : pb.store.length;
  }

  redrawAll() {
    if (!this.pb) return;
    for (const layers of [this.cost.layers, this.accuracy.layers, this.sigmoid.layers]) layers.resize();
    let { shownSeg: seg, shownIdx: idx } = this;
    if (!seg || !this.pb.segments.includes(seg)) { seg = null; idx = -1; }
    const visible = this.visibleFor(seg, idx);
    this.cost.redraw(this, this.pb.store, visible);
    this.accuracy.redraw(this, this.pb.store, visible);
    this.sigmoid.drawBackground(this);
    this.shownKey = "";
    this.show(seg, idx);
  }

  connected() {
    const host = this.parent.host || this.parent;
    return host.isConnected;
  }

  destroySoon() {
    setTimeout(() => { if (!this.connected()) this.destroy(); }, 0);
  }

  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
    clearTimeout(this.wake);
    this.wake = 0;
    clearTimeout(this.pendingTimer);
    this.resizeObserver.disconnect();
    VIEWS.delete(this.parent);
  }
}
