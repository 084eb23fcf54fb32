/*
 * The tenant portal: a tenant's users manage their webhooks through the same API as everyone
 * else, as the session the page's cookie carries, within its capabilities.
 */
(function () {
  'use strict';
  var H = window.HS, el = H.el, failed = H.failed, list = H.list;
  var tenant = H.meta('hookstream-tenant');
  var caps = H.meta('hookstream-capabilities').split(' ');
  var can = function (c) { return caps.indexOf(c) >= 0; };
  var base = '/v1/tenants/' + encodeURIComponent(tenant);
  var PRESETS = ['standard-webhooks', 'propstack', 'protocol', 'plextrac', 'real-estate', 'dastra'];
  var catalogCache = null;

  function catalog() {
    if (catalogCache) return Promise.resolve(catalogCache);
    return H.api('GET', '/v1/event-types?limit=250').then(function (a) {
      catalogCache = a.ok ? a.body.data : [];
      return catalogCache;
    });
  }

  function health(w) {
    var h = w.health || {};
    return {
      rate: h.successRateLastHour === undefined || h.successRateLastHour === null ? '–'
          : Math.round(h.successRateLastHour * 1000) / 10 + ' %',
      lastSuccess: H.time(h.lastSuccessAt), lastFailure: H.time(h.lastFailureAt),
      streak: h.consecutiveFailedAttempts || 0
    };
  }

  function statusOf(w) {
    var o = w.orderingState;
    if (w.enabled && o && o.halted) {
      return el('span', {class: 'bad'}, 'Halted' + (o.haltedReason ? ': ' + o.haltedReason : ''));
    }
    return w.enabled ? el('span', {class: 'ok'}, 'Enabled')
        : el('span', {class: 'bad'}, 'Disabled' + (w.disabledReason ? ': ' + w.disabledReason : ''));
  }

  /** A FIFO endpoint's order and where it stands; null for an unordered one. */
  function orderingOf(w) {
    if (w.ordering !== 'fifo') return null;
    var o = w.orderingState || {};
    var parts = ['FIFO, ' + (w.onExhausted === 'halt' ? 'halts' : 'skips')
        + ' a delivery that runs out of tries'
        + (w.batch ? ', up to ' + w.batch.maxEvents + ' per request' : '')];
    var failedTries = (o.headAttempt || 1) - 1;
    parts.push(o.headSequence ? 'head #' + o.headSequence + (failedTries > 0 ? ' (' + failedTries
        + (failedTries === 1 ? ' failed try' : ' failed tries')
        + (o.nextAttemptAt ? ', next ' + H.time(o.nextAttemptAt) : '') + ')' : '')
        : 'nothing waiting');
    parts.push((o.backlog || 0) + ' waiting, last delivered #' + (o.lastSequence || 0));
    return el('span', {id: 'ordering-state'}, parts.join(' · '));
  }

  // ---- endpoints -------------------------------------------------------------------------

  function endpoints(parts) {
    if (parts[0] === 'new') return form(null);
    if (parts[0] && parts[1] === 'edit') return H.api('GET', base + '/webhooks/'
        + encodeURIComponent(parts[0])).then(function (a) {
      if (!a.ok) return H.show('Edit endpoint', failed(a));
      form(a.body);
    });
    if (parts[0]) return detail(parts[0]);
    H.api('GET', base + '/webhooks?limit=250').then(function (a) {
      if (!a.ok) return H.show('Endpoints', failed(a));
      return Promise.all(a.body.data.map(function (w) {
        return H.api('GET', base + '/webhooks/' + encodeURIComponent(w.id))
            .then(function (d) { return d.ok ? d.body : w; });
      })).then(function (hooks) {
        var rows = hooks.map(function (w) {
          var h = health(w);
          return el('tr', {},
              el('td', {}, el('a', {href: '#/endpoints/' + encodeURIComponent(w.id)},
                  w.name || w.url), w.name ? el('div', {class: 'muted'}, w.url) : null),
              el('td', {}, w.events.join(', ')),
              el('td', {}, statusOf(w)),
              el('td', {}, h.rate), el('td', {}, h.lastSuccess), el('td', {}, h.lastFailure),
              el('td', {}, String(h.streak)));
        });
        H.show('Endpoints', [
          can('manage-endpoints') ? el('div', {class: 'actions'},
              el('a', {class: 'button primary', href: '#/endpoints/new'}, 'New endpoint')) : null,
          H.table(['Endpoint', 'Events', 'Status', 'Success (1 h)', 'Last success',
            'Last failure', 'Failure streak'], rows)]);
      });
    });
  }

  function detail(id) {
    var path = base + '/webhooks/' + encodeURIComponent(id);
    H.api('GET', path).then(function (a) {
      if (!a.ok) return H.show('Endpoint', failed(a));
      var w = a.body, h = health(w);
      var message = el('div', {});
      var nodes = [message,
        el('dl', {class: 'kv'},
            el('dt', {}, 'URL'), el('dd', {}, w.url),
            el('dt', {}, 'Events'), el('dd', {}, w.events.join(', ')),
            el('dt', {}, 'Status'), el('dd', {}, statusOf(w)),
            w.ordering === 'fifo' ? el('dt', {}, 'Order') : null,
            w.ordering === 'fifo' ? el('dd', {}, orderingOf(w)) : null,
            el('dt', {}, 'Signature'), el('dd', {}, w.signed ? w.signature.scheme
                + (w.signature.header ? ' (' + w.signature.header + ')' : '') : 'unsigned'),
            w.publicKey ? el('dt', {}, 'Public key') : null,
            w.publicKey ? el('dd', {}, el('code', {id: 'public-key'}, w.publicKey)) : null,
            el('dt', {}, 'Retry schedule'), el('dd', {}, (w.retrySchedule || []).join(', ') || 'none'),
            el('dt', {}, 'Timeout'), el('dd', {}, w.timeoutMs + ' ms'),
            el('dt', {}, 'Success (1 h)'), el('dd', {}, h.rate),
            el('dt', {}, 'Last success'), el('dd', {}, h.lastSuccess),
            el('dt', {}, 'Last failure'), el('dd', {}, h.lastFailure),
            el('dt', {}, 'Failure streak'), el('dd', {}, String(h.streak)))];
      if (can('manage-endpoints')) {
        nodes.push(el('div', {class: 'actions'},
            el('a', {class: 'button', href: '#/endpoints/' + encodeURIComponent(id) + '/edit'}, 'Edit'),
            el('button', {type: 'button', onclick: function () {
              H.api('PATCH', path, {enabled: !w.enabled}).then(function (r) {
                if (!r.ok) return failed(r, message);
                detail(id);
              });
            }}, w.enabled ? 'Disable' : 'Enable'),
            w.orderingState && w.orderingState.halted ? el('button', {type: 'button',
              id: 'resume', onclick: function () {
                H.api('POST', path + '/resume', {}).then(function (r) {
                  if (!r.ok) return failed(r, message);
                  detail(id);
                });
              }}, 'Resume in order') : null,
            el('button', {type: 'button', class: 'danger', onclick: function () {
              if (!window.confirm('Delete this endpoint? Its deliveries stop at once.')) return;
              H.api('DELETE', path).then(function (r) {
                if (!r.ok) return failed(r, message);
                location.hash = '#/endpoints';
              });
            }}, 'Delete')));
      }
      if (w.signed) nodes.push(secrets(w, path));
      if (can('send-tests')) nodes.push(testSend(w, path));
      if (can('replay')) nodes.push(recover(path));
      if (w.signed) nodes.push(snippets(w));
      var log = el('div', {});
      nodes.push(el('h3', {}, 'Recent deliveries'), log);
      H.show(w.name || w.url, nodes);
      deliveryList(log, path + '/deliveries?limit=20');
    });
  }

  function secrets(w, path) {
    var out = el('div', {});
    var buttons = el('div', {class: 'actions'});
    if (can('view-secrets')) {
      buttons.appendChild(el('button', {type: 'button', onclick: function () {
        H.api('GET', path + '/secret').then(function (a) {
          if (!a.ok) return failed(a, out);
          H.put(out, el('p', {}, 'Signing secret: ', el('code', {id: 'secret-value'},
              a.body.secret)), a.body.secrets.length > 1 ? el('p', {class: 'muted'},
              (a.body.secrets.length - 1) + ' previous secret(s) still sign until '
              + H.time(a.body.secrets[1].expiresAt)) : null);
        });
      }}, 'Reveal secret'));
    }
    var own = el('input', {type: 'text', autocomplete: 'off', spellcheck: 'false'});
    if (can('manage-endpoints')) {
      buttons.appendChild(el('button', {type: 'button', onclick: function () {
        if (!window.confirm('Rotate the secret? The current one keeps signing for a grace period.')) return;
        H.api('POST', path + '/rotate-secret', own.value.trim() ? {secret: own.value.trim()} : {})
            .then(function (a) {
          if (!a.ok) return failed(a, out);
          H.put(out, H.notice('success', 'New secret (shown once here): '),
              el('p', {}, el('code', {id: 'secret-value'}, a.body.secret)));
        });
      }}, 'Rotate secret'));
    }
    return el('section', {'aria-labelledby': 'secrets-h'}, el('h3', {id: 'secrets-h'}, 'Secret'),
        can('manage-endpoints') ? H.field('New secret when rotating', own,
            'Optional: leave empty to have one generated.') : null,
        buttons.childNodes.length ? buttons : el('p', {class: 'muted'},
            'Your session cannot reveal or rotate the secret.'), out);
  }

  function testSend(w, path) {
    var type = el('select', {});
    var data = el('textarea', {rows: 8, spellcheck: 'false'});
    var result = el('div', {});
    catalog().then(function (types) {
      types.forEach(function (t) {
        type.appendChild(el('option', {value: t.name}, t.name + (t.title ? ' – ' + t.title : '')));
      });
      var mine = types.filter(function (t) {
        return t.name.indexOf('hookstream.') !== 0 && matches(w.events, t.name); })[0];
      if (mine) type.value = mine.name;
      fill();
    });
    function fill() {
      var t = (catalogCache || []).filter(function (x) { return x.name === type.value; })[0];
      data.value = H.pretty(t && t.example !== undefined ? t.example : {});
    }
    type.addEventListener('change', fill);
    var form = el('form', {class: 'stack', onsubmit: function (e) {
      e.preventDefault();
      var body;
      try { body = {type: type.value, data: JSON.parse(data.value || '{}')}; } catch (err) {
        H.put(result, H.notice('error', 'The data is not valid JSON: ' + err.message));
        return;
      }
      H.put(result, el('p', {class: 'muted'}, 'Sending…'));
      H.api('POST', path + '/test', body).then(function (a) {
        if (!a.ok) return failed(a, result);
        var r = a.body;
        H.put(result, el('dl', {class: 'kv', id: 'test-result'},
            el('dt', {}, 'Answer'), el('dd', {class: r.statusCode >= 200 && r.statusCode < 300
                ? 'ok' : 'bad'}, r.statusCode ? String(r.statusCode) : 'no answer'),
            el('dt', {}, 'Duration'), el('dd', {}, (r.durationMs || 0) + ' ms'),
            r.error ? [el('dt', {}, 'Error'), el('dd', {}, r.error)] : null,
            r.response ? [el('dt', {}, 'Response'), el('dd', {}, el('pre', {}, r.response))] : null));
        H.say('Test sent: ' + (r.statusCode || 'no answer'));
      });
    }}, H.field('Event type', type), H.field('Event data (JSON)', data,
        'Prefilled with the type\'s example from the catalog.'),
        el('div', {}, el('button', {class: 'primary', type: 'submit'}, 'Send test event')));
    return el('section', {}, el('h3', {}, 'Send a test event'), form, result);
  }

  function recover(path) {
    var since = el('input', {type: 'datetime-local', required: true});
    var out = el('div', {});
    var send = el('button', {type: 'button', class: 'primary', disabled: true}, 'Send them');
    function body(dry) {
      var iso = H.isoFromLocal(since.value);
      return iso ? {since: iso, status: 'failed', dryRun: dry} : null;
    }
    var preview = el('button', {type: 'button', onclick: function () {
      var b = body(true);
      if (!b) { H.put(out, H.notice('error', 'Choose a date and time.')); return; }
      H.api('POST', path + '/replay', b).then(function (a) {
        if (!a.ok) return failed(a, out);
        H.put(out, el('p', {id: 'recover-preview'}, a.body.matching
            + ' failed deliveries since then will be sent again.'));
        send.disabled = a.body.matching === 0;
      });
    }}, 'Preview');
    send.addEventListener('click', function () {
      H.api('POST', path + '/replay', body(false)).then(function (a) {
        if (!a.ok) return failed(a, out);
        send.disabled = true;
        H.put(out, H.notice('success', a.body.queued + ' deliveries queued'
            + (a.body.expired ? '; ' + a.body.expired + ' are older than the log keeps' : '') + '.'));
      });
    });
    return el('section', {}, el('h3', {}, 'Recover failed deliveries'),
        H.field('Failed since', since), el('div', {class: 'actions'}, preview, send), out);
  }

  function snippets(w) {
    var code = window.HS_SNIPPETS(w.signature);
    var pre = el('pre', {id: 'snippet'});
    var tabs = el('div', {class: 'tabs', role: 'tablist', 'aria-label': 'Language'});
    Object.keys(code).forEach(function (lang, i) {
      var b = el('button', {type: 'button', role: 'tab', 'aria-selected': i === 0 ? 'true' : 'false',
        onclick: function () {
          tabs.querySelectorAll('button').forEach(function (x) {
            x.setAttribute('aria-selected', x === b ? 'true' : 'false');
          });
          pre.textContent = code[lang];
        }}, lang);
      tabs.appendChild(b);
    });
    pre.textContent = code[Object.keys(code)[0]];
    return el('section', {}, el('h3', {}, 'Verify the signature'), tabs, pre);
  }

  /** Whether one of a webhook's event patterns selects the type {@code name}. */
  function matches(patterns, name) {
    return patterns.some(function (p) {
      if (p === '*' || p === name) return true;
      var ps = p.split('.'), ns = name.split('.');
      for (var i = 0; i < ps.length; i++) {
        if (ps[i] === '*' && i === ps.length - 1) return ns.length > i;
        if (i >= ns.length || (ps[i] !== '*' && ps[i] !== ns[i])) return false;
      }
      return ps.length === ns.length;
    });
  }

  // ---- the endpoint form -----------------------------------------------------------------

  function form(w) {
    var editing = !!w;
    var url = el('input', {type: 'url', required: true, value: w ? w.url : ''});
    var name = el('input', {type: 'text', value: w && w.name ? w.name : ''});
    var description = el('input', {type: 'text', value: w && w.description ? w.description : ''});
    var chosen = w ? w.events.slice() : [];
    var typeBoxes = el('div', {class: 'choices'});
    var patterns = el('input', {type: 'text', value: ''});
    var filter = el('textarea', {rows: 3, spellcheck: 'false'});
    filter.value = w && w.filter ? H.pretty(w.filter) : '';
    var preset = el('select', {}, el('option', {value: ''}, 'None (Standard Webhooks)'),
        PRESETS.map(function (p) { return el('option', {value: p, selected: w && w.preset === p}, p); }));
    var template = el('textarea', {rows: 4, spellcheck: 'false'});
    template.value = w && w.template ? w.template : '';
    var schedule = el('input', {type: 'text', value: w ? (w.retrySchedule || []).join(', ') : ''});
    var timeout = el('input', {type: 'number', min: 1000, max: 30000, value: w ? w.timeoutMs : ''});
    var statuses = el('input', {type: 'text', value: w && w.successStatuses ? w.successStatuses.join(', ') : ''});
    var headers = el('textarea', {rows: 3, spellcheck: 'false'});
    headers.value = w ? Object.keys(w.headers || {}).map(function (k) {
      return k + ': ' + w.headers[k]; }).join('\n') : '';
    var headersTouched = false;
    headers.addEventListener('input', function () { headersTouched = true; });
    var rate = el('input', {type: 'number', min: 1, value: w && w.rateLimitPerSecond ? w.rateLimitPerSecond : ''});
    var ordering = el('select', {id: 'ordering'}, el('option', {value: 'none'}, 'Unordered (parallel)'),
        el('option', {value: 'fifo', selected: w && w.ordering === 'fifo'}, 'FIFO (one at a time, in order)'));
    var onExhausted = el('select', {id: 'on-exhausted'},
        el('option', {value: 'skip'}, 'Skip it (to the dead letters) and go on'),
        el('option', {value: 'halt', selected: w && w.onExhausted === 'halt'}, 'Halt until resumed'));
    var batch = el('input', {type: 'number', id: 'batch', min: 1, max: 100,
      value: w && w.batch ? w.batch.maxEvents : ''});
    var enabled = el('input', {type: 'checkbox', checked: w ? w.enabled : true});
    var secret = el('input', {type: 'text', autocomplete: 'off', spellcheck: 'false'});
    var message = el('div', {});
    var previewType = el('select', {});
    // Editing sends only what changed: the form shows effective values (the tenant's or the
    // deployment's policy), and saving them unchanged would pin them on the endpoint.
    var tracked = [url, name, description, patterns, filter, preset, template, schedule, timeout,
      statuses, rate, ordering, onExhausted, batch];
    var initial = {};
    var snapshot = function () {
      tracked.forEach(function (c, i) { initial[i] = c.value; });
      initial.enabled = enabled.checked;
      initial.events = events().join(',');
    };
    var changed = function (c) { return !editing || c.value !== initial[tracked.indexOf(c)]; };
    var preview = el('div', {id: 'preview'});

    catalog().then(function (types) {
      types.forEach(function (t) {
        var box = el('input', {type: 'checkbox', value: t.name, checked: chosen.indexOf(t.name) >= 0});
        box.addEventListener('change', function () {
          if (box.checked) previewType.value = t.name;
          schedulePreview();
        });
        var id = 'ev-' + t.name.replace(/[^a-zA-Z0-9_-]/g, '_');
        box.id = id;
        typeBoxes.appendChild(el('div', {class: 'choice'}, box, el('label', {for: id},
            el('strong', {}, t.name), t.title ? ' – ' + t.title : '',
            t.description ? el('div', {class: 'muted'}, t.description) : null,
            t.example !== undefined ? el('details', {}, el('summary', {}, 'Example'),
                el('pre', {}, H.pretty(t.example))) : null)));
        previewType.appendChild(el('option', {value: t.name}, t.name));
      });
      var known = types.map(function (t) { return t.name; });
      patterns.value = chosen.filter(function (e) { return known.indexOf(e) < 0; }).join(', ');
      // Preview with a type the endpoint receives.
      snapshot();
      var first = chosen.filter(function (e) { return known.indexOf(e) >= 0; })[0]
          || known.filter(function (n) { return n.indexOf('hookstream.') !== 0
              && matches(chosen, n); })[0];
      if (first) previewType.value = first;
      schedulePreview();
    });

    function events() {
      var out = [];
      typeBoxes.querySelectorAll('input:checked').forEach(function (b) { out.push(b.value); });
      return out.concat(list(patterns.value));
    }
    /** The request body from the form; throws a message for what cannot be read. */
    function body(forPreview) {
      var all = forPreview;
      var b = {};
      if (all || changed(url)) b.url = url.value.trim();
      if (all || !editing || events().join(',') !== initial.events) b.events = events();
      if (all || changed(name)) b.name = name.value.trim() || (editing ? null : undefined);
      if (all || changed(description)) {
        b.description = description.value.trim() || (editing ? null : undefined);
      }
      if (all || changed(filter)) {
        if (filter.value.trim()) {
          try { b.filter = JSON.parse(filter.value); } catch (e) { throw 'The filter is not valid JSON.'; }
        } else if (editing) b.filter = null;
      }
      if (all || changed(preset)) b.preset = preset.value || (editing ? null : undefined);
      if (all || changed(template)) b.template = template.value.trim() || (editing ? null : undefined);
      if (all || changed(schedule)) {
        if (schedule.value.trim()) b.retrySchedule = list(schedule.value);
        else if (editing) b.retrySchedule = null;
      }
      if (all || changed(timeout)) {
        if (timeout.value) b.timeoutMs = Number(timeout.value); else if (editing) b.timeoutMs = null;
      }
      if (all || changed(statuses)) {
        if (statuses.value.trim()) b.successStatuses = list(statuses.value).map(Number);
        else if (editing) b.successStatuses = null;
      }
      if (!editing || headersTouched || forPreview) {
        var h = {};
        headers.value.split('\n').forEach(function (line) {
          var i = line.indexOf(':');
          if (line.trim() && i > 0) h[line.slice(0, i).trim()] = line.slice(i + 1).trim();
          else if (line.trim()) throw 'Each header line is "Name: value".';
        });
        if (Object.keys(h).length) b.headers = h; else if (editing) b.headers = null;
      }
      if (all || changed(rate)) {
        if (rate.value) b.rateLimitPerSecond = Number(rate.value);
        else if (editing) b.rateLimitPerSecond = null;
      }
      var fifo = ordering.value === 'fifo';
      if (all || changed(ordering)) b.ordering = ordering.value;
      if (fifo && (all || changed(onExhausted) || changed(ordering))) b.onExhausted = onExhausted.value;
      if (fifo && (all || changed(batch) || changed(ordering))) {
        if (batch.value) b.batch = {maxEvents: Number(batch.value)};
        else if (editing && !changed(ordering)) b.batch = null;
      }
      if (!editing || enabled.checked !== initial.enabled) b.enabled = enabled.checked;
      if (!editing && !forPreview && secret.value.trim()) b.secret = secret.value.trim();
      Object.keys(b).forEach(function (k) { if (b[k] === undefined) delete b[k]; });
      return b;
    }

    var timer = null;
    function schedulePreview() {
      clearTimeout(timer);
      timer = setTimeout(showPreview, 400);
    }
    function showPreview() {
      var b;
      try { b = body(true); } catch (e) { H.put(preview, H.notice('error', e)); return; }
      ['enabled', 'name', 'description'].forEach(function (k) { if (b[k] === null) delete b[k]; });
      Object.keys(b).forEach(function (k) { if (b[k] === null) delete b[k]; });
      if (!b.url) b.url = 'https://example.com/webhooks';
      if (!b.events.length) b.events = ['*'];
      var t = (catalogCache || []).filter(function (x) { return x.name === previewType.value; })[0];
      b.event = {type: previewType.value || 'test.event',
        data: t && t.example !== undefined ? t.example : {}};
      H.api('POST', base + '/webhooks/preview', b).then(function (a) {
        if (!a.ok) return failed(a, preview);
        var r = a.body;
        H.put(preview, 
            el('p', {}, el('code', {}, r.method + ' ' + r.url)),
            el('pre', {id: 'preview-headers'}, Object.keys(r.headers).map(function (k) {
              return k + ': ' + r.headers[k]; }).join('\n')),
            el('pre', {id: 'preview-body'}, r.body));
      });
    }
    [url, patterns, filter, preset, template, headers, previewType].forEach(function (c) {
      c.addEventListener('input', schedulePreview);
      c.addEventListener('change', schedulePreview);
    });

    var f = el('form', {class: 'editor', onsubmit: function (e) {
      e.preventDefault();
      var b;
      try { b = body(false); } catch (err) { H.put(message, H.notice('error', err)); return; }
      var path = editing ? base + '/webhooks/' + encodeURIComponent(w.id) : base + '/webhooks';
      H.api(editing ? 'PATCH' : 'POST', path, b).then(function (a) {
        if (!a.ok) return failed(a, message);
        if (!editing && a.body.secret) {
          H.show('Endpoint created', [H.notice('success', 'Keep its signing secret; it is shown once here.'),
            el('p', {}, el('code', {id: 'secret-value'}, a.body.secret)),
            el('a', {class: 'button primary', href: '#/endpoints/' + encodeURIComponent(a.body.id)},
                'Open the endpoint')]);
        } else {
          location.hash = '#/endpoints/' + encodeURIComponent(a.body.id);
        }
      });
    }}, el('div', {class: 'stack'},
      message,
      H.field('URL', url, 'Where the webhooks are POSTed.'),
      H.field('Name', name), H.field('Description', description),
      el('fieldset', {}, el('legend', {}, 'Events'), typeBoxes,
          H.field('Other event patterns', patterns, 'Comma-separated: * for every type, order.* for a family.')),
      H.field('Filter (JSON)', filter, 'Optional, e.g. {"data.status": "sold"}.'),
      H.field('Preset', preset, 'Reproduces another product\'s body, signature and retries.'),
      H.field('Template (JSONata)', template, 'Optional: computes the body from event, subscription, eventType, tenant.'),
      H.field('Retry schedule', schedule, 'Comma-separated delays like 5s, 5m, 1h; empty for the default.'),
      H.field('Timeout (ms)', timeout), H.field('Success statuses', statuses, 'Comma-separated; empty for any 2xx.'),
      H.field('Headers', headers, 'One "Name: value" per line; values are stored sealed.'),
      H.field('Rate limit (requests per second)', rate),
      el('fieldset', {}, el('legend', {}, 'Order'),
          H.field('Delivery order', ordering, 'FIFO sends one request at a time in webhook-sequence'
              + ' order; a failing delivery is retried in place and holds the ones behind it.'),
          H.field('When a FIFO delivery runs out of tries', onExhausted),
          H.field('Batch size (FIFO)', batch, 'Optional, 1-100: a backlog goes out as JSON arrays of'
              + ' up to this many events, signed once, with a webhook-batch header.')),
      editing ? null : H.field('Signing secret', secret, 'Leave empty to have one generated.'
          + ' Standard Webhooks secrets are whsec_ and base64; a preset\'s may be any text.'),
      el('div', {class: 'choice'}, enabled, el('label', {for: enabled.id = 'enabled'}, 'Enabled')),
      el('div', {class: 'actions'}, el('button', {class: 'primary', type: 'submit'},
          editing ? 'Save' : 'Create endpoint'))),
      el('section', {class: 'preview-pane', 'aria-labelledby': 'preview-h'},
          el('h3', {id: 'preview-h'}, 'Preview: the exact request'),
          H.field('Preview with the event type', previewType), preview));
    H.show(editing ? 'Edit endpoint' : 'New endpoint', f);
  }

  // ---- the delivery log ------------------------------------------------------------------

  var namesCache = null;
  /** The tenant's webhooks' names (or URLs) by id, for the log. */
  function names() {
    if (namesCache) return Promise.resolve(namesCache);
    return H.api('GET', base + '/webhooks?limit=250').then(function (a) {
      namesCache = {};
      (a.ok ? a.body.data : []).forEach(function (w) { namesCache[w.id] = w.name || w.url; });
      return namesCache;
    });
  }

  function deliveryList(target, path) {
    Promise.all([H.api('GET', path), names()]).then(function (both) {
      var a = both[0], named = both[1];
      if (!a.ok) return failed(a, target);
      var rows = [];
      a.body.data.forEach(function (d) {
        var cls = d.status === 'succeeded' ? 'ok' : d.status === 'failed' ? 'bad' : 'warn';
        var more = el('tr', {hidden: true}, el('td', {colspan: 8}, timeline(d)));
        var toggle = el('button', {type: 'button', 'aria-expanded': 'false', onclick: function () {
          var open = more.hidden;
          more.hidden = !open;
          toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
        }}, 'Attempts');
        rows.push(el('tr', {class: 'delivery'},
            el('td', {}, d.sequence ? String(d.sequence) : '–'),
            el('td', {}, H.time(d.lastAttemptAt)),
            el('td', {}, el('a', {href: '#/endpoints/' + encodeURIComponent(d.subscriptionId)},
                named[d.subscriptionId] || d.subscriptionId)), el('td', {}, d.eventType),
            el('td', {}, el('code', {}, d.eventId)),
            el('td', {}, el('span', {class: cls}, d.status), d.test ? ' (test)' : ''),
            el('td', {}, String(d.attemptCount)), el('td', {}, toggle)), more);
      });
      H.put(target, H.table(['Sequence', 'Last attempt', 'Endpoint', 'Event type', 'Event',
        'Status', 'Attempts', ''], rows), a.body.nextCursor ? el('div', {class: 'actions'}, el('button', {type: 'button',
        onclick: function () {
          var next = el('div', {});
          target.appendChild(next);
          this.remove();
          deliveryList(next, path.replace(/([?&])cursor=[^&]*/, '$1').replace(/[?&]$/, '')
              + (path.indexOf('?') >= 0 ? '&' : '?') + 'cursor=' + encodeURIComponent(a.body.nextCursor));
        }}, 'More')) : null);
    });
  }

  function timeline(d) {
    var list = el('ol', {class: 'timeline'});
    d.attempts.forEach(function (t) {
      list.appendChild(el('li', {class: t.outcome === 'delivered' ? 'delivered' : 'failed'},
          el('strong', {}, 'Attempt ' + t.attempt), ' · ', H.time(t.at), ' · ',
          t.statusCode ? 'status ' + t.statusCode : 'no answer', ' · ', t.durationMs + ' ms',
          ' · ', t.outcome.replace(/_/g, ' '),
          t.error ? el('div', {class: 'bad'}, t.error) : null,
          t.response ? el('pre', {}, t.response) : null,
          t.nextAttemptAt ? el('div', {class: 'muted'}, 'Next try: ' + H.time(t.nextAttemptAt)) : null));
    });
    var out = el('div', {}, list, d.body ? el('details', {}, el('summary', {},
        'The body sent (rendered by the endpoint\'s template)'), el('pre', {}, H.pretty(d.body)))
        : null);
    if (can('replay') && !d.test) {
      var result = el('span', {role: 'status'});
      out.appendChild(el('div', {class: 'actions'}, el('button', {type: 'button', onclick: function () {
        H.api('POST', base + '/deliveries/' + encodeURIComponent(d.id) + '/retry', {}).then(function (a) {
          result.textContent = a.ok ? ' Queued: it is sent again now.' : ' ' + H.problem(a);
        });
      }}, 'Retry this delivery'), result));
    }
    return out;
  }

  function deliveries() {
    var status = el('select', {}, el('option', {value: ''}, 'Any'),
        ['succeeded', 'failed', 'pending'].map(function (s) { return el('option', {value: s}, s); }));
    var type = el('select', {}, el('option', {value: ''}, 'Any'));
    var since = el('input', {type: 'datetime-local'});
    var until = el('input', {type: 'datetime-local'});
    var results = el('div', {});
    catalog().then(function (types) {
      types.forEach(function (t) { type.appendChild(el('option', {value: t.name}, t.name)); });
    });
    function load() {
      var q = ['limit=50'];
      if (status.value) q.push('status=' + status.value);
      if (type.value) q.push('type=' + encodeURIComponent(type.value));
      if (H.isoFromLocal(since.value)) q.push('since=' + encodeURIComponent(H.isoFromLocal(since.value)));
      if (H.isoFromLocal(until.value)) q.push('until=' + encodeURIComponent(H.isoFromLocal(until.value)));
      deliveryList(results, base + '/deliveries?' + q.join('&'));
    }
    var f = el('form', {class: 'grid2', onsubmit: function (e) { e.preventDefault(); load(); }},
        H.field('Status', status), H.field('Event type', type), H.field('Since', since),
        H.field('Until', until), el('div', {}, el('button', {class: 'primary', type: 'submit'}, 'Show')));
    H.show('Delivery log', [f, results]);
    load();
  }

  // ---- the catalog -----------------------------------------------------------------------

  function eventCatalog() {
    catalog().then(function (types) {
      H.show('Event catalog', types.length ? types.map(function (t) {
        return el('section', {class: 'card'}, el('h3', {}, t.name),
            t.title ? el('p', {}, el('strong', {}, t.title)) : null,
            t.description ? el('p', {}, t.description) : null,
            t.schema ? [el('h4', {}, 'Schema'), el('pre', {}, H.pretty(t.schema))] : null,
            t.example !== undefined ? [el('h4', {}, 'Example'), el('pre', {}, H.pretty(t.example))] : null);
      }) : el('p', {class: 'muted'}, 'No event types yet.'));
    });
  }

  H.router({endpoints: endpoints, deliveries: deliveries, catalog: eventCatalog});
})();
