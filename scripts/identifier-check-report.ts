// Prints how well the personal-data check does on the labelled corpus: recall per kind and false
// alarms, on the held-out half and the tuning half.
//   node --import tsx scripts/identifier-check-report.ts              both halves, as a Markdown table
//   node --import tsx scripts/identifier-check-report.ts --tuning     the tuning half, with every miss
//                                                                     and false alarm (for tuning)
import { measure, readCorpus, table } from '../test/helpers/identifier-corpus.ts';

const texts = readCorpus();
if (process.argv.includes('--tuning')) {
  const m = measure(texts, 'tuning');
  console.log(table([m]));
  for (const miss of m.misses) console.log(`MISS ${miss.id} ${miss.kind} "${miss.text}" found: ${JSON.stringify(miss.found.map((f) => [f.kind, f.text]))}`);
  for (const fa of m.falseAlarms) console.log(`FALSE ALARM ${fa.id} ${JSON.stringify(fa.found.map((f) => [f.kind, f.text]))}: ${fa.text}`);
} else {
  console.log(table([measure(texts, 'held-out'), measure(texts, 'tuning')]));
}
