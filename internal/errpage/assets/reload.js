// Live reload: reloads the page on the "reload" event of the server-sent
// events endpoint named by this script's data-reload-url attribute. The
// same client runs in the error pages and, injected by micro-dev, in the
// user's own pages; it holds no data itself.
//
// All tabs of a browser share one connection: a browser opens at most six
// HTTP/1.1 connections to a host, and an event stream holds one for good,
// so a seventh tab would hang. The tab that gets a Web Lock leads: it holds
// the EventSource and relays its events to the other tabs on a
// BroadcastChannel. When it closes or reloads, its lock is released and
// the next tab in line takes over. Where there are no Web Locks (a page
// that is not a secure context, as on a LAN address), each tab connects.
(function () {
  'use strict';
  var me = document.currentScript;
  var url = me && me.getAttribute('data-reload-url');
  // html/template turns an unsafe URL into "#ZgotmplZ": do nothing then.
  if (!url || url.charAt(0) === '#' || !window.EventSource || window.__microReload) { return; }
  window.__microReload = 'follower';
  var badge = document.getElementById('micro-live');
  var state = '';
  var show = function (s) {
    state = s;
    if (!badge) { return; }
    badge.hidden = false;
    badge.className = 'live ' + (s === 'off' ? 'off' : 'on');
    badge.textContent = s === 'off' ? 'Reconnecting\u2026' : s === 'reload' ? 'Reloading\u2026' : 'Watching for changes';
  };
  var name = 'micro-reload ' + new URL(url, location.href).href;
  var channel = window.BroadcastChannel ? new BroadcastChannel(name) : null;
  var events = null;
  var reload = function () {
    if (events) { events.close(); }
    show('reload');
    location.reload();
  };
  var lead = function () {
    window.__microReload = 'leader';
    events = new EventSource(url);
    var tell = function (s) {
      show(s);
      if (channel) { channel.postMessage(s); }
    };
    events.addEventListener('open', function () { tell('on'); });
    // EventSource reconnects by itself (micro-dev restarting, laptop asleep).
    events.addEventListener('error', function () { tell('off'); });
    events.addEventListener('reload', function () {
      if (channel) { channel.postMessage('reload'); }
      reload();
    });
  };
  if (channel) {
    channel.onmessage = function (e) {
      if (e.data === 'reload') { reload(); }
      else if (e.data === 'on' || e.data === 'off') { show(e.data); }
      // A new tab asks for the state; the leader answers.
      else if (e.data === 'hello' && events && state) { channel.postMessage(state); }
    };
  }
  if (channel && navigator.locks) {
    navigator.locks.request(name, function () {
      lead();
      // Held until this document unloads.
      return new Promise(function () {});
    });
    channel.postMessage('hello');
  } else {
    lead();
  }
  // A page restored from the back-forward cache has lost its connection and
  // may be stale: load it afresh.
  window.addEventListener('pagehide', function () { if (events) { events.close(); } });
  window.addEventListener('pageshow', function (e) { if (e.persisted) { location.reload(); } });
})();
