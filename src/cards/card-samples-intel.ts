// Samples of the intelligence cards (see card-samples.ts): the empty form, the form come back with
// problems and likely identifiers, the confirmation, and the forum's per-ward summary.
import type { CardModels, IntelFormCard } from './card-models.ts';
import { untrusted } from './card-samples-untrusted.ts';

type IntelCards = 'intel-form' | 'intel-logged' | 'tensions-summary' | 'intel-detail';
type Samples = { readonly [N in IntelCards]: readonly { label: string; data: CardModels[N] }[] };

const choices = (...titles: string[]) => titles.map((title, i) => ({ title, value: `v${i}` }));

const EMPTY_VALUES: IntelFormCard['values'] = {
  occurredDate: '',
  occurredTime: '',
  areaId: '',
  location: '',
  category: '',
  hateStrands: '',
  communitiesAffected: '',
  description: '',
  sourceType: '',
  sourceReliability: '',
  informationConfidence: '',
  tensionLevel: '',
  tensionTrend: '',
  reportedToPolice: 'false',
  policeReference: '',
  actionsTaken: '',
  handling: 'OFFICIAL',
};

const FORM_BASE: Omit<IntelFormCard, 'values' | 'errors' | 'fieldProblems' | 'identifiers'> = {
  maxDate: '2026-11-23',
  minDate: '2025-11-23',
  areas: choices('Boston Castle', 'Rother Vale', 'Borough-wide', 'Outside Rotherham', 'Unknown'),
  categories: choices('Hate incident', 'Protest or march', 'Rumour or misinformation'),
  hateStrands: choices('Race', 'Religion or belief'),
  communities: choices('Race', 'Religion or belief', 'Age'),
  sourceTypes: choices('My own observation', 'Social media'),
  reliability: choices('Reliable', 'Untested', 'Not reliable'),
  confidence: choices('Known directly', 'Not known'),
  levels: choices('1: Normal', '2: Heightened', '3: High', '4: Critical'),
  trends: choices('Rising', 'Stable', 'Falling', 'Unknown'),
};

export const INTEL_CARD_SAMPLES: Samples = {
  'intel-detail': [
    {
      label: 'a sensitive report, for a reviewer',
      data: {
        id: 'INT-20261122-3',
        handling: 'OFFICIAL-SENSITIVE',
        handlingColour: 'Attention',
        statusLabel: 'New',
        occurredText: 'Sat 21 Nov 2026, 18:30',
        reportedText: 'Sun 22 Nov 2026, 09:12',
        areaName: 'Boston Castle',
        categoryLabel: 'Protest or march',
        levelLabel: '3: High',
        trendLabel: 'Rising',
        sourceText: 'A community member (untested; known indirectly)',
        policeText: 'No',
        location: untrusted('Near the market'),
        description: untrusted('Leaflets for a march handed out'),
        actionsTaken: untrusted('Told the neighbourhood team'),
        strandsText: 'Hate strands: Religion or belief. Communities affected: Religion or belief, Race.',
        reporter: untrusted('Olu Officer'),
        reviewNotes: [{ when: 'Sun 22 Nov 2026, 10:00', statusLabel: 'Reviewed', by: 'Rita Reviewer', note: untrusted('Passed to the neighbourhood team') }],
        canReview: true,
        version: 2,
        nextStatus: 'actioned',
      },
    },
    {
      label: 'a reviewer correcting the text',
      data: {
        id: 'INT-20261122-4',
        handling: 'OFFICIAL',
        handlingColour: 'Default',
        statusLabel: 'New',
        occurredText: 'Sat 21 Nov 2026, 18:30',
        reportedText: 'Sun 22 Nov 2026, 09:12',
        areaName: 'Rawmarsh East',
        categoryLabel: 'Rumour or misinformation',
        levelLabel: '2: Moderate',
        trendLabel: 'Stable',
        sourceText: 'Social media (usually reliable; probably true)',
        policeText: 'No',
        description: untrusted('A post names a family as responsible'),
        strandsText: 'Hate strands: none. Communities affected: none given.',
        reporter: 'Olu Officer',
        reviewNotes: [],
        canReview: true,
        version: 1,
        nextStatus: 'reviewed',
        amending: true,
        amendValues: { description: untrusted('A post names a family as responsible'), location: '', actionsTaken: '' },
      },
    },
  ],
  'intel-form': [
    { label: 'empty form', data: { ...FORM_BASE, values: EMPTY_VALUES, errors: [], fieldProblems: {}, identifiers: [] } },
    {
      label: 'come back with problems and likely identifiers',
      data: {
        ...FORM_BASE,
        values: { ...EMPTY_VALUES, description: untrusted('Leaflets about the march; ring 07700 900123'),
          location: untrusted('Near the market'), category: 'v1', areaId: 'v0' },
        errors: ['When it happened cannot be in the future.', 'A hate incident needs at least one hate strand'],
        fieldProblems: { occurredTime: 'When it happened cannot be in the future.', hateStrands: 'A hate incident needs at least one hate strand' },
        identifiers: [{ label: 'a phone number', text: untrusted('07700 900123') }],
        notice: { text: 'Check the details below before submitting.', colour: 'Warning' },
      },
    },
  ],
  'intel-logged': [
    { label: 'logged, escalated', data: { id: 'INT-20261123-1', areaName: 'Boston Castle', categoryLabel: 'Protest or march', levelLabel: '3: High', escalationText: 'Tension level 3: the reviewers have been alerted privately.' } },
    { label: 'logged', data: { id: 'INT-20261123-2', areaName: 'Unknown', categoryLabel: 'Positive community event', levelLabel: '1: Normal' } },
  ],
  'tensions-summary': [
    {
      label: 'three wards, four weeks',
      data: {
        periodText: 'Since the forum meeting on Tue 3 Nov 2026 (to Mon 23 Nov 2026)',
        totalText: '9 reports in 3 areas',
        wards: [
          { name: untrusted('Boston Castle'), reports: '5', levelLabel: '3: High', levelColour: 'Attention', trendLabel: 'Rising', categoriesText: 'Protest or march (3), Rumour or misinformation (2)' },
          { name: 'Rother Vale', reports: '3', levelLabel: '2: Heightened', levelColour: 'Warning', trendLabel: 'Stable', categoriesText: 'Anti-social behaviour (3)' },
          { name: 'Borough-wide', reports: 'fewer than 3', levelLabel: '1: Normal', levelColour: 'Good', trendLabel: 'Falling', categoriesText: 'Positive community event' },
        ],
        weeks: [{ text: 'w/c Mon 2 Nov: fewer than 3 reports, highest level 1' }, { text: 'w/c Mon 9 Nov: 3 reports, highest level 2' }, { text: 'w/c Mon 16 Nov: 4 reports, highest level 3' }],
      },
    },
    { label: 'nothing reported', data: { periodText: 'The last 28 days', totalText: 'No reports in this period.', wards: [], weeks: [{ text: 'w/c Mon 26 Oct: no reports' }] } },
  ],
};
