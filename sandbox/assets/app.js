// scurry sandbox: a small Discord client over the fake's JSON API (see the
// sandbox package's doc.go). Plain JavaScript, no build step, no network
// access beyond this page's own server. Everything from the server is shown
// with textContent, never as HTML.
"use strict";

const state = {
  world: null, guild: null, channel: null, me: null,
  members: new Map(),          // user id -> name (all guilds)
  commands: [],                // the bot's commands in this guild
  pending: new Map(),          // interaction id -> what the page sent
  early: new Map(),            // responses that arrived before the POST that caused them returned
  lastBeat: new Map(),         // conn -> time of its last heartbeat
  refreshing: false, again: false,
};

const $ = (id) => document.getElementById(id);
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
  const r = await fetch("/api/" + path, init);
  const text = await r.text();
  const data = text ? JSON.parse(text) : {};
  if (!r.ok) { const e = new Error(data.error || r.statusText); e.field = data.field; throw e; }
  return data;
}

// ---------- world: guilds, channels, members ----------

async function loadWorld() {
  state.world = await api("GET", "world");
  for (const g of state.world.guilds) for (const m of g.members) state.members.set(m.id, m.name);
  const nav = $("guilds"); nav.replaceChildren();
  for (const g of state.world.guilds) {
    const b = el("button", "guild", g.name.split(/\s+/).map(w => w[0]).join("").slice(0, 3).toUpperCase());
    b.title = g.name; b.dataset.id = g.id;
    b.onclick = () => selectGuild(g.id);
    nav.append(b);
  }
  if (state.world.guilds.length) selectGuild(state.guild ? state.guild.id : state.world.guilds[0].id);
}

function selectGuild(id) {
  state.guild = state.world.guilds.find(g => g.id === id) || state.world.guilds[0];
  for (const b of document.querySelectorAll(".guild")) b.classList.toggle("active", b.dataset.id === state.guild.id);
  $("guild-name").textContent = state.guild.name;
  const sel = $("as-member"); const keep = state.me; sel.replaceChildren();
  for (const m of state.guild.members) {
    if (m.bot) continue;
    const o = el("option", null, m.name); o.value = m.id; sel.append(o);
  }
  if (keep && [...sel.options].some(o => o.value === keep)) sel.value = keep;
  state.me = sel.value;
  renderChannels();
  const text = state.guild.channels.filter(c => c.type === 0 || c.type === 5 || c.type >= 10 && c.type <= 12);
  const cur = state.channel && text.find(c => c.id === state.channel.id);
  selectChannel((cur || text[0] || {}).id);
  loadCommands();
}

function renderChannels() {
  const box = $("channels"); box.replaceChildren();
  const chans = state.guild.channels;
  const add = (c, cls) => {
    const b = el("button", "channel " + cls, c.name || c.id);
    b.dataset.id = c.id;
    if (c.type === 4) b.disabled = true; else b.onclick = () => selectChannel(c.id);
    box.append(b);
  };
  for (const c of chans) {
    if (c.type >= 10 && c.type <= 12) continue;
    if (c.type === 2 || c.type === 13) continue; // voice: nothing to show
    add(c, c.type === 4 ? "category" : "");
    for (const t of chans) if (t.type >= 10 && t.type <= 12 && t.parent_id === c.id) add(t, "thread");
  }
  markChannel();
}

function markChannel() {
  for (const b of document.querySelectorAll(".channel")) b.classList.toggle("active", !!state.channel && b.dataset.id === state.channel.id);
}

function selectChannel(id) {
  state.channel = state.guild.channels.find(c => c.id === id) || null;
  $("channel-name").textContent = state.channel ? state.channel.name : "";
  markChannel();
  $("ephemeral").replaceChildren();
  refreshMessages();
}

$("as-member").onchange = (e) => { state.me = e.target.value; };

// ---------- messages ----------

