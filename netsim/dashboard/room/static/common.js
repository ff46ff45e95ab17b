// What the room's pages share: label-value rows and lists, always as text, never as HTML.

export function rows(box, pairs) {
  box.replaceChildren();
  for (const [label, value] of pairs) {
    const a = document.createElement("span");
    a.textContent = label;
    const b = document.createElement("span");
    b.textContent = value;
    box.append(a, b);
  }
}

export function list(box, items) {
  box.replaceChildren(
    ...items.map((t) => {
      const li = document.createElement("li");
      li.textContent = t;
      return li;
    }),
  );
}
