// Money and dates as the pages say them: "£1,000", "31 March 2027".
import { format } from 'date-fns';

export const pounds = (amount: number): string => `£${amount.toLocaleString('en-GB')}`;

export function dayInWords(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return format(new Date(y, m - 1, d), 'd MMMM yyyy');
}