async function refreshMessages() {
  if (!state.channel) return;
  if (state.refreshing) { state.again = true; return; }
  state.refreshing = true;
  try {
    const chan = state.channel.id;
    const data = await api("GET", "channels/" + chan + "/messages");
    if (!state.channel || state.channel.id !== chan) return;
    const box = $("messages");
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    box.replaceChildren(...data.messages.map(renderMessage));
    if (atBottom) box.scrollTop = box.scrollHeight;
  } catch (e) {
    $("composer-error").textContent = e.message;
  } finally {
    state.refreshing = false;
    if (state.again) { state.again = false; refreshMessages(); }
  }
}

function authorName(m) {
  if (m.member && m.member.nick) return m.member.nick;
  return state.members.get(m.author.id) || m.author.global_name || m.author.username;
}

function renderMessage(m) {
  const d = el("div", "message"); d.dataset.id = m.id;
  const head = el("div");
  const a = el("span", "author" + (m.author.bot ? " bot" : ""), authorName(m));
  head.append(a, el("span", "time", new Date(m.timestamp).toLocaleTimeString()));
  const add = el("button", "react-add", "+😀"); add.title = "react as you";
  add.onclick = () => react(m, "👍");
  head.append(add);
  d.append(head);
  if (m.content) {
    const c = el("div", "content", m.content);
    if (m.edited_timestamp) c.append(el("span", "edited", "(edited)"));
    d.append(c);
  }
  for (const e of m.embeds || []) d.append(renderEmbed(e));
  for (const at of m.attachments || []) d.append(el("span", "attachment", "📎 " + at.filename + " (" + at.size + " B)"));
  if (m.poll) d.append(renderPoll(m.poll));
  const comps = el("div", "components");
  for (const c of m.components || []) { const r = renderComponent(c, m); if (r) comps.append(r); }
  if (comps.childNodes.length) d.append(comps);
  if (m.reactions && m.reactions.length) {
    const rs = el("div", "reactions");
    for (const r of m.reactions) {
      const name = r.emoji.id ? ":" + r.emoji.name + ":" : r.emoji.name;
      const b = el("button", "reaction" + (r.me ? " me" : ""), name + " " + r.count);
      b.title = r.me ? "the bot reacted" : "react as you";
      b.onclick = () => react(m, r.emoji.id ? r.emoji.name + ":" + r.emoji.id : r.emoji.name);
      rs.append(b);
    }
    d.append(rs);
  }
  return d;
}

function renderEmbed(e) {
  const b = el("div", "embed");
  if (e.color !== undefined) b.style.borderLeftColor = "#" + Number(e.color).toString(16).padStart(6, "0");
  if (e.author && e.author.name) b.append(el("div", "e-author", e.author.name));
  if (e.title) b.append(el("div", "e-title", e.title));
  if (e.description) b.append(el("div", "e-desc content", e.description));
  if (e.fields && e.fields.length) {
    const fs = el("div", "e-fields");
    for (const f of e.fields) { const x = el("div", "e-field" + (f.inline ? " inline" : "")); x.append(el("b", null, f.name), el("span", "content", f.value)); fs.append(x); }
    b.append(fs);
  }
  if (e.image && e.image.url) b.append(el("div", "media", "🖼 " + e.image.url));
  if (e.thumbnail && e.thumbnail.url) b.append(el("div", "media", "🖼 " + e.thumbnail.url));
  if (e.footer && e.footer.text) b.append(el("div", "e-footer", e.footer.text + (e.timestamp ? " • " + new Date(e.timestamp).toLocaleString() : "")));
  return b;
}

function renderPoll(p) {
  const b = el("div", "poll");
  b.append(el("div", "q", "📊 " + ((p.question && p.question.text) || "poll")));
  const ul = el("ul");
  const counts = new Map();
  for (const c of (p.results && p.results.answer_counts) || []) counts.set(c.id, c.count);
  for (const a of p.answers || []) {
    const t = ((a.poll_media && a.poll_media.emoji && a.poll_media.emoji.name) ? a.poll_media.emoji.name + " " : "") + ((a.poll_media && a.poll_media.text) || "");
    ul.append(el("li", null, t + (counts.has(a.answer_id) ? " — " + counts.get(a.answer_id) : "")));
  }
  b.append(ul);
  if (p.expiry) b.append(el("div", "e-footer", "ends " + new Date(p.expiry).toLocaleString()));
  return b;
}

