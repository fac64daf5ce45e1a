import { expect } from 'chai';
import { listAreas } from '../../src/domain/areas.ts';
import { describeFindings, findIdentifiers, IDENTIFIER_KINDS, IDENTIFIER_LABELS, type IdentifierKind } from '../../src/domain/intel/personal-data.ts';

const found = (text: string) => findIdentifiers(text).map((f) => ({ kind: f.kind, text: f.text }));

describe('intel: the personal-data check', () => {
  const cases: [IdentifierKind, string, string][] = [
    ['email', 'Contact jo.bloggs+forum@example.org.uk for more', 'jo.bloggs+forum@example.org.uk'],
    ['phone', 'His mobile is 07700 900123 apparently', '07700 900123'],
    ['phone', 'ring 07700900123', '07700900123'],
    ['phone', 'on +44 7700 900123 today', '+44 7700 900123'],
    ['phone', 'on +447700900123 today', '+447700900123'],
    ['phone', 'call +44 (0)114 496 0000', '+44 (0)114 496 0000'],
    ['phone', 'landline 01709 823456 evenings', '01709 823456'],
    ['phone', 'the office (01709) 823456', '(01709) 823456'],
    ['phone', 'Sheffield 0114 496 0000', '0114 496 0000'],
    ['phone', 'London 020 7946 0018', '020 7946 0018'],
    ['phone', 'free on 0800 123 4567', '0800 123 4567'],
    ['postcode', 'lives near S60 1AE apparently', 'S60 1AE'],
    ['postcode', 'flyers posted in S65 2QL', 'S65 2QL'],
    ['postcode', 'typed in lower case s66 8dx', 's66 8dx'],
    ['postcode', 'no space S601AE', 'S601AE'],
    ['postcode', 'London SW1A 1AA', 'SW1A 1AA'],
    ['vehicle-registration', 'a silver car AB12 CDE drove past', 'AB12 CDE'],
    ['vehicle-registration', 'van reg YX70ABC', 'YX70ABC'],
    ['vehicle-registration', 'lower case reg ab12 cde', 'ab12 cde'],
    ['vehicle-registration', 'an old P123 ABC parked', 'P123 ABC'],
    ['vehicle-registration', 'a classic ABC 123D', 'ABC 123D'],
    ['ni-number', 'NI number QQ 12 34 56 C on the form', 'QQ 12 34 56 C'],
    ['ni-number', 'ni AB123456C', 'AB123456C'],
    ['date-of-birth', 'DOB: 12/03/1985', 'DOB: 12/03/1985'],
    ['date-of-birth', 'the lad, d.o.b. 1.3.05, was there', 'd.o.b. 1.3.05'],
    ['date-of-birth', 'she was born on 3rd March 1990 in Wath', 'born on 3rd March 1990'],
    ['date-of-birth', 'born in March 1985', 'born in March 1985'],
    ['date-of-birth', 'date of birth 1985-03-12', 'date of birth 1985-03-12'],
    ['date-of-birth', 'Jo (12/03/1985 DOB) said', '12/03/1985 DOB'],
    ['address', 'eggs thrown at 17 Birch Grove last night', '17 Birch Grove'],
    ['social-media', 'the clips are on tiktok.com/@someone_else', 'tiktok.com/@someone_else'],
  ];
  for (const [kind, text, expected] of cases) {
    it(`finds ${IDENTIFIER_LABELS[kind]} in "${text}"`, () => {
      expect(found(text)).to.deep.equal([{ kind, text: expected }]);
    });
  }

  it('has a label for every kind, and every kind is found by at least one case above', () => {
    for (const kind of IDENTIFIER_KINDS) {
      expect(IDENTIFIER_LABELS[kind]).to.match(/^an? /);
      expect(cases.some(([k]) => k === kind), kind).to.equal(true);
    }
  });

  it('gives where each finding starts, in order, without overlaps', () => {
    const text = 'Email jo07700900123@example.org, phone 07700 900123, at S60 1AE.';
    const findings = findIdentifiers(text);
    expect(findings.map((f) => f.kind)).to.deep.equal(['email', 'phone', 'postcode']);
    for (const f of findings) expect(text.slice(f.index, f.index + f.text.length)).to.equal(f.text);
  });

  it('stops a phone number at its last digit group, leaving the numbers after it alone', () => {
    expect(found('call 07700 900123 12 people were there')).to.deep.equal([{ kind: 'phone', text: '07700 900123' }]);
  });

  it('describes what was found in words', () => {
    expect(describeFindings(findIdentifiers('07700 900123 and jo@example.org and 07700 900124'))).to.equal('an email address and a phone number');
    expect(describeFindings([])).to.equal('');
  });

  const ordinary = [
    'About 12 people gathered outside the shops',
    'a group of 30 young people, aged 16-25',
    'Tension level 3, rising since Friday',
    'The meeting is at 19:30 on Thursday',
    'Reports rose in 2025 and again in 2024-25',
    'Leaflets were found across S60 and S65',
    'Traffic was stopped near M1 junction 33 and on the A630 Centenary Way',
    'the A57, A631, B6089 and M18 J1',
    'On 12/03/2025 a march went through the town centre',
    'It happened on 12 March 2025 at 18:00',
    'Call the police on 101, or 999 in an emergency',
    'The £5,000 grant paid for 3 events; 2 of 3 partners agreed',
    'She was born and raised in Wath and has lived here since 1990',
    'He was born in 1985',
    'aged 34, lives locally',
    'Posted on Facebook at 07:45 and shared 300 times by 09:00',
    'NHS 111 and GB News covered it, as did BBC Look North',
    'PC 1234 attended; the neighbourhood team will visit at 0900',
    'Version 1.2.3 of the leaflet; 3/4 of respondents; open 24/7',
    'Radio Sheffield 88.6 FM at 6pm',
    'Between 10:00 and 14:00, 0.5 miles from the park',
    'Residents on 12 Acre Lane? no: on the lane behind the park',
    ...listAreas().map((a) => `Tensions reported in ${a.name} this week`),
  ];
  for (const text of ordinary) {
    it(`raises no alarm on "${text}"`, () => {
      expect(found(text)).to.deep.equal([]);
    });
  }
});
