/* global AdaptiveCards, document, navigator */
// The card preview's browser side: renders each card's JSON with the official adaptivecards
// renderer (loaded before this file as the global AdaptiveCards), reports what its parser,
// validateProperties() and render() said in the card's data attributes and on the page, and
// wires the Copy buttons. Plain browser JavaScript: the page has no build step.
(function () {
  'use strict';

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  // Teams' markdown subset for TextBlocks: **bold**, _italic_ / *italic*, [links](url), bullet and
  // numbered lists, paragraphs. Escaped first, so card text can never become markup of its own.
  var LINK = /\[([^\]\n]+)\]\(((?:https?:\/\/|mailto:)[^)\s]+)\)/g;

  function inlineMarkdown(text) {
    var links = [];
    var html = escapeHtml(text.replace(/\uE000/g, '')).replace(LINK, function (_m, label, url) {
      links.push('<a href="' + url + '" target="_blank" rel="noopener noreferrer">' + label + '</a>');
      return '\uE000' + (links.length - 1) + '\uE000';
    });
    html = html
      .replace(/\*\*(?=\S)([^*\n]*?\S)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1<em>$2</em>')
      .replace(/(^|[^\w])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1<em>$2</em>');
    return html.replace(/\uE000(\d+)\uE000/g, function (_m, i) {
      return links[Number(i)];
    });
  }

  function markdownToHtml(text) {
    return text
      .replace(/\r\n?/g, '\n')
      .split(/\n{2,}/)
      .map(function (paragraph) {
        var lines = paragraph.split('\n');
        var list = function (tag, marker) {
          return '<' + tag + '>' + lines.map(function (l) {
            return '<li>' + inlineMarkdown(l.replace(marker, '')) + '</li>';
          }).join('') + '</' + tag + '>';
        };
        if (lines.every(function (l) { return /^\s*[-*+] /.test(l); })) return list('ul', /^\s*[-*+] /);
        if (lines.every(function (l) { return /^\s*\d+\. /.test(l); })) return list('ol', /^\s*\d+\. /);
        return '<p>' + lines.map(inlineMarkdown).join('<br>') + '</p>';
      })
      .join('');
  }

  AdaptiveCards.AdaptiveCard.onProcessMarkdown = function (text, result) {
    result.outputHtml = markdownToHtml(text);
    result.didProcess = true;
  };

  var hostConfig = new AdaptiveCards.HostConfig({ fontFamily: "'Segoe UI', 'Helvetica Neue', system-ui, sans-serif" });

  function addProblem(article, text) {
    var item = document.createElement('li');
    item.textContent = text;
    article.querySelector('[data-problems="teams"]').appendChild(item);
  }

  /** What a pressed button would send to the bot, shown under the card. */
  function showAction(article, action) {
    var log = article.querySelector('[data-action-log]');
    var what = action.getJsonTypeName();
    if (action.verb) what += ' verb "' + action.verb + '"';
    if (action.url) what += ' ' + action.url;
    if (action.data !== undefined) what += ' data ' + JSON.stringify(action.data);
    log.textContent = 'Pressed: ' + what;
    log.hidden = false;
  }

  /** Renders one card; returns the problems found ([] when it parsed, validated and rendered). */
  function renderTeams(article) {
    var source = article.querySelector('[data-card-json]');
    var problems = [];
    try {
      var json = JSON.parse(source.textContent);
      var card = new AdaptiveCards.AdaptiveCard();
      card.hostConfig = hostConfig;
      var context = new AdaptiveCards.SerializationContext();
      card.parse(json, context);
      for (var i = 0; i < context.eventCount; i++) problems.push('parse: ' + context.getEventAt(i).message);
      card.validateProperties().validationEvents.forEach(function (event) {
        problems.push('validate: ' + event.message);
      });
      card.onExecuteAction = function (action) {
        showAction(article, action);
      };
      var element = card.render();
      if (element) article.querySelector('[data-teams-card]').appendChild(element);
      else problems.push('render() returned no element');
    } catch (error) {
      problems.push('exception: ' + (error && error.message ? error.message : String(error)));
    }
    return problems;
  }

  var articles = Array.prototype.slice.call(document.querySelectorAll('article[data-card]'));
  var failed = [];
  articles.forEach(function (article) {
    if (article.dataset.teamsStatus === 'pending') {
      var problems = renderTeams(article);
      problems.forEach(function (p) { addProblem(article, p); });
      article.dataset.teamsStatus = problems.length ? 'error' : 'ok';
    }
    var ok = article.dataset.teamsStatus === 'ok' && article.dataset.slackStatus === 'ok';
    article.dataset.status = ok ? 'ok' : 'error';
    var badge = article.querySelector('[data-badge]');
    if (badge) badge.textContent = ok ? 'ok' : 'error';
    if (!ok) failed.push(article.dataset.card + ' sample ' + article.dataset.sample);
  });

  var summary = document.querySelector('[data-summary]');
  summary.textContent = failed.length
    ? failed.length + ' of ' + articles.length + ' cards did not render cleanly: ' + failed.join(', ') + '.'
    : 'All ' + articles.length + ' cards rendered without errors.';
  summary.dataset.failed = String(failed.length);

  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      var text = button.closest('details').querySelector('[data-blocks-json]').textContent;
      navigator.clipboard.writeText(text).then(
        function () { button.textContent = 'Copied'; },
        function (error) { button.textContent = 'Copy failed: ' + error.message; },
      );
    });
  });

  document.body.dataset.preview = 'done';
})();
