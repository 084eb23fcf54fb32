/*
 * What the portal's and the console's pages share. Every value from the API or the user is put
 * in the page as text (textContent, attribute values), never as HTML.
 */
(function () {
  'use strict';
  var meta = function (name) {
    var m = document.querySelector('meta[name="' + name + '"]');
    return m ? m.getAttribute('content') : '';
  };
  var ids = 0;

  /** An element: el('a', {href: '#/x', class: 'y', onclick: fn}, 'text', child, [more]). */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k.indexOf('on') === 0 && typeof v === 'function') node.addEventListener(k.slice(2), v);
      else if (k === 'class') node.className = v;
      else if (k === 'value') node.value = v;
      else if (k === 'checked' || k === 'selected' || k === 'disabled') node[k] = !!v;
      else node.setAttribute(k, v === true ? '' : String(v));
    });
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }

  /** Replaces a node's children with these (null and false skipped, arrays flattened). */
  function put(node) {
    node.replaceChildren();
    for (var i = 1; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  /** A labelled control: the control gets an id, the label points at it. */
  function field(label, control, hint) {
    var id = control.id || ('f' + (++ids));
    control.id = id;
    var parts = [el('label', {for: id}, label), control];
    if (hint) {
      var hintId = id + '-hint';
      control.setAttribute('aria-describedby', hintId);
      parts.push(el('span', {class: 'hint', id: hintId}, hint));
    }
    return el('div', {class: 'field'}, parts);
  }

  /** Calls the API as this page's session: its cookie, its CSRF token, its kind. */
  function api(method, path, body) {
    var headers = {'X-Hookstream-Client': meta('hookstream-client'), 'Accept': 'application/json'};
    if (method !== 'GET') headers['X-CSRF-Token'] = meta('csrf-token');
    var init = {method: method, headers: headers, credentials: 'same-origin'};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (r) {
      return r.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        return {status: r.status, ok: r.ok, body: json, text: text};
      });
    });
  }

  /** The API's error message, for a notice. */
  function problem(answer) {
    var e = answer.body && answer.body.error;
    if (!e) return 'The request failed (' + answer.status + ').';
    return e.message + (e.field ? ' (' + e.field + ')' : '');
  }

  /** An error notice with the API's message, put in {@code where} when given. */
  function failed(answer, where) {
    var box = notice('error', problem(answer));
    if (where) put(where, box);
    return box;
  }

  /** The entries of a comma-separated field, trimmed, without empty ones. */
  function list(text) {
    return text.split(',').map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function notice(kind, text) {
    return el('div', {class: 'notice ' + kind, role: kind === 'error' ? 'alert' : 'status'}, text);
  }

  function say(text) {
    var s = document.getElementById('status');
    if (s) s.textContent = text;
  }

  function time(iso) {
    if (!iso) return '–';
    var d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString();
  }

  function table(headings, rows) {
    return el('div', {class: 'table-wrap'}, el('table', {},
        el('thead', {}, el('tr', {}, headings.map(function (h) {
          return el('th', {scope: 'col'}, h);
        }))),
        el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', {colspan: headings.length,
          class: 'muted'}, 'Nothing here yet.')))));
  }

  /** Shows {@code view}'s nodes in <main> and moves focus there, for keyboard and screen readers. */
  function show(title, nodes) {
    var main = document.getElementById('main');
    put(main, el('h2', {}, title), nodes);
    document.title = title + ' · ' + document.title.split(' · ').pop();
    main.focus({preventScroll: true});
    document.querySelectorAll('.bar nav a').forEach(function (a) {
      if (location.hash.indexOf(a.getAttribute('href')) === 0) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
  }

  /** Routes '#/a/b' to routes['a'](['b']); the first route is the default. */
  function router(routes) {
    var names = Object.keys(routes);
    function go() {
      var parts = (location.hash || '').replace(/^#\/?/, '').split('/').map(decodeURIComponent);
      var name = routes[parts[0]] ? parts[0] : names[0];
      if (!routes[parts[0]]) { history.replaceState(null, '', '#/' + name); }
      routes[name](parts.slice(1));
    }
    window.addEventListener('hashchange', go);
    go();
  }

  /** Pretty JSON text, or the text itself. */
  function pretty(value) {
    if (value === null || value === undefined) return '';
    if (typeof value === 'string') {
      try { return JSON.stringify(JSON.parse(value), null, 2); } catch (e) { return value; }
    }
    return JSON.stringify(value, null, 2);
  }

  /** An ISO instant from a datetime-local input's value (the browser's zone), or null. */
  function isoFromLocal(value) {
    if (!value) return null;
    var d = new Date(value);
    return isNaN(d) ? null : d.toISOString();
  }

  window.HS = {el: el, put: put, field: field, api: api, problem: problem, failed: failed,
    list: list, notice: notice, say: say,
    time: time, table: table, show: show, router: router, pretty: pretty, meta: meta,
    isoFromLocal: isoFromLocal};
})();
