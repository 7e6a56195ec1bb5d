// The dashboard: hash routes, one view each, data only from /api/v1 with the signed-in key, refreshed live from the
// event stream.
import { ApiError, follow, get, getPage, session } from './api.js';
import { h, table, facts, time, number, percent, seconds } from './dom.js';
import { histogram, sweep, series } from './charts.js';

const main = document.getElementById('main');
const live = document.getElementById('live');
const tenantSelect = document.getElementById('tenant');
const signout = document.getElementById('signout');
const PAGE = 10;
const STATES = ['submitted', 'validated', 'queued', 'running', 'succeeded', 'failed', 'cancelled', 'rejected'];

let stopFollowing = null;
let refreshTimer = null;
let rendering = 0;

const views = {
  runs: runsView,
  run: runView,
  queue: queueView,
  backends: backendsView,
  backend: backendView,
  reservations: reservationsView,
  slo: sloView,
};

function route() {
  const [path, query] = (location.hash.replace(/^#\/?/, '') || 'runs').split('?');
  const [view, ...rest] = path.split('/');
  return { view: views[view] ? view : 'runs', id: rest.length ? decodeURIComponent(rest.join('/')) : null, params: new URLSearchParams(query || '') };
}

async function render({ focus = true } = {}) {
  const current = route();
  const view = current.view === 'runs' && current.id ? 'run' : current.view === 'backends' && current.id ? 'backend' : current.view;
  for (const link of document.querySelectorAll('.top nav a')) {
    link.toggleAttribute('aria-current', link.getAttribute('href') === `#/${current.view}`);
    if (link.hasAttribute('aria-current')) link.setAttribute('aria-current', 'page');
  }
  const ticket = ++rendering;
  try {
    const content = await views[view](current);
    if (ticket !== rendering) return;
    main.replaceChildren(...[content].flat(Infinity));
    document.title = `qxm: ${main.querySelector('h1')?.textContent ?? view}`;
    if (focus) main.focus();
  } catch (e) {
    if (ticket !== rendering) return;
    if (e instanceof ApiError && e.status === 401) { session.key = null; return signIn('The key was refused; sign in again.'); }
    main.replaceChildren(h('h1', null, 'Something went wrong'), h('p', { class: 'error', role: 'alert' }, e.message));
  }
}

function stateCell(state) { return h('span', { class: `state-${state}` }, state); }
function runLink(id) { return h('a', { href: `#/runs/${encodeURIComponent(id)}` }, id); }

// Runs are searched and paged by the server (keyset cursors), so every run is reachable however many there are. The
// cursors of the pages before this one ride in the URL ("trail"), so Previous and the browser's Back both work.
const FIRST = '-';
async function runsView({ params }) {
  const name = (params.get('name') || '').trim();
  if (/^r-[0-9a-f]{32}$/.test(name)) { location.hash = `#/runs/${name}`; return h('p', null, 'Opening the run…'); }
  const query = new URLSearchParams({ limit: String(PAGE) });
  for (const key of ['name', 'tag', 'state', 'backend', 'cursor']) if (params.get(key)) query.set(key, params.get(key).trim());
  const [{ items: shown, next }, backends] = await Promise.all([getPage(`/api/v1/runs?${query}`), get('/api/v1/backends')]);
  const trail = params.get('trail') ? params.get('trail').split(',') : [];
  const page = trail.length + 1;
  const go = changes => {
    const target = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) v ? target.set(k, v) : target.delete(k);
    location.hash = `#/runs?${target}`;
  };
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter runs', onsubmit: e => {
    e.preventDefault();
    const data = new FormData(e.target);
    go({ name: data.get('name'), tag: data.get('tag'), state: data.get('state'), backend: data.get('backend'), cursor: null, trail: null });
  } },
    h('label', null, 'Name or run id', h('input', { type: 'search', name: 'name', value: params.get('name') || '' })),
    h('label', null, 'Tag', h('input', { type: 'search', name: 'tag', value: params.get('tag') || '' })),
    h('label', null, 'State', h('select', { name: 'state' }, h('option', { value: '' }, 'any'),
      STATES.map(st => h('option', { value: st, selected: params.get('state') === st }, st)))),
    h('label', null, 'Backend', h('select', { name: 'backend' }, h('option', { value: '' }, 'any'),
      backends.map(b => h('option', { value: b.id, selected: params.get('backend') === b.id }, b.id)))),
    h('button', { type: 'submit' }, 'Apply'));
  const previous = trail.at(-1);
  return [
    h('h1', null, 'Runs'),
    form,
    h('p', { class: 'muted', id: 'runs-count' }, `${shown.length} run${shown.length === 1 ? '' : 's'}${page > 1 || next ? ` on page ${page}` : ''}`),
    shown.length === 0 ? h('p', null, 'No runs match.') : table([
      { label: 'Run', cell: r => runLink(r.id) },
      { label: 'Name', cell: r => r.name },
      { label: 'State', cell: r => stateCell(r.state) },
      { label: 'Backend', cell: r => r.backend },
      { label: 'Tenant', cell: r => r.tenant },
      { label: 'Shots', num: true, cell: r => r.shots },
      { label: 'Points', num: true, cell: r => r.sweepPoints },
      { label: 'Created', cell: r => time(r.createdAt) },
    ], shown),
    h('nav', { class: 'pager', 'aria-label': 'Pages' },
      h('button', { type: 'button', disabled: page <= 1, onclick: () => go({ cursor: previous === FIRST ? null : previous, trail: trail.slice(0, -1).join(',') || null }) }, 'Previous'),
      h('span', { id: 'page-of' }, `Page ${page}${next ? '' : ' (last)'}`),
      h('button', { type: 'button', disabled: !next, onclick: () => go({ cursor: next, trail: [...trail, params.get('cursor') || FIRST].join(',') }) }, 'Next')),
  ];
}

