// Rendering: plain DOM built with textContent (never innerHTML), so names and errors from servers cannot inject markup.
// Each renderer returns a fresh element; data-* attributes name what a row shows (tests and styles use them).

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) {
      continue;
    }
    if (k.startsWith('on')) {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'class') {
      el.className = v;
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) {
      el.append(c instanceof Node ? c : String(c));
    }
  }
  return el;
}

function table(headings, rows, empty) {
  if (!rows.length) {
    return h('p', { class: 'empty' }, empty);
  }
  return h('table', {}, h('thead', {}, h('tr', {}, headings.map((t) => h('th', {}, t)))), h('tbody', {}, rows));
}

const count = (n, noun) => n + ' ' + noun + (n === 1 ? '' : 's');
const status = (s) => h('span', { class: 'status', 'data-status': s }, s);

/** Seconds (or minutes) since an ISO time, for heartbeats and activity. */
export function ago(iso, now = Date.now()) {
  if (!iso) {
    return 'never';
  }
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 120 ? s + ' s ago' : Math.round(s / 60) + ' min ago';
}

/** actions: {reload(server), toggleTool(server, tool, enabled), toolsOpen(server) -> bool, showTools(server, open)} */
export function servers(list, actions) {
  const rows = list.map((s) =>
    h('tr', { 'data-server': s.name, 'data-status': s.status },
      h('td', {}, h('strong', {}, s.name)),
      h('td', { class: 'muted' }, s.type),
      h('td', {}, status(s.status)),
      h('td', { class: 'error' }, s.error || ''),
      h('td', {}, s.restarts ?? 0),
      h('td', {}, tools(s, actions)),
      h('td', {}, h('button', { 'data-action': 'reload', onclick: () => actions.reload(s.name) }, 'Reload'))));
  return table(['Server', 'Type', 'Status', 'Last error', 'Restarts', 'Tools', ''], rows, 'No servers.');
}

function tools(server, actions) {
  const list = server.tools || [];
  if (!list.length) {
    return h('span', { class: 'muted' }, '0 tools');
  }
  const off = list.filter((t) => t.enabled === false).length;
  const items = list.map((t) =>
    h('li', {},
      h('label', { title: t.description || '' },
        h('input', {
          type: 'checkbox',
          checked: t.enabled !== false,
          'data-tool': server.name + '/' + t.name,
          onchange: (e) => actions.toggleTool(server.name, t.name, e.target.checked),
        }),
        t.name)));
  // the open/closed state outlives a re-render, which every change of any server causes; it is noted on the click
  // itself (the toggle event comes later, and may come from an element a re-render has already replaced)
  return h('details', { open: actions.toolsOpen(server.name) },
    h('summary', { onclick: (e) => actions.showTools(server.name, !e.currentTarget.parentElement.open) },
      count(list.length, 'tool') + (off ? ', ' + off + ' off' : '')),
    h('ul', { class: 'tools' }, items));
}

export function groups(list) {
  const rows = list.map((g) =>
    h('tr', { 'data-group': g.id },
      h('td', {}, h('strong', {}, g.name)),
      h('td', { class: 'muted' }, g.id),
      h('td', {}, g.description || ''),
      h('td', {}, (g.servers || []).map((m) => (typeof m === 'string' ? m : m.name)).join(', '))));
  return table(['Group', 'Id', 'Description', 'Servers'], rows, 'No groups.');
}

/** actions: {drain(id), undrain(id)} */
export function nodes(list, actions, now) {
  const rows = [...list].sort((a, b) => a.id.localeCompare(b.id)).map((n) => {
    // a draining node that has no sessions left is drained: safe to stop
    const state = !n.draining ? n.status : n.placedSessions === 0 ? 'drained' : 'draining';
    const load = n.load || {};
    return h('tr', { 'data-node': n.id, 'data-status': n.status },
      h('td', {}, h('strong', {}, n.name || n.id), h('div', { class: 'muted' }, n.id)),
      h('td', { class: 'muted' }, n.url),
      h('td', {}, status(state)),
      h('td', { 'data-heartbeat': n.lastHeartbeat || '' }, ago(n.lastHeartbeat, now)),
      h('td', {}, count(load.sessions ?? 0, 'session') + ', ' + (load.inFlight ?? 0) + ' in flight'),
      h('td', {}, (n.servers || []).map((s) => s.name + ' (' + s.status + ')').join(', ')),
      h('td', {}, n.draining
        ? h('button', { 'data-action': 'undrain', onclick: () => actions.undrain(n.id) }, 'Undrain')
        : h('button', { 'data-action': 'drain', onclick: () => actions.drain(n.id) }, 'Drain')));
  });
  return table(['Node', 'URL', 'State', 'Last heartbeat', 'Load', 'Servers', ''], rows, 'No nodes registered.');
}

/** byServer: [[server, [replica]]] */
export function replicas(byServer) {
  const rows = [];
  for (const [server, list] of byServer) {
    for (const r of list) {
      rows.push(h('tr', { 'data-replica': server + '@' + r.nodeId },
        h('td', {}, h('strong', {}, server)),
        h('td', {}, r.nodeName || r.nodeId),
        h('td', {}, status(r.status)),
        h('td', {}, status(r.serverStatus)),
        h('td', { class: 'muted' }, r.catalogVersion || ''),
        h('td', {}, r.catalogMatches === false ? 'tools differ' : '')));
    }
  }
  return table(['Server', 'Node', 'Node state', 'Server status', 'Catalog', ''], rows, 'No replicas.');
}

/** list: the sessions, or null when this hub has no sessions route. actions: {end(id)} */
export function sessions(list, actions, now) {
  if (list === null) {
    return h('p', { class: 'empty' }, 'This hub does not list sessions.');
  }
  const rows = list.map((s) =>
    h('tr', { 'data-session': s.id },
      h('td', { class: 'muted', title: s.id }, s.id.slice(0, 12) + '\u2026'),
      h('td', {}, s.clientInfo ? s.clientInfo.name + ' ' + (s.clientInfo.version || '') : ''),
      h('td', {}, s.protocolVersion || ''),
      h('td', {}, ago(s.lastActivity, now)),
      h('td', {}, (s.placements || []).map((p) => p.server + ' \u2192 ' + (p.nodeName || p.nodeId)).join(', ')),
      h('td', {}, h('button', { 'data-action': 'end', onclick: () => actions.end(s.id) }, 'End'))));
  return table(['Session', 'Client', 'Protocol', 'Last activity', 'Placements', ''], rows, 'No sessions.');
}