// renderComponent draws legacy action rows and components v2.
function renderComponent(c, m) {
  switch (c.type) {
    case 1: { const r = el("div", "row"); for (const k of c.components || []) { const x = renderComponent(k, m); if (x) r.append(x); } return r; }
    case 2: {
      const b = el("button", "btn s" + (c.style || 2), (c.emoji && c.emoji.name ? c.emoji.name + " " : "") + (c.label || ""));
      b.disabled = !!c.disabled;
      if (c.style === 5) { b.title = c.url; b.onclick = () => note("link button: " + c.url); return b; }
      if (c.custom_id) { b.dataset.customId = c.custom_id; b.onclick = () => click(m, c, []); }
      return b;
    }
    case 3: case 5: case 6: case 7: case 8: {
      const s = el("select", "cselect"); s.dataset.customId = c.custom_id; s.disabled = !!c.disabled;
      const max = c.max_values || 1;
      if (max > 1) s.multiple = true;
      const ph = el("option", null, c.placeholder || "Make a selection"); ph.value = ""; if (!s.multiple) s.append(ph);
      const opts = c.type === 3 ? (c.options || []).map(o => [o.value, o.label]) :
        c.type === 5 ? state.guild.members.map(x => [x.id, x.name]) :
        c.type === 8 ? state.guild.channels.map(x => [x.id, "#" + x.name]) : [];
      for (const [v, l] of opts) { const o = el("option", null, l); o.value = v; s.append(o); }
      const go = () => { const vals = [...s.selectedOptions].map(o => o.value).filter(Boolean); if (vals.length) click(m, c, vals); };
      if (s.multiple) { const b = el("button", "btn s1", "Choose"); b.onclick = go; const w = el("span"); w.append(s, b); return w; }
      s.onchange = go;
      return s;
    }
    case 9: { const sec = el("div", "section"); const t = el("div"); for (const k of c.components || []) t.append(renderComponent(k, m)); sec.append(t); if (c.accessory) sec.append(renderComponent(c.accessory, m)); return sec; }
    case 10: return el("div", "content", c.content);
    case 11: return el("span", "media", "🖼 " + ((c.media && c.media.url) || ""));
    case 12: { const g = el("div"); for (const it of c.items || []) g.append(el("span", "media", "🖼 " + ((it.media && it.media.url) || ""))); return g; }
    case 13: return el("span", "attachment", "📎 " + ((c.file && c.file.url) || ""));
    case 14: return el("div", "separator");
    case 17: {
      const box = el("div", "container");
      if (c.accent_color !== undefined && c.accent_color !== null) box.style.borderLeftColor = "#" + Number(c.accent_color).toString(16).padStart(6, "0");
      for (const k of c.components || []) { const x = renderComponent(k, m); if (x) box.append(x); }
      return box;
    }
    default: return el("div", "content", "[component type " + c.type + "]");
  }
}

function note(text) { $("composer-error").textContent = text; }

async function react(m, emoji) {
  try { await api("POST", "channels/" + m.channel_id + "/messages/" + m.id + "/reactions", { user_id: state.me, emoji }); note(""); }
  catch (e) { note(e.message); }
}

async function click(m, c, values) {
  const data = { custom_id: c.custom_id, component_type: c.type };
  if (c.type !== 2) data.values = values;
  await sendInteraction({ type: 3, channel_id: m.channel_id, user_id: state.me, message_id: m.id, data });
}

async function sendInteraction(body) {
  try {
    const r = await api("POST", "interactions", body);
    state.pending.set(r.id, body);
    note("");
    const early = state.early.get(r.id);
    if (early) { state.early.delete(r.id); onResponse(early); }
    return r.id;
  } catch (e) { note((e.field ? e.field + ": " : "") + e.message); return null; }
}

// ---------- composer, slash commands, autocomplete ----------

