/*!
 * Micro-credential assistant: embeddable chat widget.
 *
 * Embed with one script tag and, optionally, a config object:
 *
 *   <script>
 *     window.MicrocredWidget = {serverUrl: "https://bot.example.edu.my", language: "en",
 *                               title: "Ask about micro-credentials", colours: {primary: "#0b5"}};
 *   </script>
 *   <script src="https://bot.example.edu.my/widget.js" async></script>
 *
 * or with data attributes on the tag itself:
 *   <script src="widget.js" data-server-url="http://localhost:5005" data-language="ms"></script>
 *
 * Talks to Rasa's socket.io channel (session_request → session_confirm, user_uttered,
 * bot_uttered). The server issues the session id: the first session_request carries none,
 * later ones the id the server confirmed, and whatever id session_confirm returns becomes the
 * session (the widget never makes one up). Keeps the rendered conversation in localStorage
 * under that id so that a reload shows it again. An answer's source line
 * ("_Source: micro-credential FAQ_", which the channel sends as a message of its own) is
 * shown as a quiet note inside the answer's bubble. Vanilla JS; the socket.io client is
 * loaded from vendor/ next to this file unless the page already has window.io.
 */
(function () {
  "use strict";

  if (window.__microcredWidget) return; // embedded twice: keep the first
  window.__microcredWidget = true;

  var SCRIPT = document.currentScript;
  var BASE_URL = (function () {
    try {
      return new URL(".", SCRIPT && SCRIPT.src ? SCRIPT.src : window.location.href).href;
    } catch (e) {
      return "";
    }
  })();

  var STRINGS = {
    en: {
      title: "Micro-credential assistant",
      subtitle: "Ask about fees, entry and credits",
      launcher: "Chat with the micro-credential assistant",
      close: "Close chat",
      placeholder: "Type your question…",
      inputLabel: "Your message",
      send: "Send",
      typing: "The assistant is typing…",
      connecting: "Connecting…",
      online: "Online",
      reconnecting: "Connection lost, reconnecting…",
      offline: "Offline",
      noReply: "No reply yet. Please try again in a moment.",
      reset: "New conversation",
      log: "Conversation with the assistant",
      suggestions: "Suggested replies",
      rate: "Was this answer helpful?",
      helpful: "Helpful",
      notHelpful: "Not helpful",
      you: "You said:",
      bot: "Assistant said:",
      empty: "Hi! Ask me about micro-credentials: fees, duration, entry requirements, " +
        "credit recognition or the courses on offer.",
      switchTo: "Bahasa Melayu",
      switchShort: "BM",
      image: "Image from the assistant",
    },
    ms: {
      title: "Pembantu mikro-kredensial",
      subtitle: "Tanya tentang yuran, kemasukan, kredit",
      launcher: "Berbual dengan pembantu mikro-kredensial",
      close: "Tutup sembang",
      placeholder: "Taip soalan anda…",
      inputLabel: "Mesej anda",
      send: "Hantar",
      typing: "Pembantu sedang menaip…",
      connecting: "Menyambung…",
      online: "Dalam talian",
      reconnecting: "Sambungan terputus, menyambung semula…",
      offline: "Luar talian",
      noReply: "Belum ada jawapan. Sila cuba sebentar lagi.",
      reset: "Perbualan baharu",
      log: "Perbualan dengan pembantu",
      suggestions: "Cadangan jawapan",
      rate: "Adakah jawapan ini membantu?",
      helpful: "Membantu",
      notHelpful: "Tidak membantu",
      you: "Anda:",
      bot: "Pembantu:",
      empty: "Hai! Tanyalah tentang mikro-kredensial: yuran, tempoh, syarat kemasukan, " +
        "pengiktirafan kredit atau kursus yang ditawarkan.",
      switchTo: "English",
      switchShort: "EN",
      image: "Imej daripada pembantu",
    },
  };

  var DEFAULT_COLOURS = {
    primary: "#1d4ed8", // header, user bubbles, send button
    primaryText: "#ffffff",
    accent: "#f59e0b", // focus ring
    background: "#f8fafc", // conversation background
    botBubble: "#ffffff",
    botText: "#0f172a",
    userBubble: null, // defaults to primary
    userText: null, // defaults to primaryText
  };

  var MAX_HISTORY = 200;
  var MAX_SESSION_ID = 256; // characters of a session id the widget accepts from the server

  // The line FAQ and pathway answers end with: "_Source: micro-credential FAQ_",
  // "_Sumber: Soalan Lazim mikro-kredensial_", "_Source: micro-credential FAQ, rule c_".
  // Rasa's socket.io channel sends each paragraph of a reply as a message of its own, so it
  // usually arrives alone (SOURCE_LINE); a channel that keeps paragraphs together sends it at
  // the end of the answer (SOURCE_TAIL).
  var SOURCE_LINE = /^\s*_((?:Source|Sumber):[^_\n]*[^_\s])_\s*$/;
  var SOURCE_TAIL = /\n[ \t]*\n\s*_((?:Source|Sumber):[^_\n]*[^_\s])_\s*$/;
  // Session ids this widget used to make up itself (crypto.randomUUID): never sent again.
  var LOCAL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  // ---------------------------------------------------------------- configuration

  function readConfig() {
    var data = (SCRIPT && SCRIPT.dataset) || {};
    var fromTag = {
      serverUrl: data.serverUrl,
      title: data.title,
      subtitle: data.subtitle,
      language: data.language,
      open: data.open === undefined ? undefined : data.open !== "false",
      colours: data.primaryColour || data.primaryColor ? {primary: data.primaryColour || data.primaryColor} : undefined,
    };
    var fromPage = window.MicrocredWidget && typeof window.MicrocredWidget === "object" ? window.MicrocredWidget : {};
    var config = {
      serverUrl: "http://localhost:5005",
      socketPath: "/socket.io",
      // Polling: Rasa 3.6 runs Sanic 21.12, whose websockets fail on Python 3.11.
      transports: ["polling"],
      title: null,
      subtitle: null,
      language: "en",
      open: false,
      typingTimeout: 20000,
      storagePrefix: "microcred-widget",
      socketIoUrl: BASE_URL + "vendor/socket.io.min.js",
      cssUrl: BASE_URL + "widget.css",
      showLanguageSwitch: true,
    };
    [fromTag, fromPage].forEach(function (source) {
      Object.keys(source).forEach(function (key) {
        if (source[key] !== undefined && source[key] !== null && key !== "colours" && key !== "colors") {
          config[key] = source[key];
        }
      });
    });
    config.colours = Object.assign({}, DEFAULT_COLOURS, fromTag.colours || {}, fromPage.colors || {}, fromPage.colours || {});
    config.serverUrl = String(config.serverUrl).replace(/\/+$/, "");
    return config;
  }

  // ---------------------------------------------------------------- storage (never throws)

  var memoryStore = {};
  function storeGet(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return Object.prototype.hasOwnProperty.call(memoryStore, key) ? memoryStore[key] : null;
    }
  }
  function storeSet(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (e) {
      memoryStore[key] = value;
    }
  }
  function storeRemove(key) {
    try {
      window.localStorage.removeItem(key);
    } catch (e) {
      delete memoryStore[key];
    }
  }

  /** A random id for a message in the page (never a session id: the server issues those). */
  function messageId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(bytes);
    } else {
      for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // ---------------------------------------------------------------- markdown → DOM (no innerHTML)

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function safeUrl(url) {
    var candidate = /^www\./i.test(url) ? "https://" + url : url;
    try {
      var parsed = new URL(candidate, window.location.href);
      if (parsed.protocol === "http:" || parsed.protocol === "https:" || parsed.protocol === "mailto:") {
        return parsed.href;
      }
    } catch (e) {
      /* not a URL: render as text */
    }
    return null;
  }

  function link(url, label) {
    var href = safeUrl(url);
    if (!href) return document.createTextNode(label);
    var a = el("a", "mcw-link", label);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  // Earliest match wins; each alternative is one inline construct.
  var INLINE = new RegExp(
    [
      "\\[([^\\]\\n]+)\\]\\(((?:https?://|mailto:|www\\.)[^\\s)]+)\\)", // 1,2: [text](url)
      "\\*\\*([^\\n]+?)\\*\\*", // 3: **bold**
      "(^|[^\\w*])\\*([^*\\s][^*\\n]*?)\\*(?![\\w*])", // 4,5: *italic*
      "(^|[^\\w])_([^_\\s](?:[^_\\n]*?[^_\\s])?)_(?!\\w)", // 6,7: _italic_ (not "a _ b _")
      "((?:https?://|www\\.)[^\\s<>\"]*[^\\s<>\".,;:!?)\\]'])", // 8: bare URL
    ].join("|")
  );

  function inline(text, parent) {
    var rest = text;
    while (rest) {
      var m = INLINE.exec(rest);
      if (!m) {
        parent.appendChild(document.createTextNode(rest));
        break;
      }
      var start = m.index;
      var lead = m[4] !== undefined ? m[4] : m[6] !== undefined ? m[6] : "";
      if (start + lead.length > 0) parent.appendChild(document.createTextNode(rest.slice(0, start) + lead));
      if (m[1] !== undefined) {
        parent.appendChild(link(m[2], m[1]));
      } else if (m[3] !== undefined) {
        inline(m[3], parent.appendChild(el("strong")));
      } else if (m[5] !== undefined) {
        inline(m[5], parent.appendChild(el("em")));
      } else if (m[7] !== undefined) {
        inline(m[7], parent.appendChild(el("em")));
      } else if (m[8] !== undefined) {
        parent.appendChild(link(m[8], m[8]));
      }
      rest = rest.slice(start + m[0].length);
    }
    return parent;
  }

  var BULLET = /^\s*(?:[-*•●▪]|(\d+)[.)])\s+(.*)$/;

  /** Renders simple markdown (paragraphs, line breaks, bullet and numbered lists, bold,
   * italics, links) into `container` using text nodes only, so HTML is always shown as text. */
  function renderMarkdown(text, container) {
    var lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    var block = null; // current <p>, <ul> or <ol>
    lines.forEach(function (line) {
      var bullet = BULLET.exec(line);
      if (!line.trim()) {
        block = null;
      } else if (bullet) {
        var tag = bullet[1] !== undefined ? "ol" : "ul";
        if (!block || block.tagName.toLowerCase() !== tag) {
          block = container.appendChild(el(tag, "mcw-list"));
          if (tag === "ol" && bullet[1] !== "1") block.start = parseInt(bullet[1], 10);
        }
        inline(bullet[2], block.appendChild(el("li")));
      } else {
        if (!block || block.tagName.toLowerCase() !== "p") {
          block = container.appendChild(el("p"));
        } else {
          block.appendChild(el("br"));
        }
        inline(line, block);
      }
    });
    return container;
  }

  // ---------------------------------------------------------------- sources of answers

  /** The source named by a message that is only a source line, else null. */
  function sourceOnly(message) {
    if (!message || message.from !== "bot" || message.image || message.cards) return null;
    var line = typeof message.text === "string" ? SOURCE_LINE.exec(message.text) : null;
    return line ? line[1] : null;
  }

  /** Whether `message` is an answer a source line that follows it belongs to. */
  function takesSource(message) {
    return !!(message && message.from === "bot" && message.text && !message.source);
  }

  /** History as kept before sources joined their answers: each source line that followed an
   * answer as a message of its own goes into that answer (with its buttons and votes). */
  function foldSources(history) {
    var folded = [];
    history.forEach(function (message) {
      var previous = folded[folded.length - 1];
      var source = sourceOnly(message);
      if (source && takesSource(previous) && !(message.buttons && previous.buttons)) {
        previous.source = source;
        if (message.buttons) {
          previous.buttons = message.buttons;
          if (typeof message.chosen === "number") previous.chosen = message.chosen;
        }
        if (message.feedback && !previous.feedback) previous.feedback = message.feedback;
        return;
      }
      folded.push(message);
    });
    return folded;
  }

  // ---------------------------------------------------------------- the widget

  function Widget(config) {
    this.config = config;
    this.key = config.storagePrefix;
    this.language = STRINGS[storeGet(this.key + ":language")] ? storeGet(this.key + ":language") : STRINGS[config.language] ? config.language : "en";
    // The session the server confirmed last (null until it has); the history is kept under
    // historyId: that session, a session id this widget once made up itself, or none yet.
    var stored = storeGet(this.key + ":session");
    this.sessionId = stored && !LOCAL_ID.test(stored) ? stored : null;
    this.historyId = stored || null;
    this.history = this.loadHistory();
    this.socket = null;
    this.confirmed = false;
    this.pending = [];
    this.typingTimer = null;
    this.build();
    this.renderHistory();
    this.setOpen(!!config.open || storeGet(this.key + ":open") === "1", false);
    this.connect();
  }

  Widget.prototype.t = function (key) {
    return STRINGS[this.language][key];
  };

  /** A config string, or {en: ..., ms: ...} picked by the current language. */
  Widget.prototype.pick = function (value) {
    if (value && typeof value === "object") return value[this.language] || value.en || null;
    return value || null;
  };

  /** Adopts the session id the server confirmed; the history moves under it. */
  Widget.prototype.adoptSession = function (id) {
    if (id !== this.historyId) {
      storeRemove(this.historyKey());
      this.historyId = id;
      if (this.history.length) this.saveHistory();
    }
    this.sessionId = id;
    storeSet(this.key + ":session", id);
  };

  /** Forgets the session: the next session_request asks the server for a new one. */
  Widget.prototype.forgetSession = function () {
    storeRemove(this.historyKey());
    storeRemove(this.key + ":session");
    this.sessionId = null;
    this.historyId = null;
  };

  Widget.prototype.historyKey = function () {
    return this.key + ":history:" + (this.historyId || "new");
  };

  Widget.prototype.loadHistory = function () {
    try {
      var stored = JSON.parse(storeGet(this.historyKey()) || "[]");
      return Array.isArray(stored) ? foldSources(stored) : [];
    } catch (e) {
      return [];
    }
  };

  Widget.prototype.saveHistory = function () {
    if (this.history.length > MAX_HISTORY) this.history = this.history.slice(-MAX_HISTORY);
    storeSet(this.historyKey(), JSON.stringify(this.history));
  };

  // ----- DOM

  Widget.prototype.build = function () {
    var c = this.config.colours;
    var root = el("div", "mcw-root");
    root.setAttribute("data-microcred-widget", "");
    var vars = {
      "--mcw-primary": c.primary,
      "--mcw-primary-text": c.primaryText,
      "--mcw-accent": c.accent,
      "--mcw-bg": c.background,
      "--mcw-bot-bg": c.botBubble,
      "--mcw-bot-text": c.botText,
      "--mcw-user-bg": c.userBubble || c.primary,
      "--mcw-user-text": c.userText || c.primaryText,
    };
    Object.keys(vars).forEach(function (name) {
      if (vars[name]) root.style.setProperty(name, vars[name]);
    });

    var panelId = "mcw-panel-" + Math.random().toString(36).slice(2, 8);
    var inputId = panelId + "-input";

    var launcher = el("button", "mcw-launcher");
    launcher.type = "button";
    launcher.setAttribute("aria-controls", panelId);
    launcher.setAttribute("aria-expanded", "false");
    launcher.appendChild(this.icon("chat"));
    launcher.appendChild(this.icon("down"));

    var panel = el("section", "mcw-panel");
    panel.id = panelId;
    panel.setAttribute("role", "dialog");
    panel.hidden = true;

    var header = el("header", "mcw-header");
    var avatar = el("div", "mcw-avatar");
    avatar.setAttribute("aria-hidden", "true");
    avatar.appendChild(this.icon("cap"));
    var heading = el("div", "mcw-heading");
    var title = el("h2", "mcw-title");
    var subtitle = el("p", "mcw-subtitle");
    var dot = el("span", "mcw-dot");
    dot.setAttribute("aria-hidden", "true");
    var subtitleText = el("span");
    subtitle.appendChild(dot);
    subtitle.appendChild(subtitleText);
    heading.appendChild(title);
    heading.appendChild(subtitle);
    var tools = el("div", "mcw-tools");
    var langButton = el("button", "mcw-tool mcw-lang");
    langButton.type = "button";
    var resetButton = el("button", "mcw-tool");
    resetButton.type = "button";
    resetButton.appendChild(this.icon("reset"));
    var closeButton = el("button", "mcw-tool");
    closeButton.type = "button";
    closeButton.appendChild(this.icon("close"));
    if (this.config.showLanguageSwitch) tools.appendChild(langButton);
    tools.appendChild(resetButton);
    tools.appendChild(closeButton);
    header.appendChild(avatar);
    header.appendChild(heading);
    header.appendChild(tools);

    var status = el("div", "mcw-status");
    status.setAttribute("role", "status");
    status.hidden = true;

    var log = el("div", "mcw-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-relevant", "additions");
    log.tabIndex = 0;

    var typing = el("div", "mcw-typing");
    typing.setAttribute("role", "status");
    typing.hidden = true;
    var dots = el("span", "mcw-typing-dots");
    dots.setAttribute("aria-hidden", "true");
    dots.appendChild(el("span"));
    dots.appendChild(el("span"));
    dots.appendChild(el("span"));
    var typingText = el("span", "mcw-sr");
    typing.appendChild(dots);
    typing.appendChild(typingText);

    var form = el("form", "mcw-composer");
    form.setAttribute("novalidate", "");
    var label = el("label", "mcw-sr");
    label.htmlFor = inputId;
    var input = el("input", "mcw-input");
    input.id = inputId;
    input.type = "text";
    input.autocomplete = "off";
    input.maxLength = 1000;
    input.setAttribute("enterkeyhint", "send");
    var send = el("button", "mcw-send");
    send.type = "submit";
    send.appendChild(this.icon("send"));
    var sendLabel = el("span", "mcw-send-label");
    send.appendChild(sendLabel);
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(send);

    panel.appendChild(header);
    panel.appendChild(status);
    panel.appendChild(log);
    panel.appendChild(typing);
    panel.appendChild(form);
    root.appendChild(panel);
    root.appendChild(launcher);

    this.dom = {
      root: root, launcher: launcher, panel: panel, title: title, subtitle: subtitleText,
      dot: dot, langButton: langButton, resetButton: resetButton, closeButton: closeButton,
      status: status, log: log, typing: typing, typingText: typingText, label: label,
      input: input, send: send, sendLabel: sendLabel,
    };
    this.applyStrings();

    var self = this;
    launcher.addEventListener("click", function () {
      self.setOpen(self.dom.panel.hidden, true);
    });
    closeButton.addEventListener("click", function () {
      self.setOpen(false, true);
    });
    resetButton.addEventListener("click", function () {
      self.reset();
    });
    langButton.addEventListener("click", function () {
      self.switchLanguage();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) return;
      input.value = "";
      self.sendUser(text, text);
    });
    root.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && !self.dom.panel.hidden) {
        event.preventDefault();
        self.setOpen(false, true);
      }
    });

    (document.body || document.documentElement).appendChild(root);
  };

  Widget.prototype.applyStrings = function () {
    var d = this.dom;
    var title = this.pick(this.config.title) || this.t("title");
    d.root.setAttribute("lang", this.language);
    d.title.textContent = title;
    d.panel.setAttribute("aria-label", title);
    d.launcher.setAttribute("aria-label", this.t("launcher"));
    d.launcher.title = this.t("launcher");
    d.closeButton.setAttribute("aria-label", this.t("close"));
    d.closeButton.title = this.t("close");
    d.resetButton.setAttribute("aria-label", this.t("reset"));
    d.resetButton.title = this.t("reset");
    d.langButton.textContent = this.t("switchShort");
    d.langButton.setAttribute("aria-label", this.t("switchTo"));
    d.langButton.title = this.t("switchTo");
    d.log.setAttribute("aria-label", this.t("log"));
    d.typingText.textContent = this.t("typing");
    d.label.textContent = this.t("inputLabel");
    d.input.placeholder = this.t("placeholder");
    d.sendLabel.textContent = this.t("send");
    d.send.setAttribute("aria-label", this.t("send"));
    this.updateStatus(this.statusState || "connecting");
    var empty = d.log.querySelector(".mcw-empty");
    if (empty) empty.textContent = this.t("empty");
  };

  Widget.prototype.icon = function (name) {
    var paths = {
      chat: "M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3 0-1.3-.6V16A2.5 2.5 0 0 1 4 13.5z",
      close: "M6 6l12 12M18 6L6 18",
      reset: "M4 12a8 8 0 1 0 2.6-5.9M4 4v4.5h4.5",
      send: "M4 12l16-8-6 16-2.5-6.5z",
      down: "M6 9l6 6 6-6",
      cap: "M2 9l10-5 10 5-10 5zM6 11v5c3 2.5 9 2.5 12 0v-5M22 9v6",
    };
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "mcw-icon mcw-icon-" + name);
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", paths[name]);
    svg.appendChild(path);
    return svg;
  };

  Widget.prototype.setOpen = function (open, byUser) {
    var d = this.dom;
    d.panel.hidden = !open;
    d.root.classList.toggle("mcw-open", open);
    d.launcher.setAttribute("aria-expanded", open ? "true" : "false");
    storeSet(this.key + ":open", open ? "1" : "0");
    if (open) {
      this.scrollToEnd();
      if (byUser) d.input.focus();
    } else if (byUser) {
      d.launcher.focus();
    }
  };

  Widget.prototype.scrollToEnd = function () {
    var log = this.dom.log;
    log.scrollTop = log.scrollHeight;
  };

  // ----- messages

  Widget.prototype.renderHistory = function () {
    var log = this.dom.log;
    while (log.firstChild) log.removeChild(log.firstChild);
    if (!this.history.length) {
      log.appendChild(el("p", "mcw-empty", this.t("empty")));
    }
    for (var i = 0; i < this.history.length; i++) this.renderMessage(this.history[i]);
    this.scrollToEnd();
  };

  Widget.prototype.addMessage = function (message) {
    message.id = message.id || messageId();
    this.history.push(message);
    this.saveHistory();
    var empty = this.dom.log.querySelector(".mcw-empty");
    if (empty) empty.parentNode.removeChild(empty);
    this.renderMessage(message);
    this.scrollToEnd();
  };

  Widget.prototype.renderMessage = function (message) {
    var isUser = message.from === "user";
    var row = el("div", "mcw-row " + (isUser ? "mcw-row-user" : "mcw-row-bot"));
    row.setAttribute("data-message-id", message.id);
    var previous = this.dom.log.lastElementChild;
    if (previous && previous.classList.contains(isUser ? "mcw-row-user" : "mcw-row-bot")) {
      row.classList.add("mcw-row-cont");
    }
    var bubble = el("div", "mcw-bubble " + (isUser ? "mcw-user" : "mcw-bot"));
    bubble.appendChild(el("span", "mcw-sr", isUser ? this.t("you") : this.t("bot")));
    var hasBody = false;
    if (message.text) {
      if (isUser) {
        bubble.appendChild(el("p", null, message.text));
      } else {
        if (/^\s*_[^_]+_\s*$/.test(message.text)) bubble.classList.add("mcw-note");
        renderMarkdown(message.text, bubble);
      }
      hasBody = true;
    }
    if (message.image && safeUrl(message.image)) {
      var img = el("img", "mcw-image");
      img.src = safeUrl(message.image);
      img.alt = message.imageAlt || this.t("image");
      img.loading = "lazy";
      bubble.appendChild(img);
      hasBody = true;
    }
    (message.cards || []).forEach(function (card) {
      var box = bubble.appendChild(el("div", "mcw-card"));
      if (card.image_url && safeUrl(card.image_url)) {
        var pic = box.appendChild(el("img", "mcw-image"));
        pic.src = safeUrl(card.image_url);
        pic.alt = "";
      }
      if (card.title) box.appendChild(el("p", "mcw-card-title", card.title));
      if (card.subtitle) renderMarkdown(card.subtitle, box);
      hasBody = true;
    });
    if (message.source) {
      if (!hasBody) bubble.classList.add("mcw-note"); // a source with no answer to join
      bubble.appendChild(this.renderSource(message.source));
      hasBody = true;
    }
    if (hasBody) row.appendChild(bubble);
    if (message.buttons && message.buttons.length) row.appendChild(this.renderButtons(message));
    if (message.feedback) row.appendChild(this.renderFeedback(message));
    if (row.childNodes.length) this.dom.log.appendChild(row);
  };

  /** The quiet note under an answer's text that names its source. */
  Widget.prototype.renderSource = function (source) {
    var note = el("p", "mcw-source");
    note.appendChild(el("small", null, source));
    return note;
  };

  /** Quick replies under a message; a chosen one stays pressed, the others disabled. */
  Widget.prototype.renderButtons = function (message) {
    var self = this;
    var group = el("div", "mcw-buttons");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", this.t("suggestions"));
    var used = typeof message.chosen === "number";
    message.buttons.forEach(function (button, index) {
      var b = el("button", "mcw-button", button.title);
      b.type = "button";
      if (used) {
        b.disabled = true;
        if (index === message.chosen) {
          b.classList.add("mcw-button-chosen");
          b.setAttribute("aria-pressed", "true");
        }
      }
      b.addEventListener("click", function () {
        if (typeof message.chosen === "number") return;
        message.chosen = index;
        self.saveHistory();
        Array.prototype.forEach.call(group.querySelectorAll("button"), function (other) {
          other.disabled = true;
        });
        b.classList.add("mcw-button-chosen");
        b.setAttribute("aria-pressed", "true");
        self.sendUser(button.payload || button.title, button.title);
        self.dom.input.focus();
      });
      group.appendChild(b);
    });
    return group;
  };

  Widget.prototype.rowOf = function (message) {
    return this.dom.log.querySelector('[data-message-id="' + message.id + '"]');
  };

  /** A message from Rasa: a source line joins the answer just shown, anything else is added. */
  Widget.prototype.receive = function (message) {
    var last = this.history[this.history.length - 1];
    var source = message.source;
    if (source && !message.text && !message.image && !message.cards && takesSource(last) &&
        !(message.buttons && last.buttons)) {
      last.source = source;
      var row = this.rowOf(last);
      var bubble = row && row.querySelector(".mcw-bubble");
      if (bubble) bubble.appendChild(this.renderSource(source));
      if (message.buttons) {
        last.buttons = message.buttons;
        if (row) row.insertBefore(this.renderButtons(last), row.querySelector(".mcw-feedback"));
      }
      this.saveHistory();
      this.scrollToEnd();
      return;
    }
    this.addMessage(message);
  };

  /** 👍/👎 under an answer: the vote goes to Rasa as /feedback with the answer's source. */
  Widget.prototype.renderFeedback = function (message) {
    var self = this;
    var group = el("div", "mcw-feedback");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", this.t("rate"));
    [["up", "\uD83D\uDC4D", "helpful"], ["down", "\uD83D\uDC4E", "notHelpful"]].forEach(function (spec) {
      var b = el("button", "mcw-vote", spec[1]);
      b.type = "button";
      b.setAttribute("data-vote", spec[0]);
      b.setAttribute("aria-label", self.t(spec[2]));
      b.title = self.t(spec[2]);
      var voted = message.feedback.vote;
      b.setAttribute("aria-pressed", voted === spec[0] ? "true" : "false");
      if (voted) b.disabled = true;
      b.addEventListener("click", function () {
        if (message.feedback.vote) return;
        message.feedback.vote = spec[0];
        self.saveHistory();
        Array.prototype.forEach.call(group.querySelectorAll("button"), function (other) {
          other.disabled = true;
        });
        b.setAttribute("aria-pressed", "true");
        var vote = {vote: spec[0], source: message.feedback.source};
        self.sendUser("/feedback" + JSON.stringify(vote), "");
      });
      group.appendChild(b);
    });
    return group;
  };

  /** The answer just shown gets 👍/👎 (Rasa sends its source after it as custom data). */
  Widget.prototype.offerFeedback = function (source) {
    for (var i = this.history.length - 1; i >= 0; i--) {
      var message = this.history[i];
      if (message.from !== "bot") return;
      if (message.feedback) return;
      if (message.text) {
        message.feedback = {source: String(source).slice(0, 128), vote: null};
        this.saveHistory();
        var row = this.dom.log.querySelector('[data-message-id="' + message.id + '"]');
        if (row) row.appendChild(this.renderFeedback(message));
        return;
      }
    }
  };

  /** Turns one bot_uttered payload from Rasa's socket.io channel into a stored message. */
  Widget.prototype.fromBot = function (data) {
    if (!data || typeof data !== "object") {
      return typeof data === "string" ? this.fromBot({text: data}) : null;
    }
    var message = {from: "bot"};
    if (typeof data.text === "string") message.text = data.text;
    var buttons = data.quick_replies || data.buttons;
    if (Array.isArray(buttons) && buttons.length) {
      message.buttons = buttons
        .filter(function (b) {
          return b && (b.title || b.payload);
        })
        .map(function (b) {
          return {title: String(b.title || b.payload), payload: String(b.payload || b.title)};
        });
    }
    var attachment = data.attachment;
    if (attachment && typeof attachment === "object") {
      var payload = attachment.payload || {};
      if (attachment.type === "image" && (payload.src || payload.url)) {
        message.image = String(payload.src || payload.url);
      } else if (attachment.type === "template" && payload.elements) {
        var elements = Array.isArray(payload.elements) ? payload.elements : [payload.elements];
        message.cards = elements.map(function (e) {
          return {title: e.title ? String(e.title) : "", subtitle: e.subtitle ? String(e.subtitle) : "", image_url: e.image_url};
        });
        var cardButtons = [];
        elements.forEach(function (e) {
          (e.buttons || []).forEach(function (b) {
            if (b && b.payload) cardButtons.push({title: String(b.title || b.payload), payload: String(b.payload)});
          });
        });
        if (cardButtons.length) message.buttons = (message.buttons || []).concat(cardButtons);
      } else if (typeof attachment === "object" && !message.text) {
        message.text = payload.src || payload.url || "";
      }
    } else if (typeof attachment === "string") {
      message.image = attachment;
    }
    if (typeof data.image === "string") message.image = data.image;
    if (message.text) {
      var tail = SOURCE_TAIL.exec(message.text);
      var line = tail ? null : SOURCE_LINE.exec(message.text);
      if (tail || line) {
        message.source = (tail || line)[1];
        message.text = tail ? message.text.slice(0, tail.index) : "";
        if (!message.text) delete message.text;
      }
    }
    if (!message.text && !message.buttons && !message.image && !message.cards && !message.source) {
      return null;
    }
    return message;
  };

  // ----- typing indicator and status

  Widget.prototype.showTyping = function () {
    var self = this;
    this.dom.typing.hidden = false;
    this.scrollToEnd();
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(function () {
      self.hideTyping();
      self.flash(self.t("noReply"));
    }, this.config.typingTimeout);
  };

  Widget.prototype.hideTyping = function () {
    clearTimeout(this.typingTimer);
    this.typingTimer = null;
    this.dom.typing.hidden = true;
  };

  Widget.prototype.flash = function (text) {
    var status = this.dom.status;
    status.textContent = text;
    status.hidden = false;
    status.className = "mcw-status mcw-status-warn";
    var self = this;
    setTimeout(function () {
      if (self.statusState === "online") status.hidden = true;
    }, 6000);
  };

  Widget.prototype.updateStatus = function (state) {
    this.statusState = state;
    var d = this.dom;
    d.dot.className = "mcw-dot mcw-dot-" + state;
    var short = {online: this.pick(this.config.subtitle) || this.t("subtitle"), reconnecting: this.t("offline")};
    d.subtitle.textContent = short[state] || this.t(state);
    if (state === "online") {
      d.status.hidden = true;
      d.status.textContent = "";
    } else {
      d.status.className = "mcw-status mcw-status-" + state;
      d.status.textContent = this.t(state);
      d.status.hidden = false;
    }
  };

  // ----- socket.io

  Widget.prototype.connect = function () {
    var self = this;
    if (window.io) return this.openSocket();
    var loader = document.createElement("script");
    loader.src = this.config.socketIoUrl;
    loader.async = true;
    loader.onload = function () {
      self.openSocket();
    };
    loader.onerror = function () {
      self.updateStatus("reconnecting");
    };
    document.head.appendChild(loader);
  };

  Widget.prototype.openSocket = function () {
    var self = this;
    if (typeof window.io !== "function") {
      this.updateStatus("reconnecting");
      return;
    }
    var socket;
    try {
      socket = window.io(this.config.serverUrl, {
        path: this.config.socketPath,
        transports: this.config.transports,
      });
    } catch (e) {
      this.updateStatus("reconnecting");
      return;
    }
    this.socket = socket;
    socket.on("connect", function () {
      self.confirmed = false;
      // No id on a first visit: the server issues one. Never one this widget made up.
      socket.emit("session_request", self.sessionId ? {session_id: self.sessionId} : {});
    });
    socket.on("session_confirm", function (data) {
      var id = typeof data === "string" ? data : data && data.session_id;
      if (typeof id !== "string" || !id || id.length > MAX_SESSION_ID) {
        if (!self.sessionId) return; // no usable session yet: stay unconfirmed
        id = self.sessionId;
      }
      self.adoptSession(id);
      self.confirmed = true;
      self.updateStatus("online");
      self.flush();
    });
    socket.on("bot_uttered", function (data) {
      if (data && data.feedback && data.feedback.source) {
        self.offerFeedback(data.feedback.source);
        return;
      }
      var message = self.fromBot(data);
      self.hideTyping();
      if (message) self.receive(message);
    });
    socket.on("disconnect", function () {
      self.confirmed = false;
      self.hideTyping();
      self.updateStatus("reconnecting");
    });
    socket.on("connect_error", function () {
      self.confirmed = false;
      self.updateStatus("reconnecting");
    });
  };

  Widget.prototype.emit = function (text) {
    var payload = {message: text, session_id: this.sessionId};
    if (this.socket && this.socket.connected && this.confirmed) {
      this.socket.emit("user_uttered", payload);
    } else {
      this.pending.push(text);
    }
  };

  Widget.prototype.flush = function () {
    var queued = this.pending;
    this.pending = [];
    for (var i = 0; i < queued.length; i++) this.emit(queued[i]);
  };

  /** Sends `payload` to Rasa; shows `shown` as the user's bubble (nothing when empty). */
  Widget.prototype.sendUser = function (payload, shown) {
    if (shown) this.addMessage({from: "user", text: shown});
    this.emit(payload);
    this.showTyping();
  };

  Widget.prototype.switchLanguage = function () {
    this.language = this.language === "ms" ? "en" : "ms";
    storeSet(this.key + ":language", this.language);
    this.applyStrings();
    this.sendUser('/set_language{"language": "' + this.language + '"}', null);
  };

  Widget.prototype.reset = function () {
    this.forgetSession();
    this.history = [];
    this.pending = [];
    this.hideTyping();
    this.renderHistory();
    if (this.socket) {
      // A fresh connection leaves the old session's room.
      this.confirmed = false;
      this.updateStatus("connecting");
      this.socket.disconnect();
      this.socket.connect();
    }
    this.dom.input.focus();
  };

  // ---------------------------------------------------------------- start

  function injectCss(href) {
    if (!href || document.querySelector("link[data-microcred-widget]")) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.setAttribute("data-microcred-widget", "");
    document.head.appendChild(link);
  }

  function start() {
    try {
      var config = readConfig();
      injectCss(config.cssUrl);
      window.MicrocredWidget = Object.assign(window.MicrocredWidget || {}, {instance: new Widget(config)});
    } catch (e) {
      if (window.console) window.console.warn("microcred widget: not started", e);
    }
  }

  // Exposed for tests and for pages that render bot text elsewhere.
  window.MicrocredMarkdown = function (text) {
    return renderMarkdown(text, document.createElement("div"));
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