async function runView({ id }) {
  const run = await get(`/api/v1/runs/${encodeURIComponent(id)}`);
  const [result, events, provenance] = await Promise.all([
    run.state === 'succeeded' ? get(`/api/v1/runs/${encodeURIComponent(id)}/results`, { optional: true }) : null,
    get(`/api/v1/events?run=${encodeURIComponent(id)}&tenant=${encodeURIComponent(run.tenant)}&follow=false&format=json`),
    get(`/api/v1/runs/${encodeURIComponent(id)}/provenance`, { optional: true }),
  ]);
  const sections = [
    h('h1', null, `Run ${run.name}`),
    facts([
      ['Id', run.id], ['State', stateCell(run.state)], ['Backend', run.backend], ['Tenant', run.tenant],
      ['Shots', run.shots], ['Sweep points', run.sweepPoints], ['Priority', run.priority], ['Tags', run.tags.join(', ')],
      ['Created', time(run.createdAt)], ['Updated', time(run.updatedAt)], ['Error', run.error],
      ['Held', run.hold ? `${run.hold.reason} since ${time(run.hold.since)}` : null],
    ]),
  ];
  if (run.diagnostics.length) {
    sections.push(h('h2', null, 'Diagnostics'), h('ul', null, run.diagnostics.map(d =>
      h('li', { class: d.isError ? 'error' : null }, `${d.file ?? ''}${d.line ? `:${d.line}:${d.column}` : ''} ${d.message} [${d.rule}]`))));
  }
  sections.push(h('h2', null, 'Results'));
  if (!result) {
    sections.push(h('p', { class: 'muted' }, run.state === 'succeeded' ? 'No results stored.' : `No results: the run is ${run.state}.`));
  } else if (result.points.length === 1) {
    sections.push(histogram(result.points[0].counts, result.shots, `Counts of ${run.name}, ${result.shots} shots`));
    sections.push(table([{ label: 'Outcome', cell: r => r[0] }, { label: 'Count', num: true, cell: r => r[1] },
      { label: 'Probability', num: true, cell: r => percent(r[1] / result.shots) }],
      Object.entries(result.points[0].counts).sort(([a], [b]) => a.localeCompare(b)), { stack: false }));
  } else {
    sections.push(sweep(result.points, result.shots, `Outcome probabilities across ${result.points.length} sweep points`));
  }
  if (result?.points.some(p => p.expectationValues)) {
    sections.push(h('h2', null, 'Expectation values'), table([{ label: 'Point', num: true, cell: p => p.index },
      { label: 'Values', cell: p => Object.entries(p.expectationValues || {}).map(([k, v]) => `${k} = ${number(v, 4)}`).join(', ') }], result.points));
  }
  sections.push(h('h2', null, 'Provenance'), facts([
    ['Fingerprint', run.fingerprint], ['Seed', run.seed], ['Backend job', run.backendJobId], ['Trace', run.traceId],
    ['Calibration', run.calibration ? `${run.calibration.hash} taken ${time(run.calibration.takenAt)}` : 'none (an ideal simulator)'],
    ['Failover', run.failover ? JSON.stringify(run.failover) : null],
  ]));
  if (provenance) {
    sections.push(h('details', { id: 'provenance-record' }, h('summary', null, 'Full provenance record (JSON; also as W3C PROV)'),
      h('pre', { class: 'scroll' }, JSON.stringify(provenance, null, 2))));
  }
  if (run.calibration?.driftEvents?.length) {
    sections.push(h('h2', null, 'Calibration drift at run time'), h('ul', null, run.calibration.driftEvents.map(d =>
      h('li', null, `${d.metric} of ${d.subject}: ${number(d.baseline, 4)} → ${number(d.value, 4)} (${time(d.detectedAt)})`))));
  }
  sections.push(h('h2', null, 'Timeline'), table([
    { label: 'Event', num: true, cell: e => `#${e.sequence}` }, { label: 'At', cell: e => time(e.at) },
    { label: 'Change', cell: e => e.kind === 'run.state' ? `${e.from} → ${e.to}` : e.kind },
    { label: 'By', cell: e => e.actor ?? '' }, { label: 'Reason', cell: e => e.reason ?? '' }], events));
  if (run.backendAttempts.length) {
    sections.push(h('h2', null, `Backend calls (${run.attempts} attempt${run.attempts === 1 ? '' : 's'})`), table([
      { label: '#', num: true, cell: a => a.sequence }, { label: 'At', cell: a => time(a.at) }, { label: 'Call', cell: a => a.operation },
      { label: 'Outcome', cell: a => a.outcome + (a.local ? ' (local)' : '') }, { label: 'Job', cell: a => a.jobId ?? '' },
      { label: 'Message', cell: a => a.message ?? '' }], run.backendAttempts));
  }
  return sections;
}

