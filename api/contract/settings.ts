/** The organisation's settings on the wire: the SLA policy with business hours. */
import { z } from 'zod';
import { platforms } from '../domain/handles.js';
import { priorities, weekdays } from '../domain/sla.js';

// Zones the runtime knows, plus UTC (which `supportedValuesOf` may leave out).
const zones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);
const YEAR_MINUTES = 366 * 24 * 60;

const budget = z.int().min(1).max(YEAR_MINUTES).meta({ description: 'Business minutes' });
const budgets = z.strictObject(Object.fromEntries(priorities.map((priority) => [priority, budget])) as Record<(typeof priorities)[number], typeof budget>);
const clock = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time as HH:MM, 00:00 to 24:00');
const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
const day = z.array(z.tuple([clock, clock])).max(8).superRefine((intervals, ctx) => {
  let end = -1;
  for (const [i, [open, close]] of intervals.entries()) {
    if (minutes(close) <= minutes(open)) ctx.addIssue({ code: 'custom', path: [i], message: 'an interval must close after it opens' });
    else if (minutes(open) < end) ctx.addIssue({ code: 'custom', path: [i], message: 'intervals must be in order and must not overlap' });
    end = Math.max(end, minutes(close));
  }
});
const calendarDate = z.iso.date().meta({ description: 'A local date, YYYY-MM-DD' });

export const SlaPolicy = z
  .strictObject({
    timeZone: z.string().max(64).refine((zone) => zones.has(zone), 'an IANA time zone, such as Europe/London'),
    firstResponseMinutes: budgets,
    resolutionMinutes: budgets,
    businessHours: z.strictObject(Object.fromEntries(weekdays.map((weekday) => [weekday, day])) as Record<(typeof weekdays)[number], typeof day>)
      .refine((hours) => Object.values(hours).some((intervals) => intervals.length > 0), 'open at least one interval a week, or send null for around the clock')
      .nullable()
      .meta({ description: 'Opening intervals per weekday in the time zone; null: around the clock' }),
    holidays: z.array(calendarDate).max(400).refine((dates) => new Set(dates).size === dates.length, 'each date once')
      .meta({ description: 'Dates the team is closed all day' }),
  })
  .meta({ id: 'SlaPolicy', description: 'SLA budgets count business time only. A change applies to cases opened after it; open cases keep their due times.' });
export type SlaPolicyT = z.infer<typeof SlaPolicy>;

export const BrandAccount = z.strictObject({
  platform: z.enum(platforms),
  handle: z.string().trim().min(1).max(101).meta({ description: 'As on the site; stored without `@`, compared case-insensitively' }),
}).meta({ id: 'BrandAccount' });
export type BrandAccountT = z.infer<typeof BrandAccount>;
export const BrandAccounts = z.strictObject({ accounts: z.array(BrandAccount).max(50) })
  .meta({ id: 'BrandAccounts', description: 'The team\'s own profiles on X and Facebook: their posts get no "Create case"' });