const input = $("composer-input");
input.addEventListener("input", () => {
  const n = [...input.value].length;
  const cnt = $("composer-count"); cnt.textContent = n > 1800 ? (2000 - n) : ""; cnt.classList.toggle("over", n > 2000);
  showSuggestions();
});

function showSuggestions() {
  const box = $("suggestions");
  const v = input.value;
  if (!v.startsWith("/") || v.includes(" ")) { box.hidden = true; return; }
  const q = v.slice(1).toLowerCase();
  const list = state.commands.filter(c => (c.type || 1) === 1 && c.name.startsWith(q));
  box.replaceChildren(...list.map(c => { const b = el("button", null, "/" + c.name + " — " + (c.description || "")); b.type = "button"; b.dataset.command = c.name; b.onclick = () => openCommand(c); return b; }));
  box.hidden = list.length === 0;
}

async function loadCommands() {
  if (!state.guild) return;
  try { state.commands = (await api("GET", "commands?guild_id=" + state.guild.id)).commands; } catch (e) { state.commands = []; }
}

// openCommand shows one input per option (a subcommand picker first when the
// command has subcommands) and sends the command when the form is submitted.
function openCommand(cmd, sub) {
  $("suggestions").hidden = true;
  const form = $("command-form"); form.replaceChildren(); form.hidden = false;
  form.append(el("b", null, "/" + cmd.name));
  let opts = cmd.options || [];
  const subs = opts.filter(o => o.type === 1);
  if (subs.length) {
    const s = el("select"); s.id = "subcommand";
    for (const o of subs) { const x = el("option", null, o.name); x.value = o.name; s.append(x); }
    if (sub) s.value = sub;
    s.onchange = () => openCommand(cmd, s.value);
    form.append(s);
    opts = (subs.find(o => o.name === s.value) || subs[0]).options || [];
  }
  for (const o of opts) form.append(optionInput(cmd, o));
  const send = el("button", null, "Run"); send.type = "submit";
  const cancel = el("button", null, "Cancel"); cancel.type = "button"; cancel.onclick = closeCommand;
  form.append(send, cancel, el("div", "field-error"));
  form.onsubmit = (e) => { e.preventDefault(); runCommand(cmd, 2); };
  input.value = "/" + cmd.name + " ";
  const first = form.querySelector("input,select:not(#subcommand)"); if (first) first.focus();
}

function closeCommand() { const f = $("command-form"); f.hidden = true; f.replaceChildren(); input.value = ""; }

function optionInput(cmd, o) {
  const l = el("label", null, o.name + (o.required ? " *" : ""));
  let x;
  if (o.choices && o.choices.length) {
    x = el("select"); if (!o.required) { const e = el("option", null, ""); e.value = ""; x.append(e); }
    for (const c of o.choices) { const e = el("option", null, c.name); e.value = JSON.stringify(c.value); x.append(e); }
  } else if (o.type === 5) {
    x = el("select"); for (const v of ["", "true", "false"]) { const e = el("option", null, v); e.value = v; x.append(e); }
  } else if (o.type === 6 || o.type === 9) {
    x = el("select"); x.append(el("option", null, "")); x.options[0].value = "";
    for (const m of state.guild.members) { const e = el("option", null, m.name); e.value = m.id; x.append(e); }
  } else if (o.type === 7) {
    x = el("select"); x.append(el("option", null, "")); x.options[0].value = "";
    for (const c of state.guild.channels) { const e = el("option", null, "#" + c.name); e.value = c.id; x.append(e); }
  } else {
    x = el("input");
    if (o.type === 4 || o.type === 10) { x.type = "number"; if (o.type === 4) x.step = "1"; if (o.min_value !== undefined) x.min = o.min_value; if (o.max_value !== undefined) x.max = o.max_value; }
    if (o.max_length) x.maxLength = o.max_length;
    if (o.min_length) x.minLength = o.min_length;
  }
  x.name = o.name; x.dataset.type = o.type; x.required = !!o.required; x.title = o.description || "";
  if (o.autocomplete) {
    const box = el("div", "choices"); box.hidden = true;
    x.addEventListener("input", () => { state.autocomplete = { box, input: x }; runCommand(cmd, 4, o.name); });
    l.append(x, box);
  } else l.append(x);
  return l;
}

