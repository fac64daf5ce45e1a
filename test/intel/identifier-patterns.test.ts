// The identifier kinds added after the first version of the check, each format people type, and
// the ordinary forum text that must not raise an alarm (the corpus test measures the rates; these
// pin down the cases by name). Phone numbers are from Ofcom's drama ranges; everything else is invented.
import { expect } from 'chai';
import { describeFindings, findIdentifiers, type IdentifierKind } from '../../src/domain/intel/personal-data.ts';

const found = (text: string) => findIdentifiers(text).map((f) => ({ kind: f.kind, text: f.text }));

function expectFinds(kind: IdentifierKind, cases: readonly [string, string][]) {
  for (const [text, expected] of cases) {
    it(`finds "${expected}" in "${text}"`, () => {
      expect(found(text)).to.deep.equal([{ kind, text: expected }]);
    });
  }
}

// Each ordinary text is checked beside a sentence with one identifier of the kind it could be
// mistaken for: only that identifier may be found (so the test also fails on a check that finds nothing).
function expectNoAlarm(texts: readonly string[], beside: { kind: IdentifierKind; sentence: string; text: string }) {
  for (const text of texts) {
    it(`raises no alarm on "${text}"`, () => {
      expect(found(`${text}. ${beside.sentence}`)).to.deep.equal([{ kind: beside.kind, text: beside.text }]);
    });
  }
}
const PHONE_AFTER_LABEL = { kind: 'phone', sentence: 'Mob:07700 900111', text: '07700 900111' } as const;
const ADDRESS = { kind: 'address', sentence: 'It happened outside 17 Birch Grove.', text: '17 Birch Grove' } as const;
const HANDLE = { kind: 'social-media', sentence: 'The clips are on tiktok.com/@someone.', text: 'tiktok.com/@someone' } as const;

describe('intel: the identifier check, phone numbers after a label', () => {
  expectFinds('phone', [
    ['tel:0114 496 0000', '0114 496 0000'],
    ['Mob:07700 900111 on the back of the leaflet', '07700 900111'],
    ['Tel.0113 496 0123 evenings', '0113 496 0123'],
    ['ring (+44) 7700 900123', '(+44) 7700 900123'],
    ['ring 0044 (0) 7700 900 123 today', '0044 (0) 7700 900 123'],
  ]);
  it('finds both numbers in "07700 900123/07700 900124"', () => {
    expect(found('call 07700 900123/07700 900124')).to.deep.equal([{ kind: 'phone', text: '07700 900123' }, { kind: 'phone', text: '07700 900124' }]);
  });
  expectNoAlarm([
    'at 10:07 and again at 10:15',
    'opened at 0900 and closed at 1730',
    'Crimestoppers on 0800 555 111, anonymously',
    'Stop Hate UK on 0800 138 1625, any time',
    'Victim Support on 08 08 16 89 111 and Action Fraud on 0300 123 2040',
    'incident 456 of 12/03/2025, crime reference 14/56789/25',
  ], PHONE_AFTER_LABEL);
});

describe('intel: the identifier check, house-number addresses', () => {
  expectFinds('address', [
    ['abuse shouted at 17 Birch Grove', '17 Birch Grove'],
    ['youths outside 9b Station Road', '9b Station Road'],
    ['from the tenant at Flat 2, 10 High Street in Maltby', 'Flat 2, 10 High Street'],
    ['followed to No. 12 Chapel Walk', 'No. 12 Chapel Walk'],
    ['number 12 Cherry Tree Drive', 'number 12 Cherry Tree Drive'],
    ['a dispute at 12-14 Wellgate', '12-14 Wellgate'],
    ['he lives at 23 Broadway, Dinnington', '23 Broadway'],
    ['the house at 23 Fitzwilliam Road', '23 Fitzwilliam Road'],
    ['she lives at 3 The Crescent, Aston', '3 The Crescent'],
    ['5 St Mary\'s Close was hit again', '5 St Mary\'s Close'],
    ['outside 22 Main St. on Friday', '22 Main St'],
    ['typed in lower case: 17 birch grove', '17 birch grove'],
    ['IN CAPITALS: 17 BIRCH GROVE', '17 BIRCH GROVE'],
    ['noise from flat 3a, 41 Moorgate Road', 'flat 3a, 41 Moorgate Road'],
    ['the mum at Flat 6, Eastwood House', 'Flat 6, Eastwood House'],
    ['the tenant of flat 3a above the chip shop', 'flat 3a'],
  ]);
  for (const suffix of ['Road', 'Street', 'Lane', 'Avenue', 'Close', 'Grove', 'Drive', 'Way', 'Crescent', 'Terrace', 'Gardens', 'Court', 'Place', 'View', 'Walk', 'Rise', 'Mews', 'Hill', 'Green', 'Row', 'Square', 'Park']) {
    it(`finds a house number on a ${suffix}`, () => {
      expect(found(`eggs thrown at 14 Oakwood ${suffix} overnight`)).to.deep.equal([{ kind: 'address', text: `14 Oakwood ${suffix}` }]);
    });
  }
  expectNoAlarm([
    'Residents on Station Road complained again',
    'graffiti on Doncaster Gate near the market',
    'J33 of the M1 was closed, then junction 34',
    '12 people outside the shops on Church Lane',
    'about 40 youths on Station Road',
    'About 20 Doncaster Road residents came to the meeting',
    'The 3 Park Lane shops were boarded up',
    'the 208 bus on Laughton Road',
    'Tension level 2 Rother Vale, stable',
    'by 9 Station Road was clear',
    'In 2023 Doncaster Road was resurfaced',
    'teenagers aged 14-16 on Wath Road',
    'Saturday 14 Market Street was packed',
    'a flat 2 bed above the shop',
    '£250 Park Lane hall hire',
  ], ADDRESS);
});

