/*
 * CertiChat widget: one <script> tag opens a support chat with CertiChat's Rasa Socket.IO channel.
 *
 *   <script src="https://…/certichat-widget.js"
 *           data-server-url="https://bot.example.com"   (Rasa server; default: same host, port 5005)
 *           data-title="Soporte Certicámara"
 *           data-greeting="¡Hola! ¿En qué le puedo ayudar?"></script>
 *
 * Everything the bot or the person writes is inserted as text nodes, never as HTML; only links,
 * e-mail addresses and phone numbers become <a> elements, built one by one.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var base = script.src.replace(/[^/]*$/, "");
  var options = {
    serverUrl: script.getAttribute("data-server-url") ||
      window.location.protocol + "//" + window.location.hostname + ":5005",
    title: script.getAttribute("data-title") || "Soporte Certicámara",
    greeting: script.getAttribute("data-greeting") ||
      "¡Hola! Soy CertiChat. Cuénteme qué necesita, por ejemplo: «la huella no funciona».",
  };
  var STORAGE_KEY = "certichat:" + options.serverUrl;
  // On a shared computer the next person must not find the conversation: after this long without
  // use, the transcript and the session are forgotten.
  var IDLE_LIFETIME_MS = 30 * 60 * 1000;
  var CLIENT_LIBRARY = base + "node_modules/socket.io-client/dist/socket.io.min.js";

  // Links, e-mail addresses and Colombian phone numbers as the catalogue writes them: "(601) 3906642".
  var LINKABLE = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)])|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(\(\d{2,3}\)\s?\d[\d ]{5,}\d)/g;

  var STYLE = [
    ".cc-launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:28px;",
    "padding:14px 20px;background:#0b4f8a;color:#fff;font:600 15px/1 system-ui,sans-serif;cursor:pointer;",
    "box-shadow:0 4px 14px rgba(0,0,0,.25)}",
    ".cc-launcher:focus-visible,.cc-panel button:focus-visible,.cc-input:focus-visible{outline:3px solid #f5a623;outline-offset:2px}",
    ".cc-panel{position:fixed;right:20px;bottom:84px;z-index:2147483000;width:370px;height:560px;max-height:calc(100vh - 104px);",
    "display:flex;flex-direction:column;background:#fff;border-radius:12px;overflow:hidden;",
    "box-shadow:0 8px 30px rgba(0,0,0,.3);font:15px/1.4 system-ui,sans-serif;color:#1d1d1d}",
    ".cc-panel[hidden]{display:none}",
    ".cc-header{display:flex;align-items:center;justify-content:space-between;padding:12px 14px;background:#0b4f8a;color:#fff}",
    ".cc-header h2{margin:0;font-size:16px}",
    ".cc-clear{margin-left:auto;border:1px solid #fff;border-radius:6px;background:transparent;color:#fff;",
    "font:inherit;font-size:13px;padding:4px 8px;cursor:pointer}",
    ".cc-policy{margin:0;padding:6px 12px;font-size:12px;background:#f4f6f8;border-top:1px solid #dde3e8}",
    ".cc-policy[hidden]{display:none}",
    ".cc-close{border:0;background:transparent;color:#fff;font-size:22px;line-height:1;cursor:pointer;padding:4px 8px}",
    ".cc-status{padding:8px 14px;background:#fff4e5;color:#7a4b00;font-size:13px}",
    ".cc-status[hidden]{display:none}",
    ".cc-log{flex:1;overflow-y:auto;padding:12px;background:#f4f6f8}",
    ".cc-msg{max-width:85%;margin:6px 0;padding:8px 12px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".cc-bot{background:#fff;border:1px solid #dde3e8}",
    ".cc-user{margin-left:auto;background:#0b4f8a;color:#fff}",
    ".cc-msg a{color:inherit;font-weight:600}",
    ".cc-replies{display:flex;flex-wrap:wrap;gap:6px;margin:4px 0 8px}",
    ".cc-replies button{border:1px solid #0b4f8a;background:#fff;color:#0b4f8a;border-radius:16px;padding:6px 12px;",
    "font:inherit;font-size:14px;cursor:pointer}",
    ".cc-replies button:disabled{opacity:.5;cursor:default}",
    ".cc-form{display:flex;gap:6px;padding:10px;border-top:1px solid #dde3e8}",
    ".cc-input{flex:1;min-width:0;padding:10px;border:1px solid #b8c2cc;border-radius:8px;font:inherit}",
    ".cc-send{border:0;border-radius:8px;padding:0 14px;background:#0b4f8a;color:#fff;font:inherit;cursor:pointer}",
    ".cc-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}",
    "@media (max-width:480px){.cc-panel{right:0;bottom:0;width:100vw;height:100%;max-height:100%;border-radius:0}}",
  ].join("");

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function dialable(phone) {
    var digits = phone.replace(/\D/g, "");
    return "+" + (digits.length === 12 && digits.indexOf("57") === 0 ? digits : "57" + digits);
  }

  // Appends `text` to `parent` as text nodes, with links, e-mails and phones as <a> elements.
  function appendLinkified(parent, text) {
    var last = 0;
    text.replace(LINKABLE, function (match, url, email, phone, offset) {
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var href = url ? url : email ? "mailto:" + email : "tel:" + dialable(phone);
      var link = element("a", { href: href }, match);
      if (url) { link.target = "_blank"; link.rel = "noopener noreferrer"; }
      parent.appendChild(link);
      last = offset + match.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function freshState() {
    return { sessionId: null, transcript: [], open: false, savedAt: Date.now() };
  }

  function loadState() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "{}");
      if (!saved.savedAt || Date.now() - saved.savedAt > IDLE_LIFETIME_MS) {
        window.localStorage.removeItem(STORAGE_KEY);
        return freshState();
      }
      return { sessionId: saved.sessionId || null, transcript: saved.transcript || [], open: !!saved.open,
        savedAt: saved.savedAt };
    } catch (error) {
      return freshState();
    }
  }

  function start(io) {
    var state = loadState();
    var style = element("style");
    style.textContent = STYLE;
    document.head.appendChild(style);

    var launcher = element("button", { type: "button", class: "cc-launcher", "aria-expanded": "false",
      "aria-controls": "cc-panel" }, options.title);
    var panel = element("section", { id: "cc-panel", class: "cc-panel", role: "dialog", "aria-label": options.title });
    panel.hidden = true;
    var header = element("div", { class: "cc-header" });
    header.appendChild(element("h2", {}, options.title));
    var clear = element("button", { type: "button", class: "cc-clear" }, "Borrar conversación");
    var close = element("button", { type: "button", class: "cc-close", "aria-label": "Cerrar el chat" }, "×");
    header.appendChild(clear);
    header.appendChild(close);
    var status = element("div", { class: "cc-status", role: "status" });
    status.hidden = true;
    var log = element("div", { class: "cc-log", role: "log", "aria-live": "polite", "aria-label": "Conversación" });
    var form = element("form", { class: "cc-form" });
    var label = element("label", { for: "cc-input", class: "cc-sr" }, "Escriba su mensaje");
    var input = element("input", { id: "cc-input", class: "cc-input", type: "text", autocomplete: "off",
      maxlength: "2000", placeholder: "Escriba su mensaje…" });
    var send = element("button", { type: "submit", class: "cc-send" }, "Enviar");
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(send);
    var policy = element("p", { class: "cc-policy" });
    policy.hidden = true;
    [header, status, log, form, policy].forEach(function (part) { panel.appendChild(part); });
    document.body.appendChild(launcher);
    document.body.appendChild(panel);

    function save() {
      state.savedAt = Date.now();
      try {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
      } catch (error) { /* private mode: the conversation still works, it just won't survive a reload */ }
    }

    function render(entry) {
      var bubble = element("div", { class: "cc-msg " + (entry.from === "user" ? "cc-user" : "cc-bot") });
      if (entry.from === "user") {
        bubble.textContent = entry.text;
      } else {
        appendLinkified(bubble, entry.text);
      }
      log.appendChild(bubble);
      if (entry.replies && entry.replies.length) {
        var replies = element("div", { class: "cc-replies", role: "group", "aria-label": "Opciones" });
        entry.replies.forEach(function (reply) {
          var button = element("button", { type: "button" }, reply.title);
          button.disabled = !!entry.answered;
          button.addEventListener("click", function () {
            entry.answered = true;
            Array.prototype.forEach.call(replies.querySelectorAll("button"), function (b) { b.disabled = true; });
            sendMessage(reply.payload, reply.title);
          });
          replies.appendChild(button);
        });
        log.appendChild(replies);
      }
      log.scrollTop = log.scrollHeight;
    }

    function remember(entry) {
      state.transcript.push(entry);
      state.transcript = state.transcript.slice(-200);
      save();
      render(entry);
    }

    var socket = io(options.serverUrl, { transports: ["websocket"], reconnection: true, reconnectionDelayMax: 10000 });

    function sendMessage(message, shown) {
      remember({ from: "user", text: shown });
      socket.emit("user_uttered", { message: message, session_id: state.sessionId });
    }

    socket.on("connect", function () {
      status.hidden = true;
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("session_confirm", function (sessionId) {
      state.sessionId = typeof sessionId === "string" ? sessionId : sessionId.session_id;
      save();
    });
    socket.on("data_policy", function (data) {
      if (!data || typeof data.url !== "string" || !/^https?:\/\//.test(data.url)) return;
      policy.hidden = false;
      policy.textContent = "";
      var link = element("a", { href: data.url, target: "_blank", rel: "noopener noreferrer" },
        "Política de tratamiento de datos" + (data.controller ? " de " + data.controller : ""));
      policy.appendChild(link);
    });
    // Forgets everything on this computer and starts a new conversation with a new session.
    clear.addEventListener("click", function () {
      try { window.localStorage.removeItem(STORAGE_KEY); } catch (error) { /* nothing stored */ }
      state = freshState();
      state.open = true;
      log.textContent = "";
      socket.emit("session_request", {});
      remember({ from: "bot", text: options.greeting });
      input.focus();
    });
    socket.on("connect_error", showOffline);
    socket.on("disconnect", showOffline);
    function showOffline() {
      status.textContent = "Sin conexión con el asistente. Reintentando…";
      status.hidden = false;
    }
    socket.on("bot_uttered", function (message) {
      if (!message || typeof message.text !== "string") return;
      var replies = (message.quick_replies || message.buttons || []).map(function (r) {
        return { title: String(r.title), payload: String(r.payload) };
      });
      remember({ from: "bot", text: message.text, replies: replies });
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) return;
      input.value = "";
      sendMessage(text, text);
    });

    function setOpen(open) {
      panel.hidden = !open;
      launcher.setAttribute("aria-expanded", String(open));
      state.open = open;
      save();
      if (open) {
        if (!state.transcript.length) remember({ from: "bot", text: options.greeting });
        input.focus();
      } else {
        launcher.focus();
      }
    }
    launcher.addEventListener("click", function () { setOpen(panel.hidden); });
    close.addEventListener("click", function () { setOpen(false); });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") setOpen(false);
    });

    state.transcript.forEach(render);
    if (state.open) setOpen(true);
  }

  if (window.io) {
    start(window.io);
  } else {
    var loader = element("script", { src: CLIENT_LIBRARY });
    loader.onload = function () { start(window.io); };
    loader.onerror = function () { console.error("CertiChat: no se pudo cargar " + CLIENT_LIBRARY); };
    document.head.appendChild(loader);
  }
})();
