// Charts as SVG built from data: a histogram of counts, a sweep's probabilities per point, a series over time.
import { s } from './dom.js';

const W = 640, H = 260, L = 48, R = 12, T = 12, B = 48;

export function histogram(counts, shots, label) {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)).slice(0, 64);
  const max = Math.max(...entries.map(([, c]) => c), 1);
  const width = (W - L - R) / Math.max(entries.length, 1);
  return s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label },
    s('title', null, label),
    axes(max / shots),
    entries.map(([bits, count], i) => {
      const height = (H - T - B) * count / max;
      const x = L + i * width;
      return s('g', null,
        s('rect', { class: 'bar', x: x + width * 0.1, y: H - B - height, width: width * 0.8, height },
          s('title', null, `${bits}: ${count} (${(100 * count / shots).toFixed(1)}%)`)),
        entries.length <= 32 ? s('text', { x: x + width / 2, y: H - B + 14, 'text-anchor': 'middle' }, bits) : null);
    }),
    s('text', { x: W / 2, y: H - 6, 'text-anchor': 'middle' }, 'outcome'));
}

// One line per outcome (the four most frequent): its probability at each sweep point.
export function sweep(points, shots, label) {
  const totals = {};
  for (const p of points) for (const [bits, c] of Object.entries(p.counts)) totals[bits] = (totals[bits] || 0) + c;
  const outcomes = Object.entries(totals).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([bits]) => bits);
  const xs = points.map((p, i) => firstParameter(p) ?? i);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const px = x => L + (W - L - R) * (x1 === x0 ? 0.5 : (x - x0) / (x1 - x0));
  const py = p => H - B - (H - T - B) * p;
  const name = points.length && points[0].parameters ? Object.keys(points[0].parameters)[0] : 'point';
  return s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label },
    s('title', null, label),
    axes(1),
    outcomes.map((bits, k) => s('polyline', {
      class: `series s${k}`,
      points: points.map((p, i) => `${px(xs[i]).toFixed(1)},${py((p.counts[bits] || 0) / shots).toFixed(1)}`).join(' '),
    }, s('title', null, `P(${bits})`))),
    s('text', { x: L, y: H - B + 14 }, number(x0)), s('text', { x: W - R, y: H - B + 14, 'text-anchor': 'end' }, number(x1)),
    s('text', { x: W / 2, y: H - 6, 'text-anchor': 'middle' }, name),
    outcomes.map((bits, k) => s('text', { x: W - R - 60, y: T + 12 + 14 * k, class: `s${k}` }, `— P(${bits})`)));
}

// Values over time: [{ at: Date, value: number }], for calibration trends.
export function series(values, label, unit) {
  const ts = values.map(v => v.at.getTime());
  const vs = values.map(v => v.value);
  const [t0, t1] = [Math.min(...ts), Math.max(...ts)];
  const [v0, v1] = [Math.min(...vs, 0), Math.max(...vs) * 1.1 || 1];
  const px = t => L + (W - L - R) * (t1 === t0 ? 0.5 : (t - t0) / (t1 - t0));
  const py = v => H - B - (H - T - B) * (v - v0) / (v1 - v0);
  return s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label },
    s('title', null, label),
    s('line', { class: 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B }),
    s('line', { class: 'axis', x1: L, y1: T, x2: L, y2: H - B }),
    s('text', { x: L - 4, y: T + 10, 'text-anchor': 'end' }, number(v1)),
    s('text', { x: L - 4, y: H - B, 'text-anchor': 'end' }, number(v0)),
    s('polyline', { class: 'series s0', points: values.map(v => `${px(v.at.getTime()).toFixed(1)},${py(v.value).toFixed(1)}`).join(' ') }),
    values.map(v => s('circle', { cx: px(v.at.getTime()), cy: py(v.value), r: 3, class: 'bar' },
      s('title', null, `${v.at.toISOString()}: ${number(v.value, 4)} ${unit}`))),
    s('text', { x: L, y: H - B + 14 }, values.length ? values[0].at.toISOString().slice(0, 16) : ''),
    s('text', { x: W - R, y: H - B + 14, 'text-anchor': 'end' }, values.length ? values[values.length - 1].at.toISOString().slice(0, 16) : ''),
    s('text', { x: W / 2, y: H - 6, 'text-anchor': 'middle' }, `${label} (${unit})`));
}

function axes(top) {
  return s('g', null,
    s('line', { class: 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B }),
    s('line', { class: 'axis', x1: L, y1: T, x2: L, y2: H - B }),
    s('line', { class: 'grid', x1: L, y1: T, x2: W - R, y2: T }),
    s('text', { x: L - 4, y: T + 4, 'text-anchor': 'end' }, top.toFixed(2)),
    s('text', { x: L - 4, y: H - B, 'text-anchor': 'end' }, '0'));
}

function firstParameter(point) {
  const values = point.parameters ? Object.values(point.parameters) : [];
  return typeof values[0] === 'number' ? values[0] : null;
}

function number(x) { return Number(x).toPrecision(3).replace(/\.?0+$/, ''); }
