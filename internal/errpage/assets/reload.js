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
// that is not a secure context, as on a LAN address), the tabs elect the
// leader on the channel: it sends a heartbeat every second, a tab that
// hears none for three seconds claims the lead, and of two leaders the one
// with the lower id stays. Without BroadcastChannel, each tab connects.
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
  var name = 'micro-reload ' + (document.baseURI ? new URL(url, document.baseURI).href : url);
  var channel = window.BroadcastChannel ? new BroadcastChannel(name) : null;
  var events = null;
  var leaving = false; // reloading: this document must not take the lead
  var reload = function () {
    if (leaving) { return; } // a second call would start the load again
    leaving = true;
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
    // window.__microReload says what this tab is, for tests and the
    // curious: "follower", "leader" while its stream connects, "leader
    // open" once it is connected.
    events.addEventListener('open', function () { window.__microReload = 'leader open'; tell('on'); });
    // EventSource reconnects by itself (micro-dev restarting, laptop asleep).
    events.addEventListener('error', function () { window.__microReload = 'leader'; tell('off'); });
    events.addEventListener('reload', function () {
      // Stamped: a message can reach a document that started after it
      // was sent (the reloaded tab itself), which must not reload again.
      if (channel) { channel.postMessage({ reload: Date.now() }); }
      reload();
    });
  };
  var locks = !!navigator.locks;
  var id = Math.random();
  var heard = 0; // when a leader was last heard, for the election
  var elect = function () {
    if (!leaving && !events && Date.now() - heard > 3000) { lead(); beat(); }
  };
  var beat = function () { channel.postMessage({ beat: id, state: state }); };
  if (channel) {
    channel.onmessage = function (e) {
      var d = e.data;
      if (d && typeof d.reload === 'number') { if (d.reload >= performance.timeOrigin) { reload(); } }
      else if (d === 'on' || d === 'off') { show(d); }
      // A new tab asks for the state; the leader answers.
      else if (d === 'hello' && events) { if (locks) { if (state) { channel.postMessage(state); } } else { beat(); } }
      else if (d === 'bye' && !locks) { heard = 0; setTimeout(elect, Math.random() * 200); }
      else if (d && typeof d.beat === 'number' && !locks) {
        if (events && d.beat < id) {
          // Two leaders: the lower id keeps the lead.
          events.close();
          events = null;
          window.__microReload = 'follower';
        }
        if (!events) {
          heard = Date.now();
          if (d.state) { show(d.state); }
        }
      }
    };
  }
  if (channel && locks) {
    navigator.locks.request(name, function () {
      // A document on its way out passes the lock on at once.
      if (leaving) { return null; }
      lead();
      // Held until this document unloads.
      return new Promise(function () {});
    });
    channel.postMessage('hello');
  } else if (channel) {
    channel.postMessage('hello');
    setTimeout(elect, 300 + Math.random() * 300);
    setInterval(function () { if (events) { beat(); } else { elect(); } }, 1000);
  } else {
    lead();
  }
  // A page restored from the back-forward cache has lost its connection and
  // may be stale: load it afresh.
  window.addEventListener('pagehide', function () {
    if (!events) { return; }
    events.close();
    events = null;
    if (channel && !locks) { channel.postMessage('bye'); }
  });
  window.addEventListener('pageshow', function (e) { if (e.persisted) { location.reload(); } });
})();