function optionValue(x) {
  const t = Number(x.dataset.type);
  if (x.tagName === "SELECT" && x.options[x.selectedIndex] && x.value !== "" && (x.options[x.selectedIndex].value.startsWith('"') || /^-?[0-9.]+$/.test(x.value)) && !(t >= 6 && t <= 9)) {
    try { return JSON.parse(x.value); } catch (e) { /* plain text */ }
  }
  if (t === 5) return x.value === "true";
  if (t === 4 || t === 10) return Number(x.value);
  return x.value;
}

async function runCommand(cmd, type, focused) {
  const form = $("command-form");
  const err = form.querySelector(".field-error");
  const options = [];
  for (const x of form.querySelectorAll("input[name],select[name]")) {
    if (x.value === "" && x.name !== focused) {
      if (x.required && type === 2) { err.textContent = "option " + x.name + " is required"; x.focus(); return; }
      continue;
    }
    if (type === 2 && !x.checkValidity()) { err.textContent = x.name + ": " + x.validationMessage; x.focus(); return; }
    const o = { name: x.name, value: type === 4 && x.name === focused ? x.value : optionValue(x) };
    if (x.name === focused) o.focused = true;
    options.push(o);
  }
  const sub = form.querySelector("#subcommand");
  const data = { name: cmd.name, options: sub ? [{ name: sub.value, options }] : options };
  const id = await sendInteraction({ type, channel_id: state.channel.id, user_id: state.me, data });
  if (id && type === 2) closeCommand();
  if (!id && type === 2) err.textContent = $("composer-error").textContent;
}

$("composer").onsubmit = async (e) => {
  e.preventDefault();
  const text = input.value;
  if (text.startsWith("/")) {
    const name = text.slice(1).split(" ")[0];
    const cmd = state.commands.find(c => c.name === name);
    if (cmd) { openCommand(cmd); return; }
  }
  if (!text.trim()) { note("a message cannot be empty"); return; }
  if ([...text].length > 2000) { note("content: at most 2000 characters"); return; }
  try {
    await api("POST", "channels/" + state.channel.id + "/messages", { author_id: state.me, content: text });
    input.value = ""; note(""); $("composer-count").textContent = "";
  } catch (err) { note((err.field ? err.field + ": " : "") + err.message); }
};

// ---------- interaction responses: ephemeral, autocomplete, modals ----------

function onResponse(r) {
  const sent = state.pending.get(r.interaction_id);
  if (!sent) {
    // The live stream can beat the answer to our own POST; keep the last few.
    state.early.set(r.interaction_id, r);
    if (state.early.size > 50) state.early.delete(state.early.keys().next().value);
    return;
  }
  const d = r.data || {};
  if (r.type === 8) { showChoices(d.choices || []); return; }
  if (r.type === 9) { openModal(r.interaction_id, sent, d); return; }
  if ((r.type === 4 || r.type === 7) && d.flags && (d.flags & 64)) {
    const m = { id: "eph" + r.interaction_id, channel_id: sent.channel_id, author: { id: state.world.bot.id, username: state.world.bot.name, bot: true },
      timestamp: r.time, content: d.content, embeds: d.embeds, components: d.components };
    const box = $("ephemeral"); const x = renderMessage(m); x.append(el("div", "note", "Only you can see this"));
    box.replaceChildren(x);
  }
}

function showChoices(choices) {
  const ac = state.autocomplete; if (!ac) return;
  ac.box.replaceChildren(...choices.map(c => { const b = el("button", null, c.name); b.type = "button"; b.onclick = () => { ac.input.value = c.value; ac.box.hidden = true; }; return b; }));
  ac.box.hidden = choices.length === 0;
}

