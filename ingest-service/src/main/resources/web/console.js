/*
 * The operator console: tenants, the event catalog, endpoints across tenants, dead letters and
 * the pipeline's own metrics, all through the same API as everyone else, as the admin.
 */
(function () {
  'use strict';
  var H = window.HS, el = H.el, failed = H.failed, list = H.list;
  function tenantPath(t) { return '/v1/tenants/' + encodeURIComponent(t); }

  // ---- pipeline --------------------------------------------------------------------------

  var samples = [];
  var pipelineTimer = null;

  function parseMetrics(text) {
    var out = [];
    text.split('\n').forEach(function (line) {
      if (!line || line[0] === '#') return;
      var m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? ([^ ]+)/);
      if (!m) return;
      var labels = {};
      (m[3] || '').replace(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g, function (_, k, v) { labels[k] = v; });
      out.push({name: m[1], labels: labels, value: Number(m[4])});
    });
    return out;
  }
  function sum(metrics, name, test) {
    return metrics.filter(function (m) { return m.name === name && (!test || test(m.labels)); })
        .reduce(function (a, m) { return a + (isFinite(m.value) ? m.value : 0); }, 0);
  }
  function max(metrics, name, test) {
    return metrics.filter(function (m) { return m.name === name && (!test || test(m.labels)); })
        .reduce(function (a, m) { return isFinite(m.value) && m.value > a ? m.value : a; }, 0);
  }
  /** The q-quantile of the latency observed between two scrapes, from the histogram's buckets. */
  function quantile(prev, cur, q) {
    var name = 'hookstream_delivery_latency_seconds_bucket';
    var buckets = cur.filter(function (m) { return m.name === name; }).map(function (m) {
      var before = prev.filter(function (p) { return p.name === name && p.labels.le === m.labels.le; })[0];
      return {le: m.labels.le === '+Inf' ? Infinity : Number(m.labels.le),
        count: m.value - (before ? before.value : 0)};
    }).sort(function (a, b) { return a.le - b.le; });
    var total = buckets.length ? buckets[buckets.length - 1].count : 0;
    if (!total) return null;
    for (var i = 0; i < buckets.length; i++) {
      if (buckets[i].count >= q * total) return buckets[i].le;
    }
    return null;
  }
  function card(label, value, id) {
    return el('div', {class: 'card'}, el('div', {class: 'muted'}, label),
        el('div', {class: 'stat', id: id}, value));
  }

  function pipeline() {
    var out = el('div', {class: 'grid2'});
    H.show('Pipeline', [el('p', {class: 'muted'}, 'From this service\'s own /metrics, every 5 s.'
        + ' With the services deployed apart, the dispatcher\'s figures are on its own /metrics.'),
      out]);
    clearInterval(pipelineTimer);
    function scrape() {
      if (location.hash.indexOf('#/pipeline') !== 0) { clearInterval(pipelineTimer); return; }
      fetch('/metrics', {credentials: 'same-origin'}).then(function (r) { return r.text(); })
          .then(function (text) {
            samples.push({at: Date.now(), metrics: parseMetrics(text)});
            if (samples.length > 2) samples.shift();
            render(out);
          });
    }
    scrape();
    pipelineTimer = setInterval(scrape, 5000);
  }

  function render(out) {
    var cur = samples[samples.length - 1].metrics;
    var prev = samples.length > 1 ? samples[0].metrics : null;
    var secs = prev ? (samples[samples.length - 1].at - samples[0].at) / 1000 : 0;
    var outcome = function (o) { return function (l) { return l.outcome === o; }; };
    var delivered = sum(cur, 'hookstream_deliveries_total', outcome('delivered'));
    var failedNow = ['retry_scheduled', 'dead_lettered', 'gone'].reduce(function (a, o) {
      return a + sum(cur, 'hookstream_deliveries_total', outcome(o)); }, 0);
    var cells = [];
    if (prev) {
      var dDelivered = delivered - sum(prev, 'hookstream_deliveries_total', outcome('delivered'));
      var dFailed = failedNow - ['retry_scheduled', 'dead_lettered', 'gone'].reduce(function (a, o) {
        return a + sum(prev, 'hookstream_deliveries_total', outcome(o)); }, 0);
      var p50 = quantile(prev, cur, 0.5), p99 = quantile(prev, cur, 0.99);
      cells.push(card('Deliveries per second', (dDelivered / secs).toFixed(1), 'rate'));
      cells.push(card('Success rate', dDelivered + dFailed > 0
          ? (100 * dDelivered / (dDelivered + dFailed)).toFixed(1) + ' %' : '–', 'success'));
      cells.push(card('End-to-end latency p50 / p99', p50 === null ? '–'
          : (p50 * 1000).toFixed(0) + ' / ' + (p99 === Infinity ? '>' : '') + (isFinite(p99)
              ? (p99 * 1000).toFixed(0) : '') + ' ms', 'latency'));
    } else {
      cells.push(card('Deliveries per second', 'collecting…', 'rate'));
    }
    cells.push(card('Dispatcher consumer lag', String(max(cur,
        'kafka_consumer_fetch_manager_records_lag_max', function (l) {
          return (l.client_id || '').indexOf('hookstream-dispatcher') === 0; })), 'lag'));
    cells.push(card('Requests in flight', String(sum(cur, 'hookstream_dispatch_in_flight')), 'inflight'));
    cells.push(card('Dead letters (since start)', String(sum(cur, 'hookstream_dlq_records_total')), 'dlq'));
    cells.push(card('Disabled endpoints', String(sum(cur, 'hookstream_subscriptions_disabled')), 'disabled'));
    H.put(out, cells);
  }

  // ---- tenants ---------------------------------------------------------------------------

  function tenants(parts) {
    if (parts[0]) return tenant(parts[0]);
    var message = el('div', {});
    var id = el('input', {type: 'text', required: true, pattern: '[a-z0-9][a-z0-9_-]{0,63}'});
    var name = el('input', {type: 'text'});
    var created = el('div', {});
    var create = el('form', {class: 'stack', onsubmit: function (e) {
      e.preventDefault();
      H.api('POST', '/v1/tenants', {id: id.value.trim(), name: name.value.trim() || undefined})
          .then(function (a) {
            if (!a.ok) return failed(a, message);
            H.put(created, H.notice('success', 'Tenant ' + a.body.id
                + ' created. Its API key, shown once: '), el('p', {}, el('code', {}, a.body.apiKey)));
            load();
          });
    }}, message, H.field('Tenant id', id, 'Lowercase letters, digits, - and _.'),
        H.field('Name', name), el('div', {}, el('button', {class: 'primary', type: 'submit'},
            'Create tenant')));
    var table = el('div', {});
    function load() {
      H.api('GET', '/v1/tenants?limit=250').then(function (a) {
        if (!a.ok) return failed(a, table);
        H.put(table, H.table(['Tenant', 'Name', 'Retry schedule', 'Created'],
            a.body.data.map(function (t) {
              return el('tr', {}, el('td', {}, el('a', {href: '#/tenants/' + encodeURIComponent(t.id)},
                  t.id)), el('td', {}, t.name || ''), el('td', {}, (t.retrySchedule || []).join(', ')),
                  el('td', {}, H.time(t.createdAt)));
            })));
      });
    }
    H.show('Tenants', [table, el('h3', {}, 'New tenant'), create, created]);
    load();
  }

  function tenant(id) {
    var path = tenantPath(id);
    H.api('GET', path).then(function (a) {
      if (!a.ok) return H.show('Tenant', failed(a));
      var t = a.body, ad = t.autoDisable || {};
      var message = el('div', {});
      var name = el('input', {type: 'text', value: t.name || ''});
      var schedule = el('input', {type: 'text', value: (t.retrySchedule || []).join(', ')});
      var timeout = el('input', {type: 'number', min: 1000, max: 30000, value: t.timeoutMs});
      var statuses = el('input', {type: 'text', value: (t.successStatuses || []).join(', ')});
      var deliveries = el('input', {type: 'number', min: 1,
        value: ad.consecutiveFailedDeliveries || ''});
      var failingFor = el('input', {type: 'text', value: ad.failingFor || ''});
      var attempts = el('input', {type: 'number', min: 1, value: ad.consecutiveFailedAttempts || ''});
      var origins = el('input', {type: 'text', value: (t.portalOrigins || []).join(', ')});
      // Only what the operator changed is sent: the form shows effective values, and saving
      // them unchanged would pin the deployment's defaults on the tenant.
      var fields = [name, schedule, timeout, statuses, deliveries, failingFor, attempts, origins];
      var initial = fields.map(function (c) { return c.value; });
      var changed = function (c, i) { return c.value !== initial[i]; };
      var settings = el('form', {class: 'stack', onsubmit: function (e) {
        e.preventDefault();
        var body = {};
        if (changed(name, 0)) body.name = name.value.trim() || null;
        if (changed(schedule, 1)) body.retrySchedule = schedule.value.trim() ? list(schedule.value) : null;
        if (changed(timeout, 2)) body.timeoutMs = timeout.value ? Number(timeout.value) : null;
        if (changed(statuses, 3)) {
          body.successStatuses = statuses.value.trim() ? list(statuses.value).map(Number) : null;
        }
        if (changed(deliveries, 4) || changed(failingFor, 5) || changed(attempts, 6)) {
          body.autoDisable = {consecutiveFailedDeliveries: deliveries.value ? Number(deliveries.value) : null,
            failingFor: failingFor.value.trim() || null,
            consecutiveFailedAttempts: attempts.value ? Number(attempts.value) : null};
        }
        if (changed(origins, 7)) body.portalOrigins = origins.value.trim() ? list(origins.value) : null;
        H.api('PATCH', path, body).then(function (r) {
          H.put(message, r.ok ? H.notice('success', 'Saved.') : failed(r));
          if (r.ok) {
            fields.forEach(function (c, i) { initial[i] = c.value; });
          }
        });
      }}, message, H.field('Name', name),
          H.field('Default retry schedule', schedule, 'Comma-separated delays like 5s, 5m, 1h; empty for the deployment\'s.'),
          H.field('Default timeout (ms)', timeout), H.field('Default success statuses', statuses,
              'Comma-separated; empty for any 2xx.'),
          el('fieldset', {}, el('legend', {}, 'Auto-disable (empty turns a rule off)'),
              H.field('After this many failed deliveries in a row', deliveries),
              H.field('After failing for (like 5d)', failingFor),
              H.field('After this many failed attempts in a row', attempts)),
          H.field('Origins that may embed the portal', origins,
              'Comma-separated, like https://app.example.com; they become its frame-ancestors.'),
          el('div', {}, el('button', {class: 'primary', type: 'submit'}, 'Save')));
      var keyOut = el('div', {});
      var rotate = el('button', {type: 'button', onclick: function () {
        if (!window.confirm('Rotate the API key? The current one stops working at once.')) return;
        H.api('POST', path + '/rotate-key', {}).then(function (r) {
          if (!r.ok) return failed(r, keyOut);
          H.put(keyOut, H.notice('success', 'The new API key, shown once:'),
              el('p', {}, el('code', {}, r.body.apiKey)));
        });
      }}, 'Rotate API key');
      var capBoxes = ['manage-endpoints', 'view-secrets', 'send-tests', 'replay'].map(function (c) {
        var box = el('input', {type: 'checkbox', value: c, checked: true, id: 'cap-' + c});
        return el('div', {class: 'choice'}, box, el('label', {for: 'cap-' + c}, c));
      });
      var linkOut = el('div', {});
      var open = el('button', {type: 'button', class: 'primary', onclick: function () {
        var capabilities = [];
        capBoxes.forEach(function (c) {
          var b = c.querySelector('input');
          if (b.checked) capabilities.push(b.value);
        });
        H.api('POST', path + '/portal-sessions', {capabilities: capabilities}).then(function (r) {
          if (!r.ok) return failed(r, linkOut);
          H.put(linkOut, el('p', {}, 'Portal link, valid until ' + H.time(r.body.expiresAt)
              + ': ', el('a', {href: r.body.url, target: '_blank', rel: 'noopener', id: 'portal-link'},
              'open the portal')));
        });
      }}, 'Open the tenant\'s portal');
      H.show('Tenant ' + t.id, [settings, el('h3', {}, 'API key'), rotate, keyOut,
        el('h3', {}, 'Portal'), el('fieldset', {}, el('legend', {}, 'Capabilities'), capBoxes),
        el('div', {class: 'actions'}, open), linkOut]);
    });
  }

  // ---- the event catalog -----------------------------------------------------------------

  function eventTypes(parts) {
    var message = el('div', {});
    var editing = null;
    var name = el('input', {type: 'text', required: true});
    var title = el('input', {type: 'text'});
    var description = el('input', {type: 'text'});
    var schema = el('textarea', {rows: 5, spellcheck: 'false'});
    var example = el('textarea', {rows: 5, spellcheck: 'false'});
    var submit = el('button', {class: 'primary', type: 'submit'}, 'Add event type');
    function json(text, label) {
      if (!text.trim()) return null;
      try { return JSON.parse(text); } catch (e) { throw label + ' is not valid JSON.'; }
    }
    var f = el('form', {class: 'stack', onsubmit: function (e) {
      e.preventDefault();
      var body;
      try {
        body = {title: title.value.trim() || null, description: description.value.trim() || null,
          schema: json(schema.value, 'The schema'), example: json(example.value, 'The example')};
      } catch (err) { H.put(message, H.notice('error', err)); return; }
      var call = editing ? H.api('PATCH', '/v1/event-types/' + encodeURIComponent(editing), body)
          : H.api('POST', '/v1/event-types', Object.assign({name: name.value.trim()},
              Object.keys(body).reduce(function (o, k) {
                if (body[k] !== null) o[k] = body[k];
                return o; }, {})));
      call.then(function (a) {
        if (!a.ok) return failed(a, message);
        H.put(message, H.notice('success', 'Saved ' + a.body.name + '.'));
        load();
      });
    }}, message, H.field('Name', name, 'Like order.created.'), H.field('Title', title),
        H.field('Description', description), H.field('Schema (JSON Schema)', schema),
        H.field('Example data (JSON)', example, 'Checked against the schema.'),
        el('div', {}, submit));
    var table = el('div', {});
    function load() {
      H.api('GET', '/v1/event-types?limit=250').then(function (a) {
        if (!a.ok) return failed(a, table);
        H.put(table, H.table(['Name', 'Title', 'Description', ''], a.body.data.map(function (t) {
          return el('tr', {}, el('td', {}, el('code', {}, t.name)), el('td', {}, t.title || ''),
              el('td', {}, t.description || ''), el('td', {}, el('button', {type: 'button',
                onclick: function () {
                  editing = t.name;
                  name.value = t.name;
                  name.disabled = true;
                  title.value = t.title || '';
                  description.value = t.description || '';
                  schema.value = t.schema ? H.pretty(t.schema) : '';
                  example.value = t.example !== undefined ? H.pretty(t.example) : '';
                  submit.textContent = 'Save ' + t.name;
                  name.focus();
                }}, 'Edit')));
        })));
      });
    }
    H.show('Event catalog', [table, el('h3', {}, 'Add or edit an event type'), f]);
    load();
  }

  // ---- endpoints across tenants ----------------------------------------------------------

  function halted(w) {
    return w.ordering === 'fifo' && w.orderingState && w.orderingState.halted;
  }

  /** Enabled, disabled or (FIFO) halted, with why; a FIFO endpoint's head and backlog. */
  function statusCell(w) {
    var o = w.orderingState;
    var state = w.enabled && o && o.halted
        ? el('span', {class: 'bad'}, 'Halted' + (o.haltedReason ? ': ' + o.haltedReason : ''))
        : w.enabled ? el('span', {class: 'ok'}, 'Enabled')
        : el('span', {class: 'bad'}, 'Disabled' + (w.disabledReason ? ': ' + w.disabledReason : ''));
    if (w.ordering !== 'fifo') return state;
    return el('span', {}, state, el('div', {class: 'muted'}, 'FIFO · '
        + (o && o.headSequence ? 'head #' + o.headSequence : 'nothing waiting') + ' · '
        + ((o && o.backlog) || 0) + ' waiting'));
  }

  function endpoints() {
    var status = el('select', {}, el('option', {value: 'failing'}, 'Failing now'),
        el('option', {value: 'disabled'}, 'Disabled'), el('option', {value: 'all'}, 'All'));
    var out = el('div', {});
    function load() {
      H.api('GET', '/v1/webhooks?limit=250&status=' + status.value).then(function (a) {
        if (!a.ok) return failed(a, out);
        H.put(out, H.table(['Tenant', 'Endpoint', 'Status', 'Failure streak',
          'Last failure', ''], a.body.data.map(function (w) {
          var h = w.health || {};
          return el('tr', {}, el('td', {}, el('a', {href: '#/tenants/' + encodeURIComponent(w.tenant)},
              w.tenant)), el('td', {}, w.name || w.url, w.name ? el('div', {class: 'muted'}, w.url) : null),
              el('td', {}, statusCell(w)),
              el('td', {}, String(h.consecutiveFailedAttempts || 0)), el('td', {}, H.time(h.lastFailureAt)),
              el('td', {}, halted(w) ? el('button', {type: 'button', onclick: function () {
                H.api('POST', tenantPath(w.tenant) + '/webhooks/' + encodeURIComponent(w.id)
                    + '/resume', {}).then(load);
              }}, 'Resume in order') : w.enabled ? null : el('button', {type: 'button', onclick: function () {
                H.api('PATCH', tenantPath(w.tenant) + '/webhooks/' + encodeURIComponent(w.id),
                    {enabled: true}).then(load);
              }}, 'Enable')));
        })));
      });
    }
    status.addEventListener('change', load);
    H.show('Endpoints', [H.field('Show', status), el('p', {class: 'muted'}, 'Protection slows a'
        + ' failing endpoint (fewer requests at once) instead of stopping it; see'
        + ' hookstream_endpoints_limited on each dispatcher.'), out]);
    load();
  }

  // ---- dead letters ----------------------------------------------------------------------

  function dlq() {
    var out = el('div', {});
    function load() {
      H.api('GET', '/v1/deliveries?status=failed&limit=100').then(function (a) {
        if (!a.ok) return failed(a, out);
        H.put(out, H.table(['Last attempt', 'Tenant', 'Event type', 'Why', ''],
            a.body.data.map(function (d) {
              var last = d.attempts[d.attempts.length - 1] || {};
              var result = el('span', {role: 'status'});
              return el('tr', {}, el('td', {}, H.time(d.lastAttemptAt)), el('td', {}, d.tenant),
                  el('td', {}, d.eventType, el('div', {class: 'muted'}, d.eventId)),
                  el('td', {}, last.statusCode ? 'answered ' + last.statusCode : (last.error || '')),
                  el('td', {}, el('button', {type: 'button', onclick: function () {
                    H.api('POST', tenantPath(d.tenant) + '/deliveries/' + encodeURIComponent(d.id)
                        + '/retry', {}).then(function (r) {
                      result.textContent = r.ok ? ' Queued.' : ' ' + H.problem(r);
                    });
                  }}, 'Replay'), result));
            })));
      });
    }
    H.show('Dead letters', [el('p', {class: 'muted'}, 'Deliveries that ended failed, newest first;'
        + ' a replay sends one again with its schedule started afresh.'), out]);
    load();
  }

  H.router({pipeline: pipeline, tenants: tenants, catalog: eventTypes, endpoints: endpoints,
    dlq: dlq});
})();
