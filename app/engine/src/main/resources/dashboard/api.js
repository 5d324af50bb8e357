// The management API as the page uses it: the bearer key from sessionStorage on every call, MCPHub's
// {success, data, message} envelope unwrapped, and the /api/events stream read with fetch (EventSource cannot send
// an Authorization header, and a key in the URL would end up in logs).

const KEY = 'mcphub.dashboard.key';
const CALL_TIMEOUT_MS = 15000;
const root = document.querySelector('meta[name="mcphub-root"]').content;

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function key() {
  return sessionStorage.getItem(KEY) || '';
}

export function setKey(value) {
  if (value) {
    sessionStorage.setItem(KEY, value);
  } else {
    sessionStorage.removeItem(KEY);
  }
}

function headers(extra) {
  const h = { Accept: 'application/json', ...extra };
  if (key()) {
    h.Authorization = 'Bearer ' + key();
  }
  return h;
}

/** Calls the API; resolves to the envelope's data, rejects with an ApiError carrying the status and message. */
export async function call(method, path, body) {
  const init = {
    method,
    headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    // a hub that does not answer must not leave the page waiting: the next change reads again
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    // never a cached or revalidated answer: the API's ETag is the settings file's version, which a server's new
    // catalog or status does not change, so a revalidation could show the page what was true before
    cache: 'no-store',
  };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
  }
  const res = await fetch(root + path, init);
  let json = null;
  try {
    json = await res.json();
  } catch (e) {
    // an empty or non-JSON answer: the status says enough
  }
  if (!res.ok || (json && json.success === false)) {
    const message = (json && (json.message || (json.error && json.error.message))) || res.statusText;
    throw new ApiError(res.status, message || 'HTTP ' + res.status);
  }
  return json && 'data' in json ? json.data : json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);

export const enc = encodeURIComponent;

/**
 * Follows /api/events until stop() is called: onEvent(name, data) for each event, onState('on'|'retrying'|'off')
 * as the connection comes and goes. Reconnects after the server's retry interval.
 */
export function follow(onEvent, onState) {
  let stopped = false;
  let controller = null;
  let retry = 2000;

  async function once() {
    controller = new AbortController();
    const res = await fetch(root + '/api/events', {
      headers: headers({ Accept: 'text/event-stream' }),
      signal: controller.signal,
      cache: 'no-store',
    });
    if (!res.ok) {
      throw new ApiError(res.status, 'events: HTTP ' + res.status);
    }
    onState('on');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        dispatch(block);
      }
    }
  }

  function dispatch(block) {
    let name = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) {
        name = line.slice(6).trim();
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).trim());
      } else if (line.startsWith('retry:')) {
        retry = Number(line.slice(6).trim()) || retry;
      }
    }
    if (data.length) {
      let parsed = data.join('\n');
      try {
        parsed = JSON.parse(parsed);
      } catch (e) {
        // not JSON: handed on as text
      }
      onEvent(name, parsed);
    }
  }

  (async () => {
    while (!stopped) {
      try {
        await once();
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) {
          // no use retrying with the same key: the page follows again once a key is entered
          onEvent('unauthorized', null);
          stopped = true;
        }
      }
      if (stopped) {
        break;
      }
      onState('retrying');
      await new Promise((resolve) => setTimeout(resolve, retry));
    }
    onState('off');
  })();

  return {
    stop() {
      stopped = true;
      if (controller) {
        controller.abort();
      }
    },
  };
}
