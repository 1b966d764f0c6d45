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
  // A copy installed on a terminal lives at DIR/current/; `tebiki sync`
  // writes DIR/tebiki-channel.js beside it with the channel's expiry, which
  // is judged here by the terminal's clock, so the banner comes even when
  // sync has stopped running. Elsewhere (dist/, a web server) nothing is
  // loaded from outside the site.
  var script = document.currentScript;
  var root = script ? script.src.replace(/assets\/freshness\.js(\?.*)?$/, '') : '';
  function checkChannel() {
    var banner = document.getElementById('tebiki-channel-expired');
    var channel = window.tebikiChannel;
    if (!banner || !channel || !channel.expires) return;
    var expires = Date.parse(channel.expires);
    if (!(expires <= Date.now())) return;
    var day = new Date(expires);
    var text = banner.querySelector('.channel-expires');
    if (text) text.textContent = day.getFullYear() + '年' + (day.getMonth() + 1) + '月' + day.getDate() + '日';
    banner.hidden = false;
  }
  function loadChannel() {
    if (!/\/current\/$/.test(root)) return;
    var channel = document.createElement('script');
    channel.src = root + '../tebiki-channel.js';
    channel.onload = checkChannel;
    document.head.appendChild(channel);
  }
  function start() {
    check();
    loadChannel();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
