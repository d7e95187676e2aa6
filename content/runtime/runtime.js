/* global window, document */
/**
 * CQ Pathway course player: plays one course (course data inlined in index.html, or course.json)
 * and reports to the LMS through SCORM 1.2 or SCORM 2004, whichever the package was built for
 * (`<html data-scorm="1.2|2004">`). Plain browser JavaScript: no build step, no external requests,
 * no eval. Without an LMS it plays in preview mode (nothing is saved).
 *
 * What the LMS gets:
 * - on every screen change: location (the screen key), suspend_data (JSON: visited screens,
 *   path taken, decisions, check answers, reflection text), status incomplete, and in 2004
 *   progress_measure; then a commit;
 * - for each decision and each check question: a `choice` interaction
 *   (`m<module>-<decision id>` / `m<module>-check-<question id>`), committed at once;
 * - on reaching the last screen with the check done: completed, the score (0–100; 2004 also
 *   scaled, success_status by masteryScore, progress_measure 1);
 * - on Exit or pagehide: session_time, exit (suspend unless completed), then Finish/Terminate.
 * Reflection text is private: it is kept only in suspend_data, never sent as an interaction.
 */
(function () {
  'use strict';

  var MAX_PARENTS = 500;
  var VERSION = document.documentElement.getAttribute('data-scorm') === '2004' ? '2004' : '1.2';
  var API_NAME = VERSION === '2004' ? 'API_1484_11' : 'API';
  var SUSPEND_LIMIT = VERSION === '2004' ? 64000 : 4096;

  // ------------------------------------------------------------------------------------------
  // Finding the LMS API: the window's parents (at most 500), then the opener and its parents.

  function scan(win) {
    var tries = 0;
    while (win) {
      try {
        if (win[API_NAME]) return win[API_NAME];
      } catch {
        // A window from another origin: keep climbing.
      }
      var parent = null;
      try {
        parent = win.parent;
      } catch {
        parent = null;
      }
      if (!parent || parent === win) return null;
      tries += 1;
      if (tries > MAX_PARENTS) return null;
      win = parent;
    }
    return null;
  }

  function findApi(win) {
    var api = scan(win);
    if (!api) {
      var opener = null;
      try {
        opener = win.opener;
      } catch {
        opener = null;
      }
      if (opener) api = scan(opener);
    }
    return api;
  }

  // ------------------------------------------------------------------------------------------
  // Talking to the LMS (or to an in-memory stand-in in preview mode).

  var KEYS =
    VERSION === '2004'
      ? {
          location: 'cmi.location',
          suspend: 'cmi.suspend_data',
          entry: 'cmi.entry',
          status: 'cmi.completion_status',
          exit: 'cmi.exit',
          session: 'cmi.session_time',
          score: 'cmi.score.',
          response: 'learner_response',
          wrong: 'incorrect',
        }
      : {
          location: 'cmi.core.lesson_location',
          suspend: 'cmi.suspend_data',
          entry: 'cmi.core.entry',
          status: 'cmi.core.lesson_status',
          exit: 'cmi.core.exit',
          session: 'cmi.core.session_time',
          score: 'cmi.core.score.',
          response: 'student_response',
          wrong: 'wrong',
        };

  function Lms(api) {
    this.api = api;
    this.preview = !api;
    this.store = {};
    this.active = false;
    this.finished = false;
  }

  Lms.prototype.call = function (name12, name2004, args) {
    var fn = this.api[VERSION === '2004' ? name2004 : name12];
    if (typeof fn !== 'function') return '';
    try {
      return String(fn.apply(this.api, args));
    } catch {
      return '';
    }
  };

  Lms.prototype.lastError = function () {
    if (this.preview) return '';
    var code = this.call('LMSGetLastError', 'GetLastError', []);
    if (!code || code === '0') return '';
    return code + ' ' + this.call('LMSGetErrorString', 'GetErrorString', [code]);
  };

  Lms.prototype.initialize = function () {
    if (this.preview) {
      this.active = true;
      return true;
    }
    var ok = this.call('LMSInitialize', 'Initialize', ['']) === 'true';
    if (!ok && window.console) window.console.warn('SCORM initialize failed: ' + this.lastError());
    this.active = ok;
    return ok;
  };

  Lms.prototype.get = function (key) {
    if (!this.active) return '';
    if (this.preview) return Object.prototype.hasOwnProperty.call(this.store, key) ? this.store[key] : '';
    return this.call('LMSGetValue', 'GetValue', [key]);
  };

  Lms.prototype.set = function (key, value) {
    if (!this.active || this.finished) return false;
    if (this.preview) {
      this.store[key] = String(value);
      return true;
    }
    var ok = this.call('LMSSetValue', 'SetValue', [key, String(value)]) === 'true';
    if (!ok && window.console) window.console.warn('SCORM could not set ' + key + ': ' + this.lastError());
    return ok;
  };

  Lms.prototype.commit = function () {
    if (!this.active || this.finished || this.preview) return true;
    return this.call('LMSCommit', 'Commit', ['']) === 'true';
  };

  Lms.prototype.finish = function () {
    if (!this.active || this.finished) return;
    this.finished = true;
    if (!this.preview) this.call('LMSFinish', 'Terminate', ['']);
  };

  // ------------------------------------------------------------------------------------------
  // Time formats.

  function pad(n) {
    return n < 10 ? '0' + n : String(n);
  }

  /** SCORM 1.2 CMITimespan, HH:MM:SS (hours grow to 4 digits). */
  function timespan12(ms) {
    var s = Math.max(0, Math.round(ms / 1000));
    var h = Math.min(9999, Math.floor(s / 3600));
    return pad(h) + ':' + pad(Math.floor((s % 3600) / 60)) + ':' + pad(s % 60);
  }

  /** SCORM 2004 timeinterval, ISO 8601 duration: PT1H2M3S, PT45S. */
  function duration2004(ms) {
    var s = Math.max(0, Math.round(ms / 1000));
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    return 'PT' + (h ? h + 'H' : '') + (m ? m + 'M' : '') + (s % 60) + 'S';
  }

  function timespan(ms) {
    return VERSION === '2004' ? duration2004(ms) : timespan12(ms);
  }

  /** SCORM 2004 timestamp in UTC. The format allows a time zone only after fractional seconds (…:ss.sZ). */
  function timestamp(date) {
    return date.toISOString().slice(0, 21) + 'Z';
  }

  /** SCORM 1.2 CMITime, the local time of day. */
  function clock12(date) {
    return pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
  }

  // ------------------------------------------------------------------------------------------
  // DOM helpers.

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'text') node.textContent = v;
        else if (k === 'html')
          node.innerHTML = v; // builder output: escaped, safe HTML
        else if (k === 'className') node.className = v;
        else if (k.slice(0, 2) === 'on') node.addEventListener(k.slice(2), v);
        else node.setAttribute(k, v === true ? '' : v);
      });
    }
    (children || []).forEach(function (c) {
      if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  function byId(id) {
    return document.getElementById(id);
  }

  // ------------------------------------------------------------------------------------------
  // The player.

  var course = null;
  var screens = [];
  var lms = null;
  var startedAt = Date.now();
  var shownAt = Date.now();
  var current = 0;
  var completed = false;
  var interactionCount = 0;
  var returnTo = null;
  var saveTimer = null;
  var trimmed = false;
  /** v: visited keys, h: path (for Previous), d: decisions, c: check answers, cs: check submitted, r: reflections. */
  var state = { v: [], h: [], d: {}, c: {}, cs: false, r: {} };

  function indexOfKey(key) {
    for (var i = 0; i < screens.length; i += 1) if (screens[i].key === key) return i;
    return -1;
  }

  function mainScreens() {
    return screens.filter(function (s) {
      return !s.branch;
    });
  }

  function lastIndex() {
    for (var i = screens.length - 1; i >= 0; i -= 1) if (!screens[i].branch) return i;
    return screens.length - 1;
  }

  function firstIndex() {
    for (var i = 0; i < screens.length; i += 1) if (!screens[i].branch) return i;
    return 0;
  }

  /** The screen Next leads to from screen i, or -1 at the end. */
  function nextIndex(i) {
    var s = screens[i];
    if (s.type === 'decision' && state.d[s.id]) {
      var chosen = findOption(s, state.d[s.id]);
      if (chosen && chosen.goto) {
        var g = indexOfKey(chosen.goto);
        if (g >= 0) return g;
      }
    }
    for (var j = i + 1; j < screens.length; j += 1) if (!screens[j].branch) return j;
    return -1;
  }

  function findOption(screen, id) {
    for (var i = 0; i < screen.options.length; i += 1)
      if (screen.options[i].id === id) return screen.options[i];
    return null;
  }

  function checkScreen() {
    for (var i = 0; i < screens.length; i += 1) if (screens[i].type === 'check') return screens[i];
    return null;
  }

  function referencesIndex() {
    for (var i = 0; i < screens.length; i += 1) if (screens[i].type === 'references') return i;
    return -1;
  }

  function checkDone() {
    return !checkScreen() || state.cs;
  }

  /** { correct, total, score 0–100 } for the submitted check, or null. */
  function checkResult() {
    var check = checkScreen();
    if (!check || !state.cs) return null;
    var correct = 0;
    check.questions.forEach(function (q) {
      q.options.forEach(function (o) {
        if (o.correct && state.c[q.id] === o.id) correct += 1;
      });
    });
    var total = check.questions.length;
    return { correct: correct, total: total, score: total ? Math.round((correct / total) * 100) : 0 };
  }

  function progressMeasure() {
    var main = mainScreens();
    var seen = main.filter(function (s) {
      return state.v.indexOf(s.key) >= 0;
    }).length;
    return main.length ? Math.min(1, seen / main.length) : 1;
  }

  function announce(message) {
    var status = byId('status');
    status.textContent = '';
    // A fresh text node after clearing makes screen readers read a repeated message again.
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  // ---- Saving

  function suspendData() {
    var data = { v: state.v, h: state.h, d: state.d, c: state.c, cs: state.cs, r: {} };
    Object.keys(state.r).forEach(function (k) {
      data.r[k] = state.r[k];
    });
    var json = JSON.stringify(data);
    trimmed = false;
    // The LMS keeps at most 4,096 (1.2) or 64,000 (2004) characters: shorten the longest reflection.
    for (var guard = 0; json.length > SUSPEND_LIMIT && guard < 20; guard += 1) {
      var keys = Object.keys(data.r).sort(function (a, b) {
        return data.r[b].length - data.r[a].length;
      });
      if (!keys.length || !data.r[keys[0]].length) break;
      var k = keys[0];
      data.r[k] = data.r[k].slice(0, Math.max(0, data.r[k].length - (json.length - SUSPEND_LIMIT) - 8));
      trimmed = true;
      json = JSON.stringify(data);
    }
    return json;
  }

  function persist() {
    lms.set(KEYS.location, screens[current].key);
    lms.set(KEYS.suspend, suspendData());
    if (!completed) lms.set(KEYS.status, 'incomplete');
    if (VERSION === '2004') lms.set('cmi.progress_measure', completed ? '1' : progressMeasure().toFixed(2));
  }

  function saveSoon() {
    if (saveTimer) window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(function () {
      saveTimer = null;
      lms.set(KEYS.suspend, suspendData());
    }, 800);
  }

  function flushReflection() {
    var box = document.querySelector('#screen textarea[data-reflection]');
    if (box) state.r[box.getAttribute('data-reflection')] = box.value;
    if (saveTimer) {
      window.clearTimeout(saveTimer);
      saveTimer = null;
    }
  }

  function setScore() {
    var result = checkResult();
    if (!result) return;
    lms.set(KEYS.score + 'min', '0');
    lms.set(KEYS.score + 'max', '100');
    lms.set(KEYS.score + 'raw', String(result.score));
    if (VERSION === '2004') {
      lms.set('cmi.score.scaled', String(result.score / 100));
      lms.set('cmi.success_status', result.score >= course.masteryScore ? 'passed' : 'failed');
    }
  }

  function complete() {
    completed = true;
    setScore();
    lms.set(KEYS.status, 'completed');
    if (VERSION === '2004') lms.set('cmi.progress_measure', '1');
    lms.commit();
  }

  function recordInteraction(id, response, result, correctPattern, description, shown) {
    var lmsCount = parseInt(lms.get('cmi.interactions._count'), 10);
    var n = Math.max(interactionCount, isNaN(lmsCount) ? 0 : lmsCount);
    interactionCount = n + 1;
    var now = new Date();
    var p = 'cmi.interactions.' + n + '.';
    lms.set(p + 'id', id);
    lms.set(p + 'type', 'choice');
    if (VERSION === '2004') lms.set(p + 'timestamp', timestamp(new Date(shown)));
    else lms.set(p + 'time', clock12(now));
    lms.set(p + 'correct_responses.0.pattern', correctPattern);
    lms.set(p + KEYS.response, response);
    lms.set(p + 'result', result);
    lms.set(p + 'latency', timespan(now.getTime() - shown));
    if (VERSION === '2004') lms.set(p + 'description', description.slice(0, 250));
  }

  // ---- Navigation

  function go(index, how) {
    flushReflection();
    if (how === 'next') state.h.push(screens[current].key);
    current = index;
    show(how);
  }

  function show(how) {
    var screen = screens[current];
    if (state.v.indexOf(screen.key) < 0) state.v.push(screen.key);
    shownAt = Date.now();
    persist();
    var finishing = !completed && current === lastIndex() && checkDone() && how !== 'cite';
    if (finishing) complete();
    else lms.commit();
    render();
    if (finishing) announce('You have completed this module.');
    if (how) {
      document.documentElement.scrollTop = 0;
      document.body.scrollTop = 0;
      var h1 = byId('screen-title');
      if (h1) h1.focus();
    }
  }

  function goNext() {
    var screen = screens[current];
    if (screen.type === 'decision' && !state.d[screen.id]) {
      announce('Choose an option and select Confirm choice before you move on.');
      focusFirst('#screen input[type=radio]');
      return;
    }
    if (screen.type === 'check' && !state.cs) {
      announce('Answer the questions and select Submit answers before you move on.');
      focusFirst('#screen input[type=radio]');
      return;
    }
    var n = nextIndex(current);
    if (n < 0) {
      exit();
      return;
    }
    returnTo = null;
    go(n, 'next');
  }

  function goPrevious() {
    if (!state.h.length) return;
    var key = state.h.pop();
    var i = indexOfKey(key);
    returnTo = null;
    go(i >= 0 ? i : firstIndex(), 'previous');
  }

  function focusFirst(selector) {
    var node = document.querySelector(selector);
    if (node) node.focus();
  }

  // ---- Rendering

  function render() {
    var screen = screens[current];
    var root = byId('screen');
    root.innerHTML = '';
    document.title = screen.title + ' – ' + course.titleText;
    root.appendChild(el('h1', { id: 'screen-title', tabindex: '-1', text: screen.title }));
    if (returnTo !== null && screen.type === 'references') {
      var back = screens[returnTo];
      root.appendChild(
        el('p', null, [
          el('button', {
            type: 'button',
            className: 'button button-secondary',
            text: 'Back to ' + back.title,
            onclick: function () {
              var target = returnTo;
              returnTo = null;
              state.h.pop();
              go(target, 'previous');
            },
          }),
        ]),
      );
    }
    if (screen.html) root.appendChild(el('div', { className: 'body', html: screen.html }));
    if (screen.type === 'decision') renderDecision(root, screen);
    if (screen.type === 'check') renderCheck(root, screen);
    if (screen.type === 'reflection') renderReflection(root, screen);
    if (screen.type === 'references') renderReferences(root, screen);
    if (current === lastIndex() && completed) {
      root.appendChild(
        el('p', { className: 'note' }, [
          'You have completed this module. Select Exit module when you are ready to leave.',
        ]),
      );
    }
    updateChrome();
  }

  function updateChrome() {
    var main = mainScreens();
    var pos = 0;
    for (var i = 0; i <= current; i += 1) if (!screens[i].branch) pos += 1;
    byId('progress').textContent = 'Screen ' + Math.max(pos, 1) + ' of ' + main.length;
    var prev = byId('prev');
    prev.hidden = state.h.length === 0;
    var next = byId('next');
    var atEnd = nextIndex(current) < 0;
    next.textContent = atEnd ? 'Exit module' : 'Next';
  }

  function radio(name, id, value, labelHtml, checked, disabled) {
    return el('div', { className: 'choice' }, [
      el('input', { type: 'radio', name: name, id: id, value: value, checked: checked, disabled: disabled }),
      el('label', { for: id, html: labelHtml }),
    ]);
  }

  var RATING_TEXT = {
    best: 'Best choice',
    acceptable: 'Acceptable choice, but not the best',
    poor: 'Not a good choice',
  };

  function renderDecision(root, screen) {
    var chosen = state.d[screen.id] ? findOption(screen, state.d[screen.id]) : null;
    var name = 'decision-' + screen.id;
    var fieldset = el('fieldset', { className: 'choices' }, [el('legend', { html: screen.question.html })]);
    screen.options.forEach(function (o) {
      var row = radio(name, name + '-' + o.id, o.id, o.html, chosen === o, !!chosen);
      if (chosen === o) row.appendChild(el('span', { className: 'tag', text: 'Your choice' }));
      fieldset.appendChild(row);
    });
    var form = el('form', { className: 'decision', novalidate: true }, [fieldset]);
    if (!chosen)
      form.appendChild(el('button', { type: 'submit', className: 'button', text: 'Confirm choice' }));
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var picked = form.querySelector('input[name="' + name + '"]:checked');
      if (!picked) {
        announce('Choose one of the options first.');
        focusFirst('#screen input[type=radio]');
        return;
      }
      var option = findOption(screen, picked.value);
      state.d[screen.id] = option.id;
      var best = screen.options.filter(function (o) {
        return o.rating === 'best';
      })[0];
      var result =
        option.rating === 'best' ? 'correct' : option.rating === 'acceptable' ? 'neutral' : KEYS.wrong;
      recordInteraction(
        'm' + course.module + '-' + screen.id,
        option.id,
        result,
        best ? best.id : option.id,
        screen.question.text,
        shownAt,
      );
      persist();
      lms.commit();
      render();
      announce(
        RATING_TEXT[option.rating] + '. What happens next and the feedback are shown below the options.',
      );
      focusFirst('#outcome-heading');
    });
    root.appendChild(form);
    if (chosen) root.appendChild(outcome(screen, chosen));
  }

  function outcome(screen, chosen) {
    var box = el(
      'section',
      { className: 'outcome rating-' + chosen.rating, 'aria-labelledby': 'outcome-heading' },
      [
        el('h2', { id: 'outcome-heading', tabindex: '-1', text: 'What happens next' }),
        el('p', { html: chosen.consequenceHtml }),
        el('h2', { text: 'Feedback' }),
        el('p', { className: 'verdict' }, [el('strong', { text: RATING_TEXT[chosen.rating] })]),
        el('p', { html: chosen.feedbackHtml }),
      ],
    );
    if (chosen.rating !== 'best') {
      var best = screen.options.filter(function (o) {
        return o.rating === 'best';
      })[0];
      if (best) box.appendChild(el('p', { html: '<strong>The best choice was:</strong> ' + best.html }));
    }
    return box;
  }

  function renderCheck(root, screen) {
    var submitted = state.cs;
    var form = el('form', { className: 'check', novalidate: true });
    screen.questions.forEach(function (q, qi) {
      var name = 'check-' + q.id;
      var fieldset = el('fieldset', { className: 'choices', id: 'question-' + q.id }, [
        el('legend', {
          html:
            '<span class="qnum">Question ' +
            (qi + 1) +
            ' of ' +
            screen.questions.length +
            ':</span> ' +
            q.html,
        }),
      ]);
      q.options.forEach(function (o) {
        var row = radio(name, name + '-' + o.id, o.id, o.html, state.c[q.id] === o.id, submitted);
        if (submitted && state.c[q.id] === o.id)
          row.appendChild(el('span', { className: 'tag', text: 'Your answer' }));
        if (submitted && o.correct)
          row.appendChild(el('span', { className: 'tag tag-correct', text: 'Correct answer' }));
        fieldset.appendChild(row);
      });
      if (submitted) {
        var right = q.options.some(function (o) {
          return o.correct && state.c[q.id] === o.id;
        });
        fieldset.appendChild(
          el('div', { className: 'result ' + (right ? 'result-right' : 'result-wrong') }, [
            el('p', null, [el('strong', { text: right ? 'Correct.' : 'Not correct.' })]),
            q.explanationHtml ? el('p', { html: q.explanationHtml }) : null,
          ]),
        );
      }
      form.appendChild(fieldset);
    });
    if (!submitted)
      form.appendChild(el('button', { type: 'submit', className: 'button', text: 'Submit answers' }));
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var answers = {};
      var missing = [];
      screen.questions.forEach(function (q, qi) {
        var picked = form.querySelector('input[name="check-' + q.id + '"]:checked');
        if (picked) answers[q.id] = picked.value;
        else missing.push(qi + 1);
      });
      if (missing.length) {
        announce(
          'Answer every question before you submit. Not answered yet: question ' +
            missing.join(', question ') +
            '.',
        );
        focusFirst('#question-' + screen.questions[missing[0] - 1].id + ' input');
        return;
      }
      screen.questions.forEach(function (q) {
        var correct = q.options.filter(function (o) {
          return o.correct;
        })[0];
        var right = correct && correct.id === answers[q.id];
        recordInteraction(
          'm' + course.module + '-check-' + q.id,
          answers[q.id],
          right ? 'correct' : KEYS.wrong,
          correct ? correct.id : '',
          q.text,
          shownAt,
        );
      });
      state.c = answers;
      state.cs = true;
      if (completed) setScore();
      persist();
      lms.commit();
      render();
      var r = checkResult();
      announce(summaryText(r));
      focusFirst('#check-summary-heading');
    });
    root.appendChild(form);
    if (submitted) root.appendChild(checkSummary(checkResult()));
  }

  function summaryText(r) {
    return (
      'You got ' +
      r.correct +
      ' of ' +
      r.total +
      ' right (' +
      r.score +
      '%). ' +
      (r.score >= course.masteryScore
        ? 'You have passed: the pass mark is ' + course.masteryScore + '%.'
        : 'The pass mark is ' + course.masteryScore + '%.')
    );
  }

  function checkSummary(r) {
    var box = el('section', { className: 'outcome', 'aria-labelledby': 'check-summary-heading' }, [
      el('h2', { id: 'check-summary-heading', tabindex: '-1', text: 'Your result' }),
      el('p', { text: summaryText(r) }),
    ]);
    if (r.score < course.masteryScore) {
      box.appendChild(el('p', { text: 'Read the explanations, then try the questions again.' }));
      box.appendChild(
        el('button', {
          type: 'button',
          className: 'button',
          text: 'Try the questions again',
          onclick: function () {
            state.c = {};
            state.cs = false;
            shownAt = Date.now();
            persist();
            lms.commit();
            render();
            focusFirst('#screen input[type=radio]');
          },
        }),
      );
    }
    return box;
  }

  function renderReflection(root, screen) {
    var id = 'reflection-' + screen.id;
    var box = el('textarea', {
      id: id,
      rows: '8',
      'data-reflection': screen.id,
      'aria-describedby': id + '-hint',
    });
    box.value = state.r[screen.id] || '';
    box.addEventListener('input', function () {
      state.r[screen.id] = box.value;
      saveSoon();
    });
    root.appendChild(
      el('div', { className: 'reflection' }, [
        el('label', { for: id, html: screen.prompt.html }),
        el('p', { className: 'hint', id: id + '-hint' }, [
          'What you write stays private. It is kept with your place in the module, so it is here when you ' +
            'come back, and it is not reported to anyone.',
        ]),
        box,
      ]),
    );
    if (trimmed)
      root.appendChild(
        el('p', { className: 'note' }, [
          'Your notes are longer than this learning system can keep: only the beginning will be there when you come back.',
        ]),
      );
  }

  function renderReferences(root, screen) {
    var listNode = el('ol', { className: 'references' });
    screen.references.forEach(function (r) {
      var item = el('li', { id: 'ref-' + r.key, tabindex: '-1', value: String(r.n) }, [
        el('span', { html: r.html }),
      ]);
      if (r.url) {
        item.appendChild(document.createTextNode(' '));
        item.appendChild(
          el('a', { href: r.url, target: '_blank', rel: 'noopener noreferrer', className: 'url' }, [
            r.url,
            el('span', { className: 'new-tab', text: ' (opens in new tab)' }),
          ]),
        );
      }
      listNode.appendChild(item);
    });
    root.appendChild(listNode);
  }

  function onCitation(e) {
    var link = e.target && e.target.closest ? e.target.closest('a.cite') : null;
    if (!link) return;
    var refs = referencesIndex();
    if (refs < 0) return;
    e.preventDefault();
    var from = current;
    if (refs !== current) {
      flushReflection();
      state.h.push(screens[current].key);
      returnTo = from;
      current = refs;
      show('cite');
    }
    var entry = byId('ref-' + link.getAttribute('data-ref'));
    if (entry) entry.focus();
  }

  // ---- Leaving

  function exit() {
    finish();
    var root = byId('screen');
    root.innerHTML = '';
    root.appendChild(el('h1', { id: 'screen-title', tabindex: '-1', text: 'You have left the module' }));
    root.appendChild(
      el('p', null, [
        lms.preview
          ? 'This was a preview: nothing was saved. You can close this window.'
          : completed
            ? 'You have finished this module. You can close this window.'
            : 'Your place is saved: you will come back to this screen next time. You can close this window.',
      ]),
    );
    byId('pager').hidden = true;
    byId('exit').hidden = true;
    byId('screen-title').focus();
  }

  function finish() {
    if (!lms || lms.finished) return;
    flushReflection();
    lms.set(KEYS.location, screens[current].key);
    lms.set(KEYS.suspend, suspendData());
    lms.set(KEYS.exit, completed ? (VERSION === '2004' ? 'normal' : '') : 'suspend');
    lms.set(KEYS.session, timespan(Date.now() - startedAt));
    lms.commit();
    lms.finish();
  }

  // ---- Start

  function loadCourse(done) {
    var inline = byId('course-data');
    if (inline && inline.textContent.trim()) {
      done(JSON.parse(inline.textContent));
      return;
    }
    if (typeof window.fetch !== 'function') return;
    window
      .fetch('course.json')
      .then(function (r) {
        return r.json();
      })
      .then(done, function () {
        byId('screen').textContent = 'The module could not be loaded. Close this window and try again.';
      });
  }

  /** Picks up where the learner left off, unless the LMS says this is a fresh start (ab-initio). */
  function restore() {
    var fresh = lms.get(KEYS.entry) === 'ab-initio';
    var saved = fresh ? '' : lms.get(KEYS.suspend);
    if (saved) {
      try {
        var data = JSON.parse(saved);
        if (data && typeof data === 'object') {
          ['v', 'h'].forEach(function (k) {
            if (Array.isArray(data[k]))
              state[k] = data[k].filter(function (key) {
                return indexOfKey(key) >= 0;
              });
          });
          ['d', 'c', 'r'].forEach(function (k) {
            if (data[k] && typeof data[k] === 'object') state[k] = data[k];
          });
          state.cs = data.cs === true;
        }
      } catch {
        // Not ours, or damaged: start afresh.
      }
    }
    var status = lms.get(KEYS.status);
    completed =
      VERSION === '2004'
        ? status === 'completed'
        : status === 'completed' || status === 'passed' || status === 'failed';
    var location = fresh ? -1 : indexOfKey(lms.get(KEYS.location));
    current = location >= 0 ? location : firstIndex();
  }

  function start(data) {
    course = data;
    course.titleText = 'Module ' + course.module + ': ' + course.title;
    screens = course.screens;
    lms = new Lms(findApi(window));
    lms.initialize();
    var banner = byId('banner');
    if (lms.preview) {
      banner.textContent =
        'Preview: no learning management system was found, so your progress and answers are not saved.';
      banner.hidden = false;
    } else if (!lms.active) {
      banner.textContent =
        'The learning management system did not respond, so your progress may not be saved. ' +
        'You can still work through the module.';
      banner.hidden = false;
    }
    var lmsCount = parseInt(lms.get('cmi.interactions._count'), 10);
    interactionCount = isNaN(lmsCount) ? 0 : lmsCount;
    restore();
    byId('next').addEventListener('click', goNext);
    byId('prev').addEventListener('click', goPrevious);
    byId('exit').addEventListener('click', exit);
    byId('screen').addEventListener('click', onCitation);
    window.addEventListener('pagehide', finish);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden' && lms && !lms.finished) {
        flushReflection();
        lms.set(KEYS.suspend, suspendData());
        lms.commit();
      }
    });
    show(null);
  }

  function boot() {
    loadCourse(start);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
})();
