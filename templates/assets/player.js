// nmo-feed: small progressive enhancement for episode pages. No dependencies.
// Without it the page is complete: time links open the media at that time (media fragment
// "#t=SECONDS") and the native player has its own controls. With it:
//  1. time links seek the page's player and play; focus stays on the link, and one polite
//     status message says what happened ("Playing from 0:35"), because a screen reader
//     otherwise says nothing when Enter starts a player that may be far up the page;
//  2. an opt-out highlight ("is-current" class) follows the turn being spoken; its checkbox
//     appears under the player once the media first plays (its place is kept meanwhile,
//     so nothing moves), and a screen reader reading the page does not meet it first.
// The status is the answer to the reader's own action (WCAG 4.1.3's status message, as in
// reference/accessibility.md §1.2); playback itself never announces: the highlight changes a
// class only. It never moves focus and never scrolls: changing the page under a screen
// reader's cursor or a magnifier's viewport loses the reader's place.
(function () {
  "use strict";
  var player = document.getElementById("player");
  if (!player || !("currentTime" in player)) return;

  // The status region exists (empty) from the start, so that screen readers track it
  // before its first message; it is visually hidden (a sighted reader sees and hears the
  // player) and last in the page, so reading the page from the top does not meet it.
  var status = document.createElement("p");
  status.id = "player-status";
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  function say(message) { status.textContent = message; }
  // The messages come from the page, in its language (the message catalogue has them):
  // data-playing and data-not-started on the player's box, with %(time)s for the time.
  var box = player.closest(".player") || player;
  function words(name, fallback, time) {
    return (box.getAttribute(name) || fallback).replace("%(time)s", time);
  }

  // 1. Time links seek the embedded player instead of leaving the page.
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey ||
        event.shiftKey || event.altKey) return;   // let "open in new tab" work as usual
    var link = event.target.closest && event.target.closest("a[data-seek]");
    if (!link) return;
    event.preventDefault();
    var label = link.textContent.replace(/\s+/g, " ").trim();
    player.currentTime = parseFloat(link.getAttribute("data-seek")) || 0;
    var played = player.play();
    var playing = words("data-playing", "Playing from %(time)s.", label);
    if (played && played.then) {
      played.then(function () { say(playing); }, function () {
        say(words("data-not-started", "It could not start. It is set to %(time)s.", label));
      });
    } else {
      say(playing);
    }
  });

  // 2. Highlight of the current speaker turn: a class only, changed only when the turn changes.
  var controls = document.querySelector(".sync-controls");
  var toggle = document.getElementById("sync-highlight");
  var turns = Array.prototype.slice.call(document.querySelectorAll(".turn[data-start]"));
  if (!controls || !toggle || !turns.length) return;
  var starts = turns.map(function (t) { return parseFloat(t.getAttribute("data-start")); });
  var ends = turns.map(function (t) {
    var end = t.getAttribute("data-end");
    return end === null ? Infinity : parseFloat(end);
  });
  var KEY = "nmo-feed-highlight";
  try { toggle.checked = localStorage.getItem(KEY) !== "off"; } catch (e) { toggle.checked = true; }
  controls.classList.add("is-waiting");
  controls.hidden = false;
  player.addEventListener("play", function () { controls.classList.remove("is-waiting"); });

  var current = null;
  function update() {
    var t = player.currentTime, next = null;
    if (toggle.checked) {
      for (var i = turns.length - 1; i >= 0; i--) {
        if (t >= starts[i]) { if (t < ends[i]) next = turns[i]; break; }
      }
    }
    if (next === current) return;
    if (current) current.classList.remove("is-current");
    if (next) next.classList.add("is-current");
    current = next;
  }
  player.addEventListener("timeupdate", update);
  player.addEventListener("seeked", update);
  toggle.addEventListener("change", function () {
    try { localStorage.setItem(KEY, toggle.checked ? "on" : "off"); } catch (e) {}
    update();
  });
})();
