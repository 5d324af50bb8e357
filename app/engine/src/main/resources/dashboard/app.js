// The dashboard: reads the management API, renders it, and re-reads what /api/events says changed. Heartbeat ages
// and node load change without an event (a heartbeat that changes nothing else is not news), so a coordinator's
// nodes are also re-read every few seconds.

import * as api from './api.js';
import * as view from './view.js';

const POLL_MS = 3000;
const $ = (id) => document.getElementById(id);

const state = { mode: null, loading: new Map(), stream: null, openTools: new Set() };

function show(id, element) {
  $(id).replaceChildren(element);
}

function message(text) {
  const m = $('message');
  m.textContent = text || '';
  m.hidden = !text;
}

function failed(what, e) {
  console.warn(what + ' failed: ' + e.message);
  if (e instanceof api.ApiError && e.status === 401) {
    message('The hub needs a bearer key: enter it above.');
  } else {
    message(what + ': ' + e.message);
  }
}

/** Runs a loader once at a time; a change that arrives meanwhile runs it once more afterwards. */
function refresh(name, loader) {
  const running = state.loading.get(name);
  if (running) {
    running.again = true;
    return;
  }
  const entry = { again: false };
  state.loading.set(name, entry);
  loader()
    .catch((e) => failed(name, e))
    .finally(() => {
      state.loading.delete(name);
      if (entry.again) {
        refresh(name, loader);
      }
    });
}

const actions = {
  reload: (server) => act('reload ' + server, () => api.post('/api/servers/' + api.enc(server) + '/reload')),
  toggleTool: (server, tool, enabled) =>
    act('toggle ' + server + '/' + tool, () =>
      api.post('/api/servers/' + api.enc(server) + '/tools/' + api.enc(tool) + '/toggle', { enabled })),
  drain: (id) => act('drain ' + id, () => api.post('/api/cluster/nodes/' + api.enc(id) + '/drain')),
  undrain: (id) => act('undrain ' + id, () => api.post('/api/cluster/nodes/' + api.enc(id) + '/undrain')),
  end: (id) => act('end session', () => api.call('DELETE', '/api/sessions/' + api.enc(id))),
  toolsOpen: (server) => state.openTools.has(server),
  showTools: (server, open) => (open ? state.openTools.add(server) : state.openTools.delete(server)),
};

async function act(what, request) {
  try {
    await request();
    message('');
  } catch (e) {
    failed(what, e);
  }
  loadAll();
}

async function loadServers() {
  const list = await api.get('/api/servers');
  show('servers', view.servers(list, actions));
  document.body.dataset.servers = String(list.length);
  message('');
}

async function loadGroups() {
  try {
    show('groups', view.groups(await api.get('/api/groups')));
  } catch (e) {
    if (!(e instanceof api.ApiError) || e.status !== 404) {
      throw e;
    }
    show('groups', view.h('p', { class: 'empty' }, 'This hub does not list groups.'));
  }
}

async function loadSessions() {
  let list = null;
  try {
    list = await api.get('/api/sessions');
  } catch (e) {
    if (!(e instanceof api.ApiError) || e.status !== 404) {
      throw e;
    }
  }
  show('sessions', view.sessions(list, actions, Date.now()));
}

async function loadCluster() {
  if (state.mode !== 'coordinator') {
    return;
  }
  const nodes = await api.get('/api/cluster/nodes');
  show('nodes', view.nodes(nodes, actions, Date.now()));
  const names = [...new Set(nodes.flatMap((n) => (n.servers || []).map((s) => s.name)))].sort();
  const byServer = [];
  for (const name of names) {
    try {
      const data = await api.get('/api/cluster/servers/' + api.enc(name) + '/replicas');
      byServer.push([name, Array.isArray(data) ? data : data.replicas]);
    } catch (e) {
      if (!(e instanceof api.ApiError) || e.status !== 404) {
        throw e;
      }
    }
  }
  show('replicas', view.replicas(byServer));
}

function setMode(mode) {
  state.mode = mode;
  $('mode').textContent = mode;
  $('cluster-section').hidden = mode !== 'coordinator';
  document.body.dataset.mode = mode;
}

/** Before the event stream says it: a coordinator answers /api/cluster/status, other hubs 404. */
async function detectMode() {
  try {
    const status = await api.get('/api/cluster/status');
    setMode(status.mode || 'coordinator');
  } catch (e) {
    if (!(e instanceof api.ApiError) || e.status !== 404) {
      throw e;
    }
    setMode('standalone');
  }
}

function loadAll() {
  refresh('servers', loadServers);
  refresh('groups', loadGroups);
  refresh('sessions', loadSessions);
  refresh('cluster', loadCluster);
}

function onEvent(name, data) {
  switch (name) {
    case 'hello':
      setMode(data.mode);
      loadAll();
      break;
    case 'servers':
      refresh('servers', loadServers);
      break;
    case 'cluster':
      refresh('cluster', loadCluster);
      refresh('sessions', loadSessions);
      break;
    case 'unauthorized':
      message('The hub needs a bearer key: enter it above.');
      break;
    default:
      break;
  }
}

function onState(live) {
  const el = $('live');
  el.dataset.state = live;
  el.textContent = { on: 'live', retrying: 'reconnecting', off: 'offline' }[live];
}

async function start() {
  if (state.stream) {
    state.stream.stop();
  }
  try {
    await detectMode();
  } catch (e) {
    failed('cluster status', e);
  }
  loadAll();
  state.stream = api.follow(onEvent, onState);
}

$('key').value = api.key();
$('key-form').addEventListener('submit', (e) => {
  e.preventDefault();
  api.setKey($('key').value.trim());
  start();
});
$('forget').addEventListener('click', () => {
  api.setKey('');
  $('key').value = '';
  start();
});
setInterval(() => {
  if (state.mode === 'coordinator') {
    refresh('cluster', loadCluster);
    refresh('sessions', loadSessions);
  }
}, POLL_MS);
start();
