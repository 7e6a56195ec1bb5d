// Builds DOM from data with text nodes only (no innerHTML), so nothing a run's name or a server message holds is markup.
const SVG = 'http://www.w3.org/2000/svg';

export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  return fill(element, attributes, children);
}

export function s(tag, attributes, ...children) {
  const element = document.createElementNS(SVG, tag);
  return fill(element, attributes, children);
}

function fill(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function table(columns, rows, { caption, stack = true } = {}) {
  return h('div', { class: 'scroll' },
    h('table', { class: stack ? 'stack' : null },
      caption ? h('caption', { class: 'muted' }, caption) : null,
      h('thead', null, h('tr', null, columns.map(c => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
      h('tbody', null, rows.map(row => h('tr', null, columns.map(c =>
        h('td', { 'data-label': c.label, class: c.num ? 'num' : null }, c.cell(row))))))));
}

export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

export const time = value => value ? new Date(value).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
export const number = (value, digits = 3) => value === null || value === undefined ? '' : Number(value).toPrecision(digits).replace(/\.?0+$/, '');
export const percent = value => value === null || value === undefined ? '' : `${(100 * value).toFixed(1)}%`;
export const seconds = value => value === null || value === undefined ? '' : `${Number(value).toFixed(3)} s`;
