// Train's "Mistakes" tab: the confusion matrix, the test images of the square chosen,
// and the hardest test images. Streamlit (Components v2) calls the default export on
// mount and each time the data changes, with the same parentElement (an open shadow
// root). Everything is drawn here from one small payload (playground/mistakes_view):
// a click on a square changes the images at once, with no trip to the server. The
// server chose the texts; this only lays them out.

const STATE = new WeakMap(); // parentElement -> { key, selected }

export default function mistakesView(component) {
  const { parentElement, data } = component;
  if (!data || !data.cells) return;
  let state = STATE.get(parentElement);
  const key = `${data.negative}/${data.positive}/${data.images}/${data.probability.join(",")}`;
  if (!state || state.key !== key) { // another result: open on the server's choice
    let box = parentElement.querySelector(".mv-root"); // ours: the styles stay beside it
    if (!box) box = el("div", "mv-root", parentElement);
    state = { key, box, selected: data.selected, images: decode(data.images) };
    STATE.set(parentElement, state);
  }
  render(state.box, data, state);
}

function decode(text) {
  const bin = atob(text || "");
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

function el(tag, className, parent, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

// The test images of one grid (counts 0-16, dark ink on white), side by side in one
// small picture: each figure shows its part, scaled up by CSS. One picture per grid is
// much lighter for the page than a canvas per image.
function sprite(images, indices) {
  const canvas = document.createElement("canvas");
  canvas.width = 8 * indices.length;
  canvas.height = 8;
  const ctx = canvas.getContext("2d");
  const picture = ctx.createImageData(canvas.width, 8);
  indices.forEach((index, k) => {
    for (let p = 0; p < 64; p++) {
      const grey = Math.round(255 - (images[index * 64 + p] / 16) * 255);
      const at = 4 * ((p >> 3) * canvas.width + 8 * k + (p & 7));
      picture.data[at] = picture.data[at + 1] = picture.data[at + 2] = grey;
      picture.data[at + 3] = 255;
    }
  });
  ctx.putImageData(picture, 0, 0);
  return canvas.toDataURL();
}

function grid(parent, images, indices, captions, describe) {
  const box = el("div", "mv-grid", parent);
  const url = `url(${sprite(images, indices)})`;
  const size = `${56 * indices.length}px 56px`;
  indices.forEach((index, k) => {
    const figure = el("figure", "mv-figure", box);
    const picture = el("div", "mv-digit", figure);
    picture.setAttribute("role", "img");
    picture.setAttribute("aria-label", describe[k]);
    picture.style.backgroundImage = url;
    picture.style.backgroundSize = size;
    picture.style.backgroundPosition = `${-56 * k}px 0`;
    const caption = el("figcaption", "", figure);
    for (const line of captions[k].split("\n")) el("span", "", caption, line);
  });
  return box;
}

function render(root, data, state) {
  root.replaceChildren();
  const top = el("div", "mv-top", root);

  // the matrix: rows are the true digit, columns the neuron's answer
  const left = el("div", "mv-matrix-box", top);
  const intro = el("p", "mv-text", left);
  el("strong", "", intro, "Confusion matrix");
  intro.append(" (test images). Click a square to see them.");
  const table = el("table", "mv-matrix", left);
  const head = el("tr", "", el("thead", "", table));
  el("th", "", head).setAttribute("aria-hidden", "true");
  const digits = [data.negative, data.positive];
  for (const pred of digits) el("th", "mv-col", head, `read as ${pred}`).setAttribute("scope", "col");
  const body = el("tbody", "", table);
  digits.forEach((truth, i) => {
    const row = el("tr", "", body);
    el("th", "mv-row", row, `is a ${truth}`).setAttribute("scope", "row");
    digits.forEach((pred, j) => {
      const cell = data.cells[i][j];
      const chosen = state.selected[0] === truth && state.selected[1] === pred;
      const button = el("button", `mv-square mv-${cell.look}${chosen ? " mv-chosen" : ""}`, el("td", "", row), String(cell.count));
      button.type = "button";
      button.title = cell.help;
      button.setAttribute("aria-label", cell.help);
      button.setAttribute("aria-pressed", chosen ? "true" : "false");
      button.dataset.cell = `${truth}-${pred}`;
      button.addEventListener("click", () => {
        state.selected = [truth, pred];
        render(root, data, state);
        const again = root.querySelector(`[data-cell="${truth}-${pred}"]`);
        if (again) again.focus();
      });
    });
  });

  // the images of the chosen square
  const right = el("div", "mv-drill", top);
  const i = digits.indexOf(state.selected[0]);
  const j = digits.indexOf(state.selected[1]);
  const cell = data.cells[i][j];
  const title = el("p", "mv-text mv-drill-title", right);
  el("strong", "", title, cell.title);
  if (cell.shown.length < cell.count) title.append(` (the first ${cell.shown.length} shown)`);
  if (cell.shown.length) {
    grid(right, state.images, cell.shown,
      cell.shown.map((k) => `p = ${data.probability[k].toFixed(2)}`),
      cell.shown.map((k) => `a ${data.true[k]} read as ${data.predicted[k]}, p = ${data.probability[k].toFixed(2)}`));
  } else {
    el("p", "mv-caption", right, "None: this square is empty.");
  }

  // the hardest images
  const hard = el("p", "mv-text", root);
  el("strong", "", hard, "The hardest test images");
  hard.append(` — the largest loss first: mistakes, then the ones it was least sure of. p is the neuron's P(${data.positive}).`);
  grid(root, state.images, data.hardest,
    data.hardest.map((k) => `${data.true[k]}→${data.predicted[k]}\np = ${data.probability[k].toFixed(2)}`),
    data.hardest.map((k) => `a ${data.true[k]} read as ${data.predicted[k]}, p = ${data.probability[k].toFixed(2)}`));
}
