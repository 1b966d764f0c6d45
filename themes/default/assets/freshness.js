// Warns when this copy is older than the content repository's
// stale_after_days, by the terminal's own clock: a ward terminal that has
// stopped receiving updates must say so instead of looking current.
(function () {
  'use strict';
  function check() {
    var banner = document.getElementById('tebiki-stale');
    if (!banner) return;
    var published = banner.getAttribute('data-published');
    var limit = parseInt(banner.getAttribute('data-stale-days'), 10);
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(published || '');
    if (!match || !(limit > 0)) return;
    var day = Date.UTC(+match[1], +match[2] - 1, +match[3]);
    var age = Math.floor((Date.now() - day) / 86400000);
    if (age <= limit) return;
    var days = banner.querySelector('.stale-days');
    if (days) days.textContent = String(age);
    banner.hidden = false;
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', check);
  else check();
})();
