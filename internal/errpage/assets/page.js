// The error page's own behaviour: the copy button, "expand all", "show
// all" of a clamped message, revealing a masked header, and scrolling a
// long source line to its caret. No data is written into this script; it
// reads the page.
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

  // Restart after a crash; the live reload loads the page once it serves.
  var restart = document.getElementById('micro-restart');
  if (restart && window.fetch && restart.getAttribute('data-url').charAt(0) !== '#') {
    restart.hidden = false;
    restart.onclick = function () {
      restart.disabled = true;
      fetch(restart.getAttribute('data-url'), { method: 'POST' }).then(function (r) {
        if (r.status !== 202 || !document.getElementById('micro-live')) { location.reload(); }
      }, function () { restart.disabled = false; });
    };
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

  // Show all: only when the clamp hides something.
  var more = document.getElementById('micro-more');
  var top = document.querySelector('.top');
  var clamped = document.querySelectorAll('.clamp');
  var overflows = false;
  for (var c = 0; c < clamped.length; c++) {
    if (clamped[c].scrollHeight > clamped[c].clientHeight + 2) { overflows = true; }
  }
  if (more && top && overflows) {
    more.hidden = false;
    more.addEventListener('click', function () {
      var all = top.classList.toggle('all');
      more.textContent = all ? 'Show less' : 'Show all';
    });
  }

  // A masked header shows its value on a click; the copied text keeps it
  // masked.
  document.addEventListener('click', function (e) {
    var b = e.target;
    if (!b || !b.classList || !b.classList.contains('reveal')) { return; }
    var val = b.nextElementSibling;
    if (val) { val.hidden = false; b.hidden = true; }
  });

  // On a narrow screen a long line hides its caret to the right: scroll
  // each snippet so its first caret is in view.
  var codes = document.querySelectorAll('.code');
  for (var k = 0; k < codes.length; k++) {
    var code = codes[k];
    var mark = code.querySelector('.mark');
    if (!mark) { continue; }
    var left = mark.getBoundingClientRect().left - code.getBoundingClientRect().left + code.scrollLeft;
    if (left + mark.offsetWidth > code.clientWidth) {
      code.scrollLeft = Math.max(0, left - code.clientWidth / 3);
    }
  }
})();