async function queueView() {
  const [queue, tenants] = await Promise.all([get('/api/v1/queue'), get('/api/v1/tenants')]);
  const weights = tenants.reduce((sum, t) => sum + t.tenant.weight, 0) || 1;
  const usage = tenants.reduce((sum, t) => sum + t.recentUsage, 0) || 1;
  return [
    h('h1', null, 'Queue'),
    queue.length === 0 ? h('p', null, 'Nothing is queued.') : table([
      { label: 'Position', num: true, cell: e => e.position }, { label: 'Run', cell: e => e.runId ? runLink(e.runId) : h('span', { class: 'muted' }, 'another tenant\'s') },
      { label: 'Tenant', cell: e => e.tenant ?? '' }, { label: 'Backend', cell: e => e.backend }, { label: 'Priority', cell: e => e.priority },
      { label: 'Expected start', cell: e => time(e.estimatedStart) }, { label: 'Why here', cell: e => e.reason }], queue),
    h('h2', null, 'Fair share'),
    table([
      { label: 'Tenant', cell: t => t.tenant.id }, { label: 'Weight', num: true, cell: t => t.tenant.weight },
      { label: 'Fair share', num: true, cell: t => percent(t.tenant.weight / weights) },
      { label: 'Recent usage', num: true, cell: t => percent(t.recentUsage / usage) },
      { label: 'Queued / max', num: true, cell: t => `${t.queuedRuns} / ${t.tenant.maxQueuedRuns ?? '∞'}` },
      { label: 'Shots a day', num: true, cell: t => t.tenant.shotsPerDay ?? '∞' }], tenants),
  ];
}

async function backendsView() {
  const backends = await get('/api/v1/backends');
  return [
    h('h1', null, 'Backends'),
    table([
      { label: 'Backend', cell: b => h('a', { href: `#/backends/${encodeURIComponent(b.id)}` }, b.id) },
      { label: 'Kind', cell: b => b.kind }, { label: 'Status', cell: b => b.status },
      { label: 'Breaker / health', cell: b => `${b.health?.state ?? ''}${b.health?.reason ? `: ${b.health.reason}` : ''}` },
      { label: 'Control', cell: b => b.control ? `${b.control.state ?? JSON.stringify(b.control)}` : '' },
      { label: 'Qubits', num: true, cell: b => b.target.qubits }, { label: 'In flight', num: true, cell: b => b.inFlight },
      { label: 'Cost a shot', num: true, cell: b => b.costPerShot ?? '' }], backends),
  ];
}

