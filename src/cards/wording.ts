// Counted words, written once: "1 person" / "2 people", "1 apology" / "3 apologies". Every count
// the bot puts in a sentence goes through `counted`, so no card or reply says "1 people".

/** "1 meeting", "2 meetings"; irregular plurals are given: counted(n, 'person', 'people'). */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}
