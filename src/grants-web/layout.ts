// The page around every public grants page: GOV.UK Frontend's template with the Design System's
// generic header (this service is not on GOV.UK, so never the GOV.UK crown or logo), the service
// name, a DEMO banner on a demo round, and a footer linking the accessibility statement and the
// privacy notice. Works without JavaScript; with it, govuk-frontend's components are started.
import { html, type Html } from './html.ts';

export const SERVICE_NAME = 'Apply for a Building Stronger Communities grant';
export const ASSETS = '/grants/assets';

export interface PageOptions {
  title: string;
  /** The round shown is a demo: every page says so. */
  demo?: boolean;
  /** The page shows errors: the title starts with "Error:" as GOV.UK pages do. */
  hasErrors?: boolean;
  backLink?: string;
}

export function page(options: PageOptions, main: Html): Html {
  const title = `${options.hasErrors ? 'Error: ' : ''}${options.title} - ${SERVICE_NAME}`;
  return html`<!DOCTYPE html>
<html lang="en" class="govuk-template govuk-template--rebranded">
<head>
<meta charset="utf-8">
<title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<link rel="stylesheet" href="${ASSETS}/govuk-frontend.min.css">
<script type="module" src="${ASSETS}/init.js"></script>
</head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
<header class="govuk-template__header">
<div class="govuk-generic-header"><div class="govuk-generic-header__container govuk-width-container"><div class="govuk-generic-header__logo"><a href="/grants" class="govuk-generic-header__homepage-link">Rotherham Stronger Communities Forum</a></div></div></div>
<section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation"><div class="govuk-width-container"><div class="govuk-service-navigation__container"><span class="govuk-service-navigation__service-name"><a href="/grants" class="govuk-service-navigation__link">${SERVICE_NAME}</a></span></div></div></section>
</header>
<div class="govuk-width-container">
${options.demo ? html`<div class="govuk-phase-banner"><p class="govuk-phase-banner__content"><strong class="govuk-tag govuk-phase-banner__content__tag">DEMO</strong><span class="govuk-phase-banner__text">This is a demonstration round for trying the service. It is not a real fund: do not enter real people's details.</span></p></div>` : ''}
${options.backLink ? html`<a href="${options.backLink}" class="govuk-back-link">Back</a>` : ''}
<main class="govuk-main-wrapper" id="main-content">
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${main}
</div></div>
</main>
</div>
<footer class="govuk-footer"><div class="govuk-width-container"><div class="govuk-footer__meta"><div class="govuk-footer__meta-item govuk-footer__meta-item--grow"><h2 class="govuk-visually-hidden">Support links</h2><ul class="govuk-footer__inline-list"><li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/grants/accessibility">Accessibility statement</a></li><li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/grants/privacy">Privacy notice</a></li></ul><p class="govuk-body-s">Run by Rotherham's Stronger Communities Forum with Rotherham Metropolitan Borough Council and Rotherham Together Partnership.</p></div></div></div></footer>
</body>
</html>`;
}