function openModal(of, sent, d) {
  const dlg = $("modal");
  $("modal-title").textContent = d.title || "";
  const box = $("modal-fields"); box.replaceChildren(); $("modal-error").textContent = "";
  const inputs = [];
  const addInput = (label, t) => {
    const l = el("label", null, (label || t.label || t.custom_id) + (t.required === false ? "" : " *"));
    const x = t.style === 2 ? el("textarea") : el("input");
    x.name = t.custom_id; x.required = t.required !== false;
    if (t.min_length) x.minLength = t.min_length;
    if (t.max_length) x.maxLength = t.max_length;
    if (t.placeholder) x.placeholder = t.placeholder;
    if (t.value) x.value = t.value;
    l.append(x); box.append(l); inputs.push(x);
  };
  const walk = (cs, label) => { for (const c of cs || []) {
    if (c.type === 4) addInput(label, c);
    else if (c.type === 18) walk([c.component], c.label);
    else if (c.type === 10) box.append(el("div", "content", c.content));
    else walk(c.components, label);
  } };
  walk(d.components);
  $("modal-cancel").onclick = () => dlg.close();
  $("modal-form").onsubmit = async (e) => {
    e.preventDefault();
    for (const x of inputs) if (!x.checkValidity()) { $("modal-error").textContent = x.name + ": " + x.validationMessage; x.focus(); return; }
    const fields = inputs.map(x => ({ custom_id: x.name, value: x.value }));
    const id = await sendInteraction({ type: 5, channel_id: sent.channel_id, user_id: sent.user_id, modal_of: of, data: { custom_id: d.custom_id, fields } });
    if (id) dlg.close(); else $("modal-error").textContent = $("composer-error").textContent;
  };
  dlg.showModal();
}

// ---------- the side panel: what the bot did ----------

const OPS = { 1: "heartbeat", 2: "identify", 3: "presence update", 4: "voice state", 6: "resume", 8: "request members", 31: "request soundboard" };

// log adds a line to the panel: ↑ the bot sent it (REST request, gateway
// payload), ↓ Discord sent it to the bot (dispatch), • a connection event.
function log(kind, parts) {
  const ol = $("log");
  const li = el("li", kind);
  for (const [cls, text] of parts) li.append(el("span", cls, text));
  const stick = ol.scrollHeight - ol.scrollTop - ol.clientHeight < 40;
  ol.append(li);
  while (ol.childNodes.length > 500) ol.firstChild.remove();
  if (stick) ol.scrollTop = ol.scrollHeight;
}

function hhmmss(t) { return new Date(t).toLocaleTimeString() + " "; }

function onRequest(q) {
  const rl = q.rate_limit || {};
  let limits = "";
  if (rl["X-Ratelimit-Bucket"]) limits += " bucket " + rl["X-Ratelimit-Bucket"].slice(0, 8);
  if (rl["X-Ratelimit-Remaining"] !== undefined) limits += " " + rl["X-Ratelimit-Remaining"] + "/" + rl["X-Ratelimit-Limit"] + " left";
  if (rl["X-Ratelimit-Reset-After"]) limits += " reset " + rl["X-Ratelimit-Reset-After"] + "s";
  if (rl["Retry-After"]) limits += " retry-after " + rl["Retry-After"] + "s";
  if (q.scope) limits += " scope " + q.scope;
  const cls = q.status === 429 ? "s429" : "s" + String(q.status)[0];
  log("rest", [["dir", "↑"], ["", hhmmss(q.time)], ["", q.method + " " + (q.route || q.path) + " "], [cls, String(q.status)], ["rl", limits]]);
}

function onFrame(f) {
  const name = f.op === 0 ? f.t : (OPS[f.op] || "op " + f.op);
  if (f.op === 1) {
    const prev = state.lastBeat.get(f.conn); const now = Date.parse(f.time);
    state.lastBeat.set(f.conn, now);
    log("gateway heartbeat", [["dir", "↑"], ["", hhmmss(f.time)], ["hb", "heartbeat shard " + f.shard + (prev ? " (+" + ((now - prev) / 1000).toFixed(2) + " s since the last; ACK sent at once)" : "")]]);
    return;
  }
  log("gateway", [["dir", "↑"], ["", hhmmss(f.time)], ["", "bot sent " + name + " (shard " + f.shard + ", " + f.size + " B)"]]);
}