async function backendView({ id, params }) {
  const qubit = Number(params.get('qubit')) || 0;
  const calibration = await get(`/api/v1/backends/${encodeURIComponent(id)}/calibration?qubit=${qubit}`, { optional: true });
  const sections = [h('h1', null, `Backend ${id}`)];
  if (!calibration || !calibration.history?.length) {
    sections.push(h('p', null, 'This backend publishes no calibration (an ideal simulator).'));
    return sections;
  }
  const points = metric => calibration.history.map(r => ({ at: new Date(r.snapshot.takenAt), value: r.snapshot.qubits.find(q => q.qubit === qubit)?.[metric] }))
    .filter(p => typeof p.value === 'number').sort((a, b) => a.at - b.at);
  const qubits = calibration.current?.snapshot.qubits.length ?? 1;
  sections.push(
    h('form', { class: 'filters', 'aria-label': 'Choose a qubit', onsubmit: e => {
      e.preventDefault();
      location.hash = `#/backends/${encodeURIComponent(id)}?qubit=${new FormData(e.target).get('qubit')}`;
    } }, h('label', null, 'Qubit', h('input', { type: 'number', name: 'qubit', min: 0, max: qubits - 1, value: qubit })), h('button', { type: 'submit' }, 'Show')),
    h('p', { class: 'muted' }, `${calibration.history.length} snapshot${calibration.history.length === 1 ? '' : 's'}; current ${calibration.current?.hash.slice(0, 16)} taken ${time(calibration.current?.snapshot.takenAt)}; ${calibration.heldRuns} run(s) held for drift`),
    h('h2', null, `T1 of qubit ${qubit}`), series(points('t1Us'), `T1 of qubit ${qubit}`, 'µs'),
    h('h2', null, `T2 of qubit ${qubit}`), series(points('t2Us'), `T2 of qubit ${qubit}`, 'µs'),
    h('h2', null, `Readout error of qubit ${qubit}`), series(points('readoutError'), `Readout error of qubit ${qubit}`, 'probability'),
    h('h2', null, 'Drift events'),
    calibration.driftEvents.length === 0 ? h('p', null, 'No drift detected.') : table([
      { label: 'Detected', cell: d => time(d.detectedAt) }, { label: 'Metric', cell: d => d.metric }, { label: 'Subject', cell: d => d.subject },
      { label: 'From', num: true, cell: d => number(d.baseline, 4) }, { label: 'To', num: true, cell: d => number(d.value, 4) },
      { label: 'Resolved', cell: d => d.resolvedAt ? time(d.resolvedAt) : 'active' }], calibration.driftEvents));
  return sections;
}

async function reservationsView() {
  const reservations = await get('/api/v1/reservations');
  const days = new Map();
  for (const r of reservations) {
    for (let day = startOfDay(new Date(r.start)); day < new Date(r.end); day = new Date(day.getTime() + 86400000)) {
      const key = day.toISOString().slice(0, 10);
      if (!days.has(key)) days.set(key, []);
      days.get(key).push(r);
    }
  }
  const sorted = [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).slice(0, 14);
  return [
    h('h1', null, 'Reservations'),
    reservations.length === 0 ? h('p', null, 'No reservation ahead.') : [
      h('div', { class: 'cal-hours', 'aria-hidden': 'true' }, h('span'), h('span', null, h('span', null, '00:00'), h('span', null, '12:00'), h('span', null, '24:00 UTC'))),
      h('ul', { class: 'calendar', 'aria-label': 'Reservations by day (UTC)' }, sorted.map(([day, list]) => {
        const dayStart = new Date(`${day}T00:00:00Z`).getTime();
        return h('li', { class: 'cal-day' }, h('span', null, day),
          h('div', { class: 'cal-track' }, list.map(r => {
            const from = Math.max(0, (new Date(r.start).getTime() - dayStart) / 86400000);
            const to = Math.min(1, (new Date(r.end).getTime() - dayStart) / 86400000);
            const block = h('span', { class: 'cal-block', title: `${r.backend} for ${r.tenant}: ${time(r.start)} to ${time(r.end)}` }, `${r.backend} · ${r.tenant}`);
            block.style.left = `${(100 * from).toFixed(2)}%`;
            block.style.width = `${Math.max(0.5, 100 * (to - from)).toFixed(2)}%`;
            return block;
          })));
      })),
      h('h2', null, 'All reservations'),
      table([{ label: 'Id', cell: r => r.id }, { label: 'Backend', cell: r => r.backend }, { label: 'Tenant', cell: r => r.tenant },
        { label: 'Start', cell: r => time(r.start) }, { label: 'End', cell: r => time(r.end) }], reservations),
    ],
  ];
}

