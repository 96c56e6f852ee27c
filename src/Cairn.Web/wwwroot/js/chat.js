// The live conversation page (/chat/{id}): events through the hub /hubs/chat, kept in sequence order. Every
// event carries its conversation's sequence number; an event that is not the next one waits while the missing
// ones are fetched (Subscribe answers the events after a number), so the page shows each event once, in order,
// after reconnects, restarts and events arriving out of order. Messages typed while offline are sent again with
// their own client message id when the connection is back; the server stores each once.
(() => {
  const root = document.querySelector('[data-chat]');
  const list = root?.querySelector('[data-testid=messages]');
  const chat = window.CairnChat; // js/chat-live.js: the page's one hub connection
  if (!root || !list || !chat) return;

  const id = Number(root.dataset.conversation);
  let last = Number(root.dataset.lastSeq);
  const pending = new Map(); // seq -> event, not yet shown
  const outbox = new Map();  // clientMessageId -> text, not yet acknowledged
  const form = root.querySelector('[data-testid=compose]');
  const box = form?.querySelector('textarea');
  const typing = root.querySelector('[data-testid=typing]');

  const connection = chat.connection;

  const text = (tag, value, className) => {
    const el = document.createElement(tag);
    el.textContent = value;
    if (className) el.className = className;
    return el;
  };

  const me = root.dataset.me;
  const thread = root.dataset.thread ? Number(root.dataset.thread) : null; // a thread's page shows only it
  const canSend = root.dataset.canSend === 'true';
  const isAdmin = root.dataset.admin === 'true';

  function button(label, action, className) {
    const b = text('button', label, `btn btn-link btn-sm p-0 ${className}`);
    b.type = 'button';
    b.dataset.action = action;
    return b;
  }

  function markDeleted(item) {
    item.querySelectorAll('.chat-text, [data-action], [data-testid=edited], [data-testid=reactions], details').forEach(el => el.remove());
    item.append(text('div', 'This message was deleted.', 'chat-text fst-italic text-body-secondary'));
  }

  // A reaction added or taken back: the message's count for that emoji follows.
  function react(item, ev) {
    const box = item.querySelector('[data-testid=reactions]');
    if (!box) return;
    let chip = [...box.querySelectorAll('[data-action=react]')].find(b => b.dataset.emoji === ev.emoji);
    if (!chip) {
      if (!ev.added) return;
      chip = button('', 'react', 'btn-outline-secondary py-0 text-decoration-none');
      chip.className = 'btn btn-sm btn-outline-secondary py-0';
      chip.dataset.emoji = ev.emoji;
      chip.setAttribute('aria-pressed', 'false');
      chip.append(`${ev.emoji} `, text('span', '0'));
      chip.lastChild.dataset.count = '';
      box.append(chip);
    }
    const count = chip.querySelector('[data-count]');
    const next = Number(count.textContent) + (ev.added ? 1 : -1);
    if (ev.member?.id === me) chip.setAttribute('aria-pressed', ev.added ? 'true' : 'false');
    if (next <= 0) chip.remove(); else count.textContent = next;
  }

  // An edit, a delete or a reaction: applied to the message it names, if the page shows it.
  function change(ev) {
    const item = list.querySelector(`[data-testid=message][data-id="${ev.id}"]`);
    if (!item) return;
    if (ev.type === 'reaction') { react(item, ev); return; }
    if (ev.type === 'delete') { markDeleted(item); return; }
    const body = item.querySelector('.chat-text');
    if (body) body.innerHTML = ev.html; // sanitized by the server
    item.dataset.text = ev.text ?? '';
    if (!item.querySelector('[data-testid=edited]')) {
      const edited = text('span', '(edited)', 'small text-body-secondary ms-1');
      edited.dataset.testid = 'edited';
      item.querySelector('time')?.after(edited);
    }
  }

  // A reply, seen from the conversation: its thread's count goes up.
  function countReply(ev) {
    const link = list.querySelector(`[data-testid=message][data-id="${ev.threadRootId}"] [data-testid=replies]`);
    if (!link) return;
    const count = Number(link.dataset.count) + 1;
    link.dataset.count = count;
    link.textContent = count === 1 ? '1 reply' : `${count} replies`;
  }

  const jumped = root.dataset.jumped === 'true'; // an earlier part of the conversation (?message=)
  const describe = { join: 'joined', leave: 'left', archive: 'archived the channel', unarchive: 'took the channel out of the archive' };

  function show(ev) {
    if (ev.type === 'edit' || ev.type === 'delete' || ev.type === 'reaction') { change(ev); return; }
    if (ev.type === 'seen') return;
    if (ev.type === 'message') {
      if (thread !== null && ev.id !== thread && ev.threadRootId !== thread) return;
      if (thread === null && ev.threadRootId) { countReply(ev); return; }
      if (list.querySelector(`[data-testid=message][data-id="${ev.id}"]`)) return; // shown already
    } else if (thread !== null) return;
    if (ev.type === 'archive' || ev.type === 'unarchive') archived(ev.type === 'archive');
    if (jumped) { // newer messages are not added below an earlier part: say there are some
      root.querySelector('[data-testid=jumped]')?.classList.replace('alert-info', 'alert-warning');
      return;
    }
    const item = build(ev);
    list.append(item);
    item.scrollIntoView({ block: 'nearest' });
    showSeen();
  }

  // The list item of an event (a message with its buttons, or a line saying who joined or left).
  function build(ev) {
    const item = document.createElement('li');
    item.dataset.seq = ev.seq;
    if (ev.type === 'message') {
      item.className = 'mb-2';
      item.dataset.testid = 'message';
      item.dataset.id = ev.id;
      const mine = ev.author?.id === me;
      item.dataset.mine = mine;
      item.dataset.authorId = ev.author?.id ?? '';
      if (ev.mentionsEveryone || ev.mentions?.includes(me)) { item.dataset.mentionsMe = 'true'; item.classList.add('border-start', 'border-3', 'border-warning', 'ps-2'); }
      item.dataset.text = ev.text ?? '';
      item.append(text('strong', ev.author?.displayName ?? ''));
      item.id = `message-${ev.id}`;
      const time = text('time', new Date(ev.sentAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }), 'small text-body-secondary ms-1');
      time.dateTime = ev.sentAt;
      item.append(' ', time);
      if (ev.editedAt && !ev.deleted) {
        const edited = text('span', '(edited)', 'small text-body-secondary ms-1');
        edited.dataset.testid = 'edited';
        item.append(edited);
      }
      const link = text('a', '#', 'small text-body-secondary ms-1');
      link.href = `/chat/${id}?message=${ev.id}`;
      link.dataset.testid = 'permalink';
      link.setAttribute('aria-label', 'Permalink');
      item.append(link);
      const body = document.createElement('div');
      body.className = 'chat-text';
      body.innerHTML = ev.html ?? ''; // sanitized by the server
      item.append(body);
      const reactions = document.createElement('div');
      reactions.className = 'd-inline-flex flex-wrap gap-1 align-items-center me-2';
      reactions.dataset.testid = 'reactions';
      item.append(reactions);
      if (thread === null) {
        const replies = text('a', 'Reply', 'small me-2');
        replies.href = `/chat/${id}?thread=${ev.id}`;
        replies.dataset.testid = 'replies';
        replies.dataset.count = 0;
        item.append(replies);
      }
      if (canSend) {
        const picker = document.createElement('details');
        picker.className = 'd-inline-block me-2';
        picker.append(text('summary', 'React', 'small text-body-secondary'));
        for (const emoji of ['👍', '❤️', '😂', '🎉', '👀']) {
          const quick = button(emoji, 'react', '');
          quick.dataset.emoji = emoji;
          quick.dataset.quick = '';
          quick.setAttribute('aria-label', `React with ${emoji}`);
          picker.append(quick);
        }
        item.append(picker);
      }
      if (mine && canSend) item.append(button('Edit', 'edit', 'me-2'));
      if ((mine && canSend) || isAdmin) item.append(button('Delete', 'delete', 'text-danger'));
      if (ev.deleted) markDeleted(item);
      root.querySelector(`[data-client-id="${CSS.escape(ev.clientMessageId ?? '')}"]`)?.remove();
    } else {
      item.className = 'mb-2 small text-body-secondary';
      item.textContent = `${ev.member?.displayName ?? ''} ${describe[ev.type] ?? ev.type}`;
    }
    return item;
  }

  // Archived (or open again) while the page is open: the box to write in goes (or says to reload).
  function archived(on) {
    root.dataset.archived = on ? 'true' : 'false';
    if (on && form) {
      form.hidden = true;
      if (!root.querySelector('[data-testid=archived]')) {
        const note = text('div', 'This channel is archived: it stays readable, and nobody writes in it.', 'alert alert-secondary py-2');
        note.dataset.testid = 'archived';
        list.before(note);
      }
    } else if (!on) {
      root.querySelector('[data-testid=archived]')?.remove();
      if (form) form.hidden = false;
    }
  }

  // "Older messages": the messages before the first shown, as they stand now (History), put above.
  const older = root.querySelector('[data-action=older]');
  if (older) {
    older.hidden = false;
    older.addEventListener('click', async () => {
      const first = list.querySelector('[data-seq]');
      const before = first ? Number(first.dataset.seq) : last + 1;
      older.disabled = true;
      try {
        const page = await connection.invoke('History', id, before);
        const top = list.firstElementChild;
        for (const m of page) {
          if (list.querySelector(`[data-testid=message][data-id="${m.message.id}"]`)) continue;
          const item = build(m.message);
          for (const r of m.reactions) {
            for (let n = 0; n < r.count; n++) react(item, { emoji: r.emoji, added: true, member: { id: n === 0 && r.mine ? me : '' } });
          }
          const replies = item.querySelector('[data-testid=replies]');
          if (replies && m.replyCount > 0) { replies.dataset.count = m.replyCount; replies.textContent = m.replyCount === 1 ? '1 reply' : `${m.replyCount} replies`; }
          list.insertBefore(item, top);
        }
        if (page.length < 50) older.remove(); else older.disabled = false;
      } catch (error) {
        older.disabled = false;
        alert(error.message.replace(/^.*HubException: /, ''));
      }
    });
  }

  // "Seen by" (direct and group conversations): who has read the last message shown, pushed as they read.
  const seenBox = root.querySelector('[data-testid=seen-by]');
  const seen = new Map((seenBox ? JSON.parse(seenBox.dataset.seen || '[]') : []).map(m => [m.id, m]));
  function showSeen() {
    if (!seenBox) return;
    const lastItem = [...list.querySelectorAll('[data-testid=message]')].pop();
    if (!lastItem) return;
    const lastSeq = Number(lastItem.dataset.seq);
    const author = lastItem.dataset.authorId;
    const names = [...seen.values()].filter(m => m.seq >= lastSeq && m.id !== author && m.id !== me).map(m => m.name);
    seenBox.textContent = names.length ? `Seen by ${names.join(', ')}` : '';
  }
  connection.on('Seen', (conversationId, user, seq) => {
    if (conversationId !== id || !seenBox || user.id === me) return;
    seen.set(user.id, { id: user.id, name: user.displayName, seq });
    showSeen();
  });

  // Shows every waiting event that is next in line; true when some are still waiting behind a gap.
  function drain() {
    while (pending.has(last + 1)) {
      const ev = pending.get(last + 1);
      pending.delete(last + 1);
      last = ev.seq;
      show(ev);
    }
    for (const seq of pending.keys()) if (seq <= last) pending.delete(seq);
    return pending.size > 0;
  }

  let catching = null;
  async function catchUp() {
    if (catching) return catching;
    catching = (async () => {
      let events;
      do {
        events = await connection.invoke('Subscribe', id, last);
        for (const ev of events) pending.set(ev.seq, ev);
        drain();
      } while (events.length === 500);
    })().finally(() => { catching = null; });
    await catching;
    markRead();
  }

  function receive(ev) {
    if (ev.conversationId !== id || ev.seq <= last) return;
    pending.set(ev.seq, ev);
    if (drain()) catchUp().catch(() => {});
    else markRead();
  }

  let readTimer = null;
  function markRead() {
    if (document.hidden || readTimer || jumped) return;
    readTimer = setTimeout(() => {
      readTimer = null;
      if (connection.state === 'Connected') connection.invoke('MarkRead', id, last).catch(() => {});
    }, 500);
  }
  document.addEventListener('visibilitychange', markRead);

  let typingShown = null;
  connection.on('Event', receive);
  connection.on('Typing', (conversationId, user) => {
    if (conversationId !== id || !typing) return;
    typing.textContent = `${user.displayName} is typing…`;
    clearTimeout(typingShown);
    typingShown = setTimeout(() => { typing.innerHTML = '&nbsp;'; }, 3000);
  });

  async function flush() {
    for (const [clientId, message] of outbox) {
      if (connection.state !== 'Connected') return;
      try {
        receive(await (thread === null ? connection.invoke('Send', id, message, clientId) : connection.invoke('Reply', id, thread, message, clientId)));
        outbox.delete(clientId);
      } catch (error) {
        if (connection.state === 'Connected') { // refused, not lost: say why and keep the text
          outbox.delete(clientId);
          root.querySelector(`[data-client-id="${CSS.escape(clientId)}"]`)?.replaceChildren(text('span', `Not sent: ${error.message.replace(/^.*HubException: /, '')}`, 'text-danger'));
        }
      }
    }
  }

  const newId = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`);

  if (form && box) {
    const file = form.querySelector('input[type=file]');
    form.addEventListener('submit', event => {
      if (file?.files.length) return; // a file goes with an ordinary post (the page comes back with it sent)
      event.preventDefault();
      const message = box.value.trim();
      if (!message) return;
      const clientId = newId();
      outbox.set(clientId, message);
      const waiting = text('li', message, 'mb-2 text-body-secondary fst-italic');
      waiting.dataset.clientId = clientId;
      list.append(waiting);
      box.value = '';
      flush();
    });
    box.addEventListener('keydown', event => {
      if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
    });
    let lastTyping = 0;
    box.addEventListener('input', () => {
      const now = Date.now();
      if (now - lastTyping < 2000 || connection.state !== 'Connected') return;
      lastTyping = now;
      connection.invoke('Typing', id).catch(() => {});
    });
  }

  // Edit and delete, on the message's own buttons.
  list.addEventListener('click', async event => {
    const action = event.target.closest('[data-action]');
    const item = action?.closest('[data-testid=message]');
    if (!action || !item) return;
    const messageId = Number(item.dataset.id);
    if (action.dataset.action === 'react') {
      const emoji = action.dataset.emoji;
      const chip = [...item.querySelectorAll('[data-testid=reactions] [data-action=react]')].find(b => b.dataset.emoji === emoji);
      const on = !(chip?.getAttribute('aria-pressed') === 'true');
      action.closest('details')?.removeAttribute('open');
      try { const ev = await connection.invoke('React', messageId, emoji, on); if (ev) receive(ev); } catch (error) { alert(error.message.replace(/^.*HubException: /, '')); }
      return;
    }
    if (action.dataset.action === 'delete') {
      if (!confirm('Delete this message for everyone?')) return;
      try { receive(await connection.invoke('Delete', messageId)); } catch (error) { alert(error.message.replace(/^.*HubException: /, '')); }
      return;
    }
    const body = item.querySelector('.chat-text');
    if (!body || item.querySelector('textarea')) return;
    const editor = document.createElement('form');
    editor.className = 'd-flex gap-2 my-1';
    const area = document.createElement('textarea');
    area.className = 'form-control';
    area.rows = 2;
    area.setAttribute('aria-label', 'Edit message');
    area.value = item.dataset.text ?? body.textContent.trim();
    const save = text('button', 'Save', 'btn btn-sm btn-primary');
    editor.append(area, save);
    body.after(editor);
    area.focus();
    editor.addEventListener('submit', async submit => {
      submit.preventDefault();
      try {
        receive(await connection.invoke('Edit', messageId, area.value));
        editor.remove();
      } catch (error) { alert(error.message.replace(/^.*HubException: /, '')); }
    });
  });

  // data-live says whether the page receives events now (subscribed and caught up).
  const live = on => { root.dataset.live = on ? 'true' : 'false'; };
  connection.onreconnecting(() => live(false));
  connection.onclose(() => live(false));
  // After every (re)connection: catch up from the last event shown, then send what waits.
  chat.onConnected(() => catchUp().then(() => live(true)).then(flush).catch(() => {}));
})();