function onConn(c) {
  const text = (c.shard < 0 ? "new" : "shard " + c.shard) + " conn " + c.conn + " " + c.kind + (c.code ? " " + c.code : "") + (c.reason ? " (" + c.reason + ")" : "");
  log("gateway", [["dir", "•"], ["", hhmmss(c.time)], [c.kind === "closed" ? "close" : "", text]]);
  updateConnStatus();
}

let connTimer = null;
function updateConnStatus() {
  clearTimeout(connTimer);
  connTimer = setTimeout(async () => {
    try {
      const w = await api("GET", "world");
      const p = $("conn-status");
      p.textContent = w.bot_connections > 0 ? "bot connected (" + w.bot_connections + " shard" + (w.bot_connections > 1 ? "s" : "") + ")" : "no bot connected";
      p.classList.toggle("ok", w.bot_connections > 0);
    } catch (e) { /* next event retries */ }
  }, 100);
}

const MESSAGE_EVENTS = new Set(["MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE", "MESSAGE_DELETE_BULK", "MESSAGE_REACTION_ADD",
  "MESSAGE_REACTION_REMOVE", "MESSAGE_REACTION_REMOVE_ALL", "MESSAGE_REACTION_REMOVE_EMOJI", "MESSAGE_POLL_VOTE_ADD", "MESSAGE_POLL_VOTE_REMOVE"]);
const WORLD_EVENTS = new Set(["CHANNEL_CREATE", "CHANNEL_UPDATE", "CHANNEL_DELETE", "THREAD_CREATE", "THREAD_UPDATE", "THREAD_DELETE",
  "GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE", "GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE"]);

function onDispatch(d) {
  log("gateway", [["dir", "↓"], ["", hhmmss(d.time)], ["", d.t + (d.sessions ? " to " + d.sessions + " session" + (d.sessions > 1 ? "s" : "") : " (no bot session)")]]);
  if (MESSAGE_EVENTS.has(d.t) && state.channel && d.d && d.d.channel_id === state.channel.id) refreshMessages();
  if (WORLD_EVENTS.has(d.t)) loadWorld();
  if (d.t === "APPLICATION_COMMAND_PERMISSIONS_UPDATE") loadCommands();
}

for (const b of document.querySelectorAll("#tabs button")) {
  b.onclick = () => {
    for (const x of document.querySelectorAll("#tabs button")) x.classList.toggle("active", x === b);
    $("log").className = b.dataset.tab === "all" ? "" : "only-" + b.dataset.tab;
  };
}

for (const b of document.querySelectorAll("#faults button")) {
  b.onclick = async () => {
    const body = { kind: b.dataset.fault };
    if (b.dataset.code) body.code = Number(b.dataset.code);
    try { const r = await api("POST", "faults", body); $("fault-result").textContent = b.textContent + ": " + r.affected + (body.kind === "rest_429_storm" ? " requests will get 429" : " connection(s)"); }
    catch (e) { $("fault-result").textContent = b.textContent + ": " + e.message; }
  };
}

function connect() {
  const es = new EventSource("/api/events");
  es.addEventListener("ready", () => { document.body.dataset.live = "1"; refreshMessages(); updateConnStatus(); loadCommands(); });
  es.addEventListener("dispatch", (e) => onDispatch(JSON.parse(e.data)));
  es.addEventListener("request", (e) => { const q = JSON.parse(e.data); onRequest(q); if (q.route && q.route.includes("/commands")) loadCommands(); });
  es.addEventListener("frame", (e) => onFrame(JSON.parse(e.data)));
  es.addEventListener("conn", (e) => onConn(JSON.parse(e.data)));
  es.addEventListener("response", (e) => onResponse(JSON.parse(e.data)));
  es.onerror = () => { document.body.dataset.live = ""; };
}

loadWorld().then(connect).catch((e) => note("cannot load the sandbox: " + e.message));