async function sloView({ params }) {
  const window = ['1h', '1d', '30d'].includes(params.get('window')) ? params.get('window') : '1d';
  const report = await get(`/api/v1/slo?window=${window}`);
  return [
    h('h1', null, 'Service levels and costs'),
    h('nav', { 'aria-label': 'Window', class: 'pager' }, ['1h', '1d', '30d'].map(w =>
      h('a', { href: `#/slo?window=${w}`, 'aria-current': w === window ? 'true' : null }, w))),
    h('p', { class: 'muted' }, `From ${time(report.since)} to ${time(report.until)}`),
    report.groups.length === 0 ? h('p', null, 'No run finished in this window.') : table([
      { label: 'Tenant', cell: g => g.tenant }, { label: 'Backend', cell: g => g.backend },
      { label: 'Finished', num: true, cell: g => g.finished }, { label: 'Success', num: true, cell: g => percent(g.successRate) },
      { label: 'End to end p50', num: true, cell: g => seconds(g.endToEnd?.p50) }, { label: 'p99', num: true, cell: g => seconds(g.endToEnd?.p99) },
      { label: 'Queue wait p50', num: true, cell: g => seconds(g.queueWait?.p50) },
      { label: 'Retry rate', num: true, cell: g => percent(g.retryRate) },
      { label: 'Drift events a day', num: true, cell: g => number(g.driftEventsPerDay) },
      { label: 'Cost an experiment', num: true, cell: g => number(g.costPerExperiment) }], report.groups),
  ];
}

function startOfDay(date) { return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())); }

function signIn(message) {
  stopFollowing?.();
  stopFollowing = null;
  live.textContent = 'offline';
  live.classList.remove('on');
  signout.hidden = true;
  tenantSelect.disabled = true;
  main.replaceChildren(
    h('h1', null, 'Sign in'),
    h('form', { class: 'login', onsubmit: async e => {
      e.preventDefault();
      session.key = new FormData(e.target).get('key').trim();
      session.tenant = null;
      await start();
    } },
      message ? h('p', { class: 'error', role: 'alert' }, message) : null,
      h('p', null, 'Paste an API key (qxm keys create). It is kept in this tab only and sent as the API\'s Authorization header.'),
      h('label', null, 'API key', h('input', { type: 'password', name: 'key', autocomplete: 'off', required: true, id: 'key' })),
      h('button', { type: 'submit' }, 'Sign in')));
  document.getElementById('key').focus();
}

async function start() {
  if (!session.key) return signIn();
  let tenants;
  try {
    tenants = await get('/api/v1/tenants');
  } catch (e) {
    session.key = null;
    return signIn(e instanceof ApiError && e.status === 401 ? 'That key was refused.' : e.message);
  }
  tenantSelect.replaceChildren(...tenants.map(t => h('option', { value: t.tenant.id, selected: t.tenant.id === session.tenant }, t.tenant.id)));
  if (!session.tenant && tenants.length) session.tenant = tenants.some(t => t.tenant.id === 'default') ? 'default' : tenants[0].tenant.id;
  tenantSelect.value = session.tenant;
  tenantSelect.disabled = tenants.length < 2;
  signout.hidden = false;
  startFollowing();
  await render();
}

async function startFollowing() {
  stopFollowing?.();
  // Start after the newest event: earlier ones are already in what the views load.
  let after = 0;
  for (let page = 0; page < 50; page++) {
    const batch = await get(`/api/v1/events?follow=false&format=json&after=${after}`).catch(() => []);
    if (batch.length) after = batch[batch.length - 1].sequence;
    if (batch.length < 1000) break;
  }
  stopFollowing = follow(after, event => {
    live.textContent = `live: #${event.sequence} ${event.runId ?? ''} ${event.kind === 'run.state' ? `${event.from} → ${event.to}` : event.kind}`;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => render({ focus: false }), 250);
  }, (on, error) => {
    live.classList.toggle('on', on);
    if (on && live.textContent === 'offline') live.textContent = 'live';
    if (!on) live.textContent = error ? `not following events: ${error.message}` : 'reconnecting…';
  });
}

tenantSelect.addEventListener('change', () => { session.tenant = tenantSelect.value; startFollowing(); render(); });
signout.addEventListener('click', () => { session.key = null; session.tenant = null; signIn(); });
window.addEventListener('hashchange', () => { if (session.key) render(); });
start();
