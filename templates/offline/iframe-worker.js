/* Web Workers for pages opened from disk (file://), written for this project.
 *
 * Chromium refuses `new Worker(url)` on file:// pages, and Material's site search runs its index
 * in a worker. On file:// only, this replaces `window.Worker` with a stand-in that runs the
 * worker's script in a hidden same-origin <iframe> (srcdoc) and relays messages both ways:
 * the page's postMessage() becomes a "message" event in the iframe, and the script's
 * postMessage() becomes a "message" event on the stand-in. Data is structured-cloned into the
 * receiving window, as a real worker would. Over http(s) nothing changes.
 * Listed in Material's `extra.polyfills` by our plugin's offline mode (site_builder/plugin.py).
 */
(function () {
  "use strict";
  if (location.protocol !== "file:" || typeof window.Worker === "undefined") return;

  var registry = [];
  window.__sbWorkers = registry;

  function FileWorker(url) {
    this.onmessage = null;
    this.onerror = null;
    this._listeners = { message: [], error: [] };
    this._queue = [];
    this._window = null;
    this._id = registry.length;
    registry.push(this);

    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.setAttribute("tabindex", "-1");
    frame.title = "search worker";
    var src = new URL(String(url), document.baseURI).href;
    // The script's globals: postMessage goes back to this stand-in; importScripts loads in order.
    frame.srcdoc =
      "<!doctype html><meta charset=\"utf-8\"><script>" +
      "var __sbStandIn = parent.__sbWorkers[" + this._id + "];" +
      "self.postMessage = function (data) { __sbStandIn._fromWorker(data); };" +
      "self.importScripts = function () { for (var i = 0; i < arguments.length; i++) {" +
      " document.write('<script src=\"' + new URL(arguments[i], " + JSON.stringify(src) + ").href + '\"><\\/script>'); } };" +
      "<\/script><script src=\"" + src.replace(/"/g, "&quot;") + "\"><\/script>" +
      "<script>__sbStandIn._ready(window);<\/script>";
    var self = this;
    frame.addEventListener("error", function (e) { self._emit("error", e); });
    (document.body || document.documentElement).appendChild(frame);
    this._frame = frame;
  }

  FileWorker.prototype._ready = function (win) {
    this._window = win;
    var queued = this._queue;
    this._queue = [];
    for (var i = 0; i < queued.length; i++) this.postMessage(queued[i]);
  };

  FileWorker.prototype.postMessage = function (data) {
    if (!this._window) {
      this._queue.push(data);
      return;
    }
    var win = this._window;
    var copy = win.structuredClone ? win.structuredClone(data) : JSON.parse(JSON.stringify(data));
    // Asynchronous, like a worker: the sender continues before the script sees the message.
    setTimeout(function () { win.dispatchEvent(new win.MessageEvent("message", { data: copy })); }, 0);
  };

  FileWorker.prototype._fromWorker = function (data) {
    var copy = window.structuredClone ? window.structuredClone(data) : JSON.parse(JSON.stringify(data));
    var self = this;
    setTimeout(function () { self._emit("message", new MessageEvent("message", { data: copy })); }, 0);
  };

  FileWorker.prototype._emit = function (type, event) {
    var handler = this["on" + type];
    if (typeof handler === "function") handler.call(this, event);
    var listeners = this._listeners[type] || [];
    for (var i = 0; i < listeners.length; i++) listeners[i].call(this, event);
  };

  FileWorker.prototype.addEventListener = function (type, listener) {
    (this._listeners[type] = this._listeners[type] || []).push(listener);
  };

  FileWorker.prototype.removeEventListener = function (type, listener) {
    var list = this._listeners[type] || [];
    var at = list.indexOf(listener);
    if (at >= 0) list.splice(at, 1);
  };

  FileWorker.prototype.terminate = function () {
    if (this._frame && this._frame.parentNode) this._frame.parentNode.removeChild(this._frame);
    this._window = null;
    this._queue = [];
  };

  window.Worker = FileWorker;
})();
