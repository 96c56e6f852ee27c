// The page's one connection to the chat hub (/hubs/chat), on every page of a workspace's member: it makes them
// present (online while a tab is in use, away while all are idle or hidden), keeps the bell in the navigation
// live, and serves the conversation page (js/chat.js) through window.CairnChat. Presence is pushed by the server
// on change and asked for once per connection, never polled.
window.CairnChat = (() => {
  if (!window.signalR) return null;
  // How widely to spread a comeback at random: 1 s, or what a stopping instance asks for (Reconnect).
  let spread = 1000;
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/chat')
    // Spread out: after a deploy, clients do not all come back in the same second.
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(30000, 500 * 2 ** ctx.previousRetryCount) + Math.random() * spread })
    .build();
  const connectedHandlers = [];
  const presence = new Map(); // user id -> online | away (absent: offline)

  // Every element naming someone's presence (data-presence-of="{user id}") shows it.
  function showPresence(userId) {
    const state = presence.get(userId) ?? 'offline';
    document.querySelectorAll(`[data-presence-of="${CSS.escape(userId)}"]`).forEach(el => {
      el.dataset.presence = state;
      el.title = state;
      el.setAttribute('aria-label', state);
    });
  }
  connection.on('Presence', (user, state) => {
    if (state === 'offline') presence.delete(user.id); else presence.set(user.id, state);
    showPresence(user.id);
  });

  // The bell: counts come from the server (Bell), asked again whenever something for it happened.
  const bell = document.querySelector('[data-chat-bell]');
  let bellTimer = null;
  function refreshBell() {
    if (!bell || bellTimer) return;
    bellTimer = setTimeout(async () => {
      bellTimer = null;
      if (connection.state !== 'Connected') return;
      try { renderBell(await connection.invoke('Bell')); } catch { /* asked again at the next change */ }
    }, 300);
  }
  function renderBell(view) {
    const count = bell.querySelector('[data-testid=bell-count]');
    const shown = view.count > 99 ? '99+' : String(view.count);
    count.textContent = shown;
    count.hidden = view.count === 0;
    bell.querySelector('[data-testid=bell]').setAttribute('aria-label', view.count === 0 ? 'Notifications: nothing unread' : `Notifications: ${shown} unread`);
    const items = bell.querySelector('[data-testid=bell-items]');
    items.querySelectorAll('[data-testid=bell-item], .dropdown-item-text').forEach(el => el.closest('li').remove());
    const first = items.firstElementChild;
    for (const item of view.items) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.className = 'dropdown-item d-flex justify-content-between gap-3';
      a.href = item.link;
      a.dataset.testid = 'bell-item';
      const title = document.createElement('span');
      title.textContent = item.title;
      const badge = document.createElement('span');
      badge.className = 'badge text-bg-danger';
      badge.textContent = `${item.unread > 0 ? item.unread : item.mentions}${item.mentions > 0 ? ' @' : ''}`;
      a.append(title, badge);
      li.append(a);
      items.insertBefore(li, first);
    }
    if (view.items.length === 0) {
      const li = document.createElement('li');
      li.innerHTML = '<span class="dropdown-item-text text-body-secondary small">Nothing unread for you.</span>';
      items.insertBefore(li, first);
    }
  }
  connection.on('Notification', () => refreshBell());
  connection.on('BellChanged', () => refreshBell());

  // Away: every tab hidden, or nobody touched this one for five minutes.
  let away = document.hidden;
  let idle = null;
  function setAway(value) {
    if (value === away) return;
    away = value;
    if (connection.state === 'Connected') connection.invoke('SetAway', away).catch(() => {});
  }
  function active() {
    clearTimeout(idle);
    idle = setTimeout(() => setAway(true), 5 * 60 * 1000);
    if (!document.hidden) setAway(false);
  }
  ['pointerdown', 'keydown', 'scroll'].forEach(type => addEventListener(type, active, { passive: true }));
  document.addEventListener('visibilitychange', () => (document.hidden ? setAway(true) : active()));
  active();

  let ready = false;
  async function connected() {
    ready = false;
    if (away) connection.invoke('SetAway', true).catch(() => {});
    try {
      presence.clear();
      for (const p of await connection.invoke('Presence')) presence.set(p.user.id, p.state);
      document.querySelectorAll('[data-presence-of]').forEach(el => showPresence(el.dataset.presenceOf));
    } catch { /* shown at the next change */ }
    refreshBell();
    for (const handler of connectedHandlers) handler();
    ready = true;
  }
  connection.onreconnecting(() => { ready = false; });
  connection.onreconnected(connected);
  connection.on('Reconnect', within => { spread = Math.max(1000, within); });
  connection.onclose(() => { ready = false; setTimeout(start, 1000 + Math.random() * spread); });
  async function start() {
    try {
      await connection.start();
    } catch {
      setTimeout(start, 2000 + Math.random() * 3000);
      return;
    }
    await connected();
  }
  start();

  return {
    connection,
    // Runs after every (re)connection: a page catches up and resubscribes there.
    onConnected(handler) {
      connectedHandlers.push(handler);
      if (ready) handler();
    },
    refreshBell,
  };
})();
