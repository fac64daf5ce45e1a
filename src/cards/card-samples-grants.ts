// Samples of the grants fund's cards (see card-samples.ts).
import type { CardModels } from './card-models.ts';
import { untrusted } from './card-samples-untrusted.ts';

type GrantCards = 'grant-application-form' | 'grant-round' | 'grant-round-form' | 'grant-budget-form' | 'grant-detail' | 'grant-score-form' | 'grant-decision-form' | 'grant-payment-form' | 'grant-announcement';
export const GRANT_CARD_SAMPLES: { readonly [N in GrantCards]: readonly { label: string; data: CardModels[N] }[] } = {
  'grant-application-form': [
    {
      label: 'entered by a partner, with a problem',
      data: {
        demo: true,
        roundText: 'DEMO round: open until 29 December 2026; largest award £1,000.',
        errors: ['Enter your email address'],
        eligibleConfirmed: 'yes',
        textFields: [
          { id: 'groupName', label: 'Name of the group', isMultiline: false, maxLength: 200, value: untrusted('Eastwood Friends') },
          { id: 'projectDescription', label: 'What will the project do?', isMultiline: true, maxLength: 3000, value: '' },
        ],
        groupType: 'charity',
        groupTypes: [{ title: 'Registered charity', value: 'charity' }],
        wards: 'E05012996',
        wardChoices: [{ title: 'Boston Castle', value: 'E05012996' }],
        themes: 'civic-pride',
        themeChoices: [{ title: 'A strong civic community and pride of place', value: 'civic-pride' }],
        amount: '500',
      },
    },
  ],
  'grant-round': [
    {
      label: 'the DEMO round with two applications',
      data: {
        heading: 'DEMO round (for trying the service: not a real fund)',
        demo: true,
        datesText: 'Open 24 November 2026 to 29 December 2026 · largest award £1,000',
        money: [
          { source: 'Council', figures: '£5,000 · £750 · £500 · £4,250' },
          { source: 'Rotherham Together Partnership', figures: '£5,000 · £0 · £0 · £5,000' },
          { source: 'Total', figures: '£10,000 · £750 · £500 · £9,250' },
        ],
        countsText: '2 applications: 1 submitted, 1 awarded',
        applications: [
          { reference: 'BSC-7K3P9Q', groupName: untrusted('Eastwood Friends & Neighbours'), summary: '£750 asked · Boston Castle · awarded £750' },
          { reference: 'BSC-4MXR2T', groupName: 'Maltby Together', summary: '£600 asked · Maltby East · submitted · 2 scores' },
        ],
        manageButtons: [
          { title: 'Open a new round', verb: 'grant.round-form', data: { msteams: { type: 'task/fetch' }, verb: 'grant.round-form' }, dialog: true },
          { title: 'Change the budget', verb: 'grant.budget-form', data: { msteams: { type: 'task/fetch' }, verb: 'grant.budget-form', roundId: 'ROUND-DEMO' }, dialog: true },
        ],
      },
    },
  ],
  'grant-round-form': [
    {
      label: 'a new round as suggested',
      data: {
        introText: 'Groups can apply at the public grants pages from the opening day to the closing day.',
        fieldProblems: {},
        name: '',
        opensOn: '2027-01-04',
        closesOn: '2027-02-15',
        programmeEndsOn: '2028-03-31',
        maxAward: 1000,
        criteria: 'civic-pride,bringing-together',
        themeChoices: [{ title: 'A strong civic community and pride of place', value: 'civic-pride' }, { title: 'Bringing people together', value: 'bringing-together' }],
        council: 5000,
        rtp: 5000,
        external: 0,
      },
    },
    {
      label: 'sent back with problems beside the fields',
      data: {
        introText: 'Groups can apply at the public grants pages from the opening day to the closing day.',
        errorText: 'Not saved yet: see the problems below.',
        fieldProblems: { name: 'Give the round a name.', closesOn: 'The round must close on or after the day it opens.', opensOn: 'Round ROUND-2027-01 (2027-01-04 to 2027-02-15) already covers some of those days.' },
        name: untrusted('Spring round'),
        opensOn: '2027-01-04',
        closesOn: '2027-01-01',
        programmeEndsOn: '2028-03-31',
        maxAward: 1000,
        criteria: 'civic-pride',
        themeChoices: [{ title: 'A strong civic community and pride of place', value: 'civic-pride' }],
        council: 5000,
        rtp: 0,
        external: 0,
      },
    },
  ],
  'grant-budget-form': [
    {
      label: 'a budget below what is awarded',
      data: {
        roundId: 'ROUND-DEMO',
        version: 3,
        roundName: untrusted('Small grants 2027 & beyond'),
        committed: [{ source: 'Council', value: 'budget £5,000: £750 awarded, £500 paid' }, { source: 'Rotherham Together Partnership', value: 'budget £5,000: £0 awarded, £0 paid' }],
        errorText: 'Not saved yet: see the problems below.',
        fieldProblems: { council: 'The council budget cannot go below the GBP 750 already awarded from it.' },
        council: 500,
        rtp: 5000,
        external: 0,
      },
    },
  ],
  'grant-detail': [
    {
      label: 'a coordinator sees the contact and scores, with every button',
      data: {
        notice: 'Scores saved.',
        reference: 'BSC-7K3P9Q',
        demo: false,
        projectTitle: untrusted('Street party for everyone'),
        groupName: untrusted('Eastwood Friends & Neighbours'),
        facts: [{ title: 'Amount asked', value: '£750' }, { title: 'Wards', value: 'Boston Castle' }, { title: 'Themes', value: 'Bringing people together' }, { title: 'Status', value: 'submitted' }],
        description: untrusted('A street party in the summer.'),
        difference: untrusted('Neighbours who have never met will meet.'),
        contact: untrusted('Sam Applicant · sam@example.org · 01709 123456'),
        scoresText: '2 scores, average 4.0 of 5 (1 conflict declared)',
        scores: [{ by: 'Panel member', text: untrusted('civic pride 4, bringing together 4: Strong local support') }],
        canScore: true,
        canDecide: true,
        canPay: false,
        canReissue: true,
      },
    },
    {
      label: 'a conflicted panel member sees no scores; an awarded, paid grant',
      data: {
        reference: 'BSC-4MXR2T',
        demo: true,
        projectTitle: 'Community lunch',
        groupName: 'Maltby Together',
        facts: [{ title: 'Amount asked', value: '£600' }, { title: 'Status', value: 'awarded' }],
        description: 'A monthly lunch.',
        difference: 'People meet.',
        scoresText: 'You declared a conflict of interest on this application: its scores and discussion are not shown to you.',
        scores: [],
        decisionText: untrusted('Awarded £600 (council £600) by the grants officer: Well planned.'),
        paymentsText: 'Paid £600 of £600 in 1 instalment.',
        returnsText: 'Monitoring: 1 of 2 returns received; next due 1 December 2027.',
        canScore: false,
        canDecide: false,
        canPay: true,
        canReissue: false,
      },
    },
  ],
  'grant-score-form': [
    {
      label: 'scoring two criteria, after a problem',
      data: {
        reference: 'BSC-7K3P9Q',
        projectTitle: untrusted('Street party for everyone'),
        groupName: 'Eastwood Friends',
        errorText: 'Give a score from 1 to 5 for every criterion.',
        criteria: [{ inputId: 'score-civic-pride', label: 'A strong civic community and pride of place', value: '4' }, { inputId: 'score-bringing-together', label: 'Bringing people together', value: '' }],
        comment: untrusted('Good plan'),
      },
    },
  ],
  'grant-decision-form': [
    {
      label: 'an award within what is left',
      data: {
        reference: 'BSC-7K3P9Q',
        version: 1,
        projectTitle: 'Street party',
        groupName: untrusted('Eastwood Friends'),
        askedText: 'Asked for £750. Panel: 2 scores, average 4.0 of 5.',
        remaining: [{ source: 'Council', value: '£4,250 left of £5,000' }, { source: 'Rotherham Together Partnership', value: '£5,000 left of £5,000' }],
        errorText: 'Not awarded: council has GBP 100 left.',
        outcome: 'award',
        council: 500,
        rtp: 250,
        external: 0,
        reason: untrusted('Meets the criteria'),
      },
    },
  ],
  'grant-payment-form': [
    {
      label: 'a first instalment',
      data: { reference: 'BSC-7K3P9Q', awardText: 'Awarded £750 (council £500, RTP £250); paid so far £0.', source: 'council', amount: 500, paidOn: '2026-12-03', financeReference: untrusted('AP-55012') },
    },
  ],
  'grant-announcement': [
    {
      label: 'a new application in the DEMO round',
      data: { reference: 'BSC-7K3P9Q', demo: true, groupName: untrusted('Eastwood Friends & Neighbours'), amountText: '£750', wardsText: 'Boston Castle', themesText: 'Bringing people together' },
    },
  ],
};
