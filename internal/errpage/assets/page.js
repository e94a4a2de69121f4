// The error page's own behaviour: the copy button and "expand all". No data
// is written into this script; it reads the page.
(function () {
  'use strict';
  var copy = document.getElementById('micro-copy');
  var text = document.getElementById('micro-text');
  if (copy && text) {
    copy.hidden = false;
    var timer = 0;
    var done = function (ok) {
      if (!ok) {
        // No clipboard (an insecure origin, a refused permission): show
        // the text selected, for the keyboard to copy.
        text.hidden = false;
        text.focus();
        text.select();
        copy.textContent = /Mac|iP/.test(navigator.platform) ? 'Press \u2318C' : 'Press Ctrl+C';
        return;
      }
      copy.textContent = 'Copied';
      copy.classList.add('ok');
      clearTimeout(timer);
      timer = setTimeout(function () {
        copy.textContent = 'Copy error';
        copy.classList.remove('ok');
      }, 1600);
    };
    copy.addEventListener('click', function () {
      var value = text.value;
      // The async clipboard needs a secure context: localhost is one, a
      // LAN address (micro-dev -H 0.0.0.0) is not.
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(value).then(function () { done(true); },
          function () { done(fallback(value)); });
      } else {
        done(fallback(value));
      }
    });
  }
  function fallback(value) {
    var ta = document.createElement('textarea');
    ta.value = value;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.top = '0';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(ta);
    return ok;
  }

  var expand = document.getElementById('micro-expand');
  var libs = document.querySelectorAll('details.lib');
  if (expand && libs.length > 0) {
    expand.hidden = false;
    expand.addEventListener('click', function () {
      var open = expand.textContent === 'Expand all';
      for (var i = 0; i < libs.length; i++) { libs[i].open = open; }
      expand.textContent = open ? 'Collapse all' : 'Expand all';
    });
  }
})();
