// Progressive enhancement only: every page works without this file.
// - Times are shown in the browser's own time zone, and the zone is remembered (cookie) so the
//   next pages are rendered in it by the server.
// - "/" puts the cursor in the search box.
// - Buttons with data-confirm ask before they submit.
(function () {
  'use strict';
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    zone = null;
  }
  if (zone && document.cookie.indexOf('rasid_tz=' + encodeURIComponent(zone)) < 0) {
    document.cookie = 'rasid_tz=' + encodeURIComponent(zone) + '; path=/; max-age=31536000; SameSite=Strict';
    var format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    document.querySelectorAll('time[datetime]').forEach(function (el) {
      var d = new Date(el.getAttribute('datetime'));
      if (isNaN(d.getTime())) return;
      var parts = {};
      format.formatToParts(d).forEach(function (p) { parts[p.type] = p.value; });
      el.textContent = parts.day + ' ' + parts.month + ' ' + parts.year + ', ' + parts.hour + ':' + parts.minute;
    });
  }
  document.addEventListener('keydown', function (event) {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var box = document.getElementById('q') || document.getElementById('quick-q');
    if (box) {
      event.preventDefault();
      box.focus();
    }
  });
  document.addEventListener('click', function (event) {
    var button = event.target && event.target.closest ? event.target.closest('[data-confirm]') : null;
    if (button && !window.confirm(button.getAttribute('data-confirm'))) event.preventDefault();
  });
})();
