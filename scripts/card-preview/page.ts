// The preview page: one article per template x sample, the Teams side left empty for the browser
// to fill with the official renderer (assets/preview.js), the Slack side drawn here. Status sits
// in data attributes (data-card, data-sample, data-status, data-teams-status, data-slack-status)
// so a test, or a person with the inspector, can read what rendered.
import { escapeHtml, jsonForScript } from './html.ts';
import { messageHtml, modalHtml } from './block-kit-html.ts';
import { builderPayload, builderUrl, type PreviewSample, type PreviewTemplate } from './preview-samples.ts';

const APP_NAME = 'Stronger Communities Forum';

const problemList = (side: 'teams' | 'slack', problems: string[]): string =>
  `<ul class="problems" data-problems="${side}">${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>`;

function teamsSide(sample: PreviewSample): string {
  const json = sample.adaptiveCard.ok ? `<script type="application/json" data-card-json>${jsonForScript(sample.adaptiveCard.value)}</script>` : '';
  const problems = sample.adaptiveCard.ok ? [] : [`expanding the template: ${sample.adaptiveCard.error}`];
  return (
    `<div class="side teams"><h4>Teams <small>official adaptivecards renderer</small></h4>` +
    `<div class="teams-card" data-teams-card></div>${problemList('teams', problems)}<div class="action-log" data-action-log hidden></div>${json}</div>`
  );
}

function slackSide(sample: PreviewSample): string {
  if (!sample.slack.ok) return `<div class="side slack"><h4>Slack</h4>${problemList('slack', [`Block Kit: ${sample.slack.error}`])}</div>`;
  const preview = sample.slack.value;
  const view = preview.kind === 'message' ? messageHtml(preview.message, APP_NAME) : modalHtml(preview.view);
  const how = preview.kind === 'message' ? 'message' : 'form, opened as a modal';
  return (
    `<div class="side slack"><h4>Slack <small>Block Kit ${how}, drawn approximately</small></h4>${view}${problemList('slack', [])}` +
    `<details class="block-kit-json"><summary>Block Kit JSON</summary><div class="json-tools"><button type="button" data-copy>Copy</button> ` +
    `<a href="${escapeHtml(builderUrl(preview))}" target="_blank" rel="noopener noreferrer" data-builder-link>Open in Block Kit Builder</a></div>` +
    `<pre data-blocks-json>${escapeHtml(JSON.stringify(builderPayload(preview), null, 2))}</pre></details></div>`
  );
}

function sampleArticle(sample: PreviewSample): string {
  const id = `${sample.card}--${sample.index}`;
  const attributes = [
    `id="${escapeHtml(id)}"`,
    `data-card="${escapeHtml(sample.card)}"`,
    `data-sample="${sample.index}"`,
    `data-label="${escapeHtml(sample.label)}"`,
    `data-status="${sample.adaptiveCard.ok && sample.slack.ok ? 'pending' : 'error'}"`,
    `data-teams-status="${sample.adaptiveCard.ok ? 'pending' : 'error'}"`,
    `data-slack-status="${sample.slack.ok ? 'ok' : 'error'}"`,
  ].join(' ');
  return (
    `<article class="sample" ${attributes}><h3><a href="#${escapeHtml(id)}">${escapeHtml(sample.card)} · sample ${sample.index}</a>: ${escapeHtml(sample.label)} ` +
    `<span class="badge" data-badge></span></h3><div class="sides">${teamsSide(sample)}${slackSide(sample)}</div></article>`
  );
}

function templateSection(template: PreviewTemplate): string {
  const heading = `<h2>${escapeHtml(template.name)} <small>cards/${escapeHtml(template.name)}.json</small></h2>`;
  if (template.samples.length === 0) {
    return (
      `<section class="template" id="${escapeHtml(template.name)}">${heading}<article class="sample" data-card="${escapeHtml(template.name)}" data-sample="none" ` +
      `data-status="error" data-teams-status="error" data-slack-status="error">${problemList('teams', ['No sample data: add samples for this card to src/cards/card-samples.ts.'])}</article></section>`
    );
  }
  return `<section class="template" id="${escapeHtml(template.name)}">${heading}${template.samples.map(sampleArticle).join('')}</section>`;
}

export function previewPage(templates: readonly PreviewTemplate[]): string {
  const samples = templates.reduce((n, t) => n + t.samples.length, 0);
  const contents = templates.map((t) => `<li><a href="#${escapeHtml(t.name)}">${escapeHtml(t.name)}</a> (${t.samples.length})</li>`).join('');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Card preview: ${templates.length} templates, ${samples} samples</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/adaptivecards.css">
<link rel="stylesheet" href="/assets/preview.css">
</head>
<body data-preview="pending" data-templates="${templates.length}" data-samples="${samples}">
<header>
<h1>Card preview</h1>
<p class="summary" data-summary>Rendering ${samples} cards from ${templates.length} templates…</p>
<p class="about">Each card template in <code>cards/</code> with each of its samples (<code>src/cards/card-samples*.ts</code>): left, as Teams shows it
(the official <code>adaptivecards</code> renderer); right, as Slack shows it (the Block Kit the Slack channel sends, drawn approximately, with its JSON for
Slack's Block Kit Builder). <code>npm run cards</code> restarts when a template or a sample changes: reload the page.</p>
<nav><ul class="contents">${contents}</ul></nav>
</header>
<main>
${templates.map(templateSection).join('\n')}
</main>
<script src="/assets/adaptivecards.js"></script>
<script src="/assets/preview.js"></script>
</body>
</html>
`;
}
