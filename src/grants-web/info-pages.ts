// The accessibility statement and the privacy notice, linked from every page's footer and from the
// start page (the privacy notice is shown at the point of collection).
import { html, type Html } from './html.ts';
import { page } from './layout.ts';

export function accessibilityPage(): Html {
  return page(
    { title: 'Accessibility statement' },
    html`<h1 class="govuk-heading-l">Accessibility statement</h1>
<p class="govuk-body">This statement applies to the pages for applying to the Building Stronger Communities small grants fund, run by Rotherham's Stronger Communities Forum.</p>
<p class="govuk-body">We want as many people as possible to be able to use these pages. You should be able to:</p>
<ul class="govuk-list govuk-list--bullet"><li>change colours, contrast levels and fonts using your browser or device settings</li><li>zoom in up to 400% without the text spilling off the screen</li><li>use every page with a keyboard alone</li><li>use every page with a screen reader</li><li>use every page without JavaScript</li></ul>
<h2 class="govuk-heading-m">How accessible these pages are</h2>
<p class="govuk-body">The pages are built with the GOV.UK Design System and aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 AA standard. Every page, and every page showing an error, is checked with an automated accessibility tool (axe) before each release, and the journey is tested with a keyboard alone.</p>
<h2 class="govuk-heading-m">Feedback and contact information</h2>
<p class="govuk-body">If you find a problem, or need the application form in another format (large print, easy read, audio, or on paper), contact the forum coordinator through Rotherham Council's community cohesion team. We will reply within 5 working days.</p>
<h2 class="govuk-heading-m">Enforcement procedure</h2>
<p class="govuk-body">The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).</p>
<h2 class="govuk-heading-m">Preparation of this statement</h2>
<p class="govuk-body">This statement was prepared when the pages were built, from automated checks in a browser (axe) and a keyboard-only run through the whole journey. It will be reviewed when the pages change.</p>`,
  );
}

export function privacyPage(): Html {
  return page(
    { title: 'Privacy notice' },
    html`<h1 class="govuk-heading-l">Privacy notice</h1>
<p class="govuk-body">This notice explains how we use the details you give when you apply to the Building Stronger Communities small grants fund.</p>
<h2 class="govuk-heading-m">Who we are</h2>
<p class="govuk-body">The fund is overseen by Rotherham's Stronger Communities Forum. Rotherham Metropolitan Borough Council is the data controller for the details you give.</p>
<h2 class="govuk-heading-m">What we collect and why</h2>
<p class="govuk-body">We collect your group's details, the name, email address and (if you give it) phone number of a contact, and your project's details. We use them to assess your application, tell you the decision, pay a grant and follow how the money was used. Our lawful basis is the council's public task of supporting community cohesion.</p>
<h2 class="govuk-heading-m">Who sees your details</h2>
<p class="govuk-body">Only the forum's coordinators and the members of the grants panel see the contact's name, email and phone number. When your application is announced to the forum, it shows the reference, your group's name, the amount, the ward and the theme: never the contact's details. We never ask for or keep bank details here.</p>
<h2 class="govuk-heading-m">How long we keep them</h2>
<p class="govuk-body">We keep applications, and the contact's details, while the grants programme runs and its yearly monitoring reports are due. After the programme ends, the council keeps grant records for as long as it must for the audit of public money.</p>
<h2 class="govuk-heading-m">Your rights</h2>
<p class="govuk-body">You can ask to see the details we hold about you, to have them corrected, or (where the law allows) removed. Contact the council's data protection officer. You can complain to the Information Commissioner's Office if you are unhappy with how we used your details.</p>`,
  );
}
