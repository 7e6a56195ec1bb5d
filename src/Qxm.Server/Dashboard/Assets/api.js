// The dashboard's only way to the server: /api/v1 with the API key as a Bearer header, exactly as any client sends it.
// The key lives in sessionStorage (this tab only, gone when it closes), never in a URL, cookie or localStorage.
const KEY = 'qxm.apiKey';
const TENANT = 'qxm.tenant';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export const session = {
  get key() { return sessionStorage.getItem(KEY); },
  set key(value) { value ? sessionStorage.setItem(KEY, value) : sessionStorage.removeItem(KEY); },
  get tenant() { return sessionStorage.getItem(TENANT); },
  set tenant(value) { value ? sessionStorage.setItem(TENANT, value) : sessionStorage.removeItem(TENANT); },
};

function headers(extra) {
  const h = { Accept: 'application/json', ...extra };
  if (session.key) h.Authorization = `Bearer ${session.key}`;
  if (session.tenant) h['X-Qxm-Tenant'] = session.tenant;
  return h;
}

export async function get(path, { optional = false } = {}) {
  const response = await fetch(path, { headers: headers(), cache: 'no-store' });
  if (response.ok) return response.json();
  let problem = null;
  try { problem = await response.json(); } catch { /* a body that is not problem details */ }
  if (optional && (response.status === 404 || response.status === 409)) return null;
  throw new ApiError(response.status, problem);
}

// One page of a keyset-paged list: the items and the cursor of the next page (null on the last).
export async function getPage(path) {
  const response = await fetch(path, { headers: headers(), cache: 'no-store' });
  if (response.ok) return { items: await response.json(), next: response.headers.get('X-Qxm-Next-Cursor') };
  let problem = null;
  try { problem = await response.json(); } catch { /* a body that is not problem details */ }
  throw new ApiError(response.status, problem);
}

// Follows /api/v1/events as server-sent events over fetch (EventSource cannot send an Authorization header), resuming
// after the last event seen when the connection drops. onEvent gets each parsed event; returns a function that stops.
export function follow(after, onEvent, onState) {
  const controller = new AbortController();
  let cursor = after;
  let stopped = false;
  (async () => {
    while (!stopped) {
      try {
        const response = await fetch(`/api/v1/events?after=${cursor}`, {
          headers: headers({ Accept: 'text/event-stream' }), signal: controller.signal, cache: 'no-store' });
        if (!response.ok || !response.body) throw new ApiError(response.status, null);
        onState(true);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).trim()).join('\n');
            if (!data) continue;
            const event = JSON.parse(data);
            if (typeof event.sequence === 'number') cursor = event.sequence;
            onEvent(event);
          }
        }
      } catch (e) {
        if (stopped) return;
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) { onState(false, e); return; }
      }
      onState(false);
      await new Promise(resolve => setTimeout(resolve, 2000));
    }
  })();
  return () => { stopped = true; controller.abort(); };
}
