// Live reload: reloads the page on the "reload" event of the server-sent
// events endpoint named by this script's data-reload-url attribute. The
// same client runs in the error pages and, injected by micro-dev, in the
// user's own pages; it holds no data itself.
(function () {
  'use strict';
  var me = document.currentScript;
  var url = me && me.getAttribute('data-reload-url');
  // html/template turns an unsafe URL into "#ZgotmplZ": do nothing then.
  if (!url || url.charAt(0) === '#' || !window.EventSource || window.__microReload) { return; }
  window.__microReload = true;
  var badge = document.getElementById('micro-live');
  var show = function (state, label) {
    if (!badge) { return; }
    badge.hidden = false;
    badge.className = 'live ' + state;
    badge.textContent = label;
  };
  var events = new EventSource(url);
  events.addEventListener('open', function () { show('on', 'Watching for changes'); });
  // EventSource reconnects by itself (micro-dev restarting, laptop asleep).
  events.addEventListener('error', function () { show('off', 'Reconnecting\u2026'); });
  events.addEventListener('reload', function () {
    events.close();
    show('on', 'Reloading\u2026');
    location.reload();
  });
  // A page restored from the back-forward cache has lost its connection and
  // may be stale: load it afresh.
  window.addEventListener('pagehide', function () { events.close(); });
  window.addEventListener('pageshow', function (e) { if (e.persisted) { location.reload(); } });
})();
