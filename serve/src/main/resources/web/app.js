// Airwave listener page: lists the stations on air from /api/v1/status and keeps titles and
// listener counts current from the server-sent events of /api/v1/events. One <audio> element per
// station; the quality picker switches it between the station's renditions and keeps it playing.
// Text from the server is only ever set with textContent (titles come from broadcasters).
'use strict';

(function () {
  const list = document.getElementById('stations');
  const template = document.getElementById('station-template');
  const empty = document.getElementById('empty');
  const connection = document.getElementById('connection');
  /** Station cards by mount path. */
  const cards = new Map();
  /** Listener counts by stream path (mounts and renditions). */
  const counts = new Map();
  /** A paused live stream older than this restarts at the live edge when played again. */
  const STALE_PAUSE_MS = 10000;
  let nextId = 0;

  /** Mounts a listener can play (live, or a transcoder's fallback), without bitrate sub-mounts. */
  function stationsOf(status) {
    return status.mounts.filter(function (mount) { return mount.renditions.length > 0 && !mount.renditionOf; });
  }

  function render(status) {
    status.mounts.forEach(function (mount) {
      counts.set(mount.path, mount.listeners);
      mount.renditions.forEach(function (r) { counts.set(r.path, r.listeners); });
    });
    const stations = stationsOf(status);
    const seen = new Set();
    stations.forEach(function (mount, index) {
      let card = cards.get(mount.path);
      if (!card) {
        card = createCard(mount);
        cards.set(mount.path, card);
      }
      updateCard(card, mount);
      seen.add(mount.path);
      if (list.children[index] !== card.root) {
        list.insertBefore(card.root, list.children[index] || null);
      }
    });
    cards.forEach(function (card, path) {
      if (!seen.has(path)) {
        card.audio.pause();
        card.audio.removeAttribute('src');
        card.audio.load();
        card.root.remove();
        cards.delete(path);
      }
    });
    empty.hidden = stations.length > 0;
  }

  function createCard(mount) {
    const root = template.content.firstElementChild.cloneNode(true);
    const id = 'station-' + (nextId++);
    const card = {
      root: root,
      name: root.querySelector('.name'),
      badge: root.querySelector('.badge'),
      meta: root.querySelector('.meta'),
      title: root.querySelector('.title'),
      audio: root.querySelector('audio'),
      select: root.querySelector('select.rendition'),
      count: root.querySelector('.count'),
      countLabel: root.querySelector('.count-label'),
      m3u: root.querySelector('a.m3u'),
      pls: root.querySelector('a.pls'),
      renditions: [],
      pausedAt: 0
    };
    root.dataset.mount = mount.path;
    card.name.id = id + '-name';
    root.querySelector('article').setAttribute('aria-labelledby', card.name.id);
    card.select.id = id + '-quality';
    card.select.addEventListener('change', function () { switchTo(card, card.select.value); });
    card.audio.addEventListener('play', function () {
      pauseOthers(card);
      if (card.pausedAt && Date.now() - card.pausedAt > STALE_PAUSE_MS) {
        card.pausedAt = 0;
        card.audio.src = card.select.value;
        card.audio.play().catch(function () { /* the user presses play again */ });
      }
      card.pausedAt = 0;
    });
    card.audio.addEventListener('pause', function () { card.pausedAt = Date.now(); });
    return card;
  }

  function updateCard(card, mount) {
    const name = mount.name || mount.path;
    card.name.textContent = name;
    card.badge.textContent = mount.live ? 'On air' : 'Off air';
    card.root.classList.toggle('off-air', !mount.live);
    card.audio.setAttribute('aria-label', 'Player for ' + name);
    card.meta.textContent = [mount.genre, mount.description].filter(Boolean).join(' · ');
    setTitle(card, mount.title);
    card.renditions = mount.renditions.map(function (r) { return r.path; });
    const previous = card.select.value;
    card.select.replaceChildren.apply(card.select, mount.renditions.map(function (r) {
      const option = document.createElement('option');
      option.value = r.path;
      option.textContent = label(r);
      return option;
    }));
    card.select.disabled = mount.renditions.length < 2;
    const keep = card.renditions.indexOf(previous) >= 0;
    card.select.value = keep ? previous : card.renditions[0];
    if (!keep) {
      switchTo(card, card.select.value);
    }
    updateCount(card);
  }

  function label(rendition) {
    const rate = rendition.bitrate ? rendition.bitrate + ' kbit/s' : 'Original';
    return rendition.passthrough && rendition.bitrate ? rate + ' (original)' : rate;
  }

  function setTitle(card, title) {
    card.title.textContent = title || '–';
  }

  /** Points the player at another rendition; a playing player keeps playing. */
  function switchTo(card, path) {
    const audio = card.audio;
    const playing = audio.src !== '' && !audio.paused;
    card.m3u.href = path + '.m3u';
    card.pls.href = path + '.pls';
    if (audio.getAttribute('src') === path) {
      return;
    }
    audio.src = path;
    if (playing) {
      audio.play().catch(function () { /* the user presses play again */ });
    }
  }

  function pauseOthers(playing) {
    cards.forEach(function (card) {
      if (card !== playing && !card.audio.paused) {
        card.audio.pause();
      }
    });
  }

  function updateCount(card) {
    let total = 0;
    card.renditions.forEach(function (path) { total += counts.get(path) || 0; });
    card.count.textContent = String(total);
    card.countLabel.textContent = total === 1 ? 'listener' : 'listeners';
  }

  function onTitle(event) {
    const data = JSON.parse(event.data);
    const card = cards.get(data.mount);
    if (card) {
      setTitle(card, data.title);
    }
  }

  function onListeners(event) {
    const data = JSON.parse(event.data);
    counts.set(data.mount, data.listeners);
    data.renditions.forEach(function (r) { counts.set(r.path, r.listeners); });
    cards.forEach(updateCount);
  }

  function load() {
    return fetch('/api/v1/status', { cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('status ' + response.status);
        }
        return response.json();
      })
      .then(render)
      .catch(function () { connection.textContent = 'Cannot reach the server; retrying…'; });
  }

  function listen() {
    if (!window.EventSource) {
      connection.textContent = 'Updating every 10 s';
      setInterval(load, 10000);
      return;
    }
    const events = new EventSource('/api/v1/events');
    events.addEventListener('open', function () { connection.textContent = 'Live updates on'; });
    events.addEventListener('error', function () { connection.textContent = 'Reconnecting…'; });
    events.addEventListener('status', function (event) { render(JSON.parse(event.data)); });
    events.addEventListener('title', onTitle);
    events.addEventListener('listeners', onListeners);
  }

  load();
  listen();
}());