describe('intel: the identifier check, social-media accounts and links', () => {
  expectFinds('social-media', [
    ['the page facebook.com/someone.example names the family', 'facebook.com/someone.example'],
    ['see https://www.facebook.com/profile.php?id=61550000000123.', 'https://www.facebook.com/profile.php?id=61550000000123'],
    ['posted at x.com/someone_x/status/1790000000000000001', 'x.com/someone_x/status/1790000000000000001'],
    ['on www.instagram.com/some.one_x/ again', 'www.instagram.com/some.one_x/'],
    ['clips on tiktok.com/@someone', 'tiktok.com/@someone'],
    ['a channel at t.me/somechannel', 't.me/somechannel'],
    ['@someone on Twitter called for a gathering', '@someone'],
    ['his Instagram is @someone', '@someone'],
    ['on TikTok @someone posted the clip', '@someone'],
    ['the account @someone posted the photo', '@someone'],
    ['stickers saying @rmbx_crew99 on the bus stop', '@rmbx_crew99'],
    ['messages from @some.one.rmbx', '@some.one.rmbx'],
    ['Snapchat username jayk_0707 sent the threats', 'jayk_0707'],
    ['his snapchat: some_one9', 'some_one9'],
    ['Insta kay.b.99 is where the photos are', 'kay.b.99'],
    ['posted by @SomeOneElse last night', '@SomeOneElse'],
  ]);
  expectNoAlarm([
    'a group meeting @ the park most evenings',
    '@Stronger Communities can you log this as level 2',
    '@Stronger Communities please log this, it was all over Facebook',
    'meet @7pm by the Co-op',
    'meet @10.30 at the Interchange',
    '"@everyone be at the roundabout for 8" was the message',
    '<@U0123ABCD> can you log this',
    '#RotherhamTogether trended after the vigil',
    'posted on Facebook, then on TikTok and X',
    'details at www.rotherham.gov.uk/hatecrime',
    'shutters sprayed with "@ur door next"',
    'stayed @home and watched it live on TikTok',
    'The TikTok video got 12k views; Snapchat 2024 update; Instagram stories from the Eid party',
  ], HANDLE);

  it('names each new kind in words for the reporter', () => {
    const findings = findIdentifiers('at 17 Birch Grove, see facebook.com/someone.example');
    expect(describeFindings(findings)).to.equal('a social-media account or link and a house number and street');
  });
});

describe('intel: the identifier check, other formats', () => {
  expectFinds('email', [
    ['write to jo [at] example [dot] com', 'jo [at] example [dot] com'],
    ['write to jo(at)example(dot)org', 'jo(at)example(dot)org'],
  ]);
  expectFinds('ni-number', [
    ['NI QQ-12-34-56-C on the letter', 'QQ-12-34-56-C'],
    ['NI QQ 123 456 C on the letter', 'QQ 123 456 C'],
  ]);
  expectFinds('vehicle-registration', [['a Transit YX 19 KPL on the drive', 'YX 19 KPL']]);
  expectFinds('postcode', [
    ['near S60  1AE', 'S60  1AE'],
    ['near S60 1ae', 'S60 1ae'],
  ]);
  expectNoAlarm([
    'we met at 10 the next day',
    'MEET AT 10 THE PARK ON SATURDAY',
    'MARCH ON 12 MAY FROM THE A57 AND THE M18',
    'on the m1 5th junction',
    'It was 3-1 to Parkgate in the end',
    'junction 33 Parkway was closed, and the 2 Parkway junctions after it',
    'the flats on S60 2nd floor',
    'Radio Sheffield 88.6 FM and the 5G mast on Moorgate Road',
  ], ADDRESS);
});
