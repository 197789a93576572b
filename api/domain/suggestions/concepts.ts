/**
 * What a care post is about, in the words customers and teams use for it: each concept below
 * gathers the ways of naming one thing a care desk answers (a parcel, a charge, a password, staff,
 * a thank-you…). A post and a template that name the same concept in different words meet on it:
 * "my suitcase never came off the carousel" and "Lost baggage", "how do I stop my monthly plan"
 * and "Cancel subscription". The list is the desk's vocabulary, kept by hand like the risk words
 * of priority.ts: a concept holds words that name that thing and little else, and a word may name
 * two concepts ("charge" a payment or a battery). Two-word entries match neighbouring words.
 */
import { stemmer } from 'stemmer';
import { foldWord, wordsOf } from './terms.js';

const careConcepts: Readonly<Record<string, string>> = {
  parcel: 'parcel parcels package packages delivery deliveries deliver delivered shipment shipping shipped ship courier tracking track dispatched dispatch postman driver arrive arrived arrival came come turned hermes ups fedex dhl usps royal-mail',
  order: 'order orders ordered purchase purchased bought basket checkout',
  charge: 'charge charged charges billed bill billing payment payments paid pay debit debited transaction transactions statement invoice fee fees money amount',
  twice: 'twice double duplicate duplicated two-times again extra same-payment',
  refund: 'refund refunds refunded reimburse reimbursed reimbursement money-back credited chargeback',
  login: 'password passwords login logon log-in sign-in signin signing username passcode pin reset forgot forgotten credentials log-into',
  locked: 'locked lock lockout blocked suspended disabled frozen deactivated restricted',
  hacked: 'hacked hack hacker hackers compromised unauthorised unauthorized fraud fraudulent stolen suspicious phishing scam someone-else',
  account: 'account accounts profile',
  cancel: 'cancel cancelled canceled cancelling cancellation stop end terminate quit unsubscribe leave',
  subscription: 'subscription subscriptions membership member plan monthly renewal renew renewed auto-renew recurring contract',
  damaged: 'damaged damage broken broke smashed cracked crushed dented torn ripped shattered destroyed ruined scratched leaking',
  wrong: 'wrong incorrect different mistake instead swapped mixed-up not-what',
  missing: 'missing forgot forgotten left-out short incomplete lacking',
  return: 'return returns returned returning send-back sent-back exchange swap',
  app: 'app apps application ios android',
  crash: 'crash crashes crashing crashed freeze freezes freezing frozen glitch glitches bug bugs buggy closes closing force-close error errors',
  outage: 'down outage outages offline unavailable not-loading loading load error 404 500 503 dead',
  website: 'website site page webpage online web',
  internet: 'internet wifi wi-fi broadband connection network router signal fibre fiber modem',
  speed: 'slow slowly speed speeds mbps mb gb crawling lag lagging laggy buffering sluggish',
  flight: 'flight flights plane airline airport fly flying flew boarding gate pilot',
  delay: 'delay delayed delays late postponed stuck grounded hours-late',
  baggage: 'baggage luggage bag bags suitcase suitcases carousel checked-bag',
  booking: 'booking bookings book booked reservation reserve rebook rebooking reschedule trip ticket tickets itinerary date move',
  declined: 'declined decline declines rejected reject refused refuse accept card visa mastercard amex paypal',
  promo: 'promo code codes voucher vouchers coupon coupons discount offer deal',
  phone: 'phone call called calling line hold queue rang ring helpline call-centre call-center',
  wait: 'wait waiting waited hold queue hours minutes forever ages still',
  staff: 'staff employee employees agent agents cashier worker workers manager attendant attendants crew lady woman man person rep representative server waiter driver till',
  rude: 'rude rudest rudely disrespectful unprofessional attitude abusive yelled shouted ignored mean condescending',
  battery: 'battery batteries charge charging drain draining drains dies dying power',
  update: 'update updated updating updates upgrade upgraded version install installed installing patch firmware',
  thanks: 'thank thanks thankyou thx ty grateful appreciate appreciated kudos shoutout',
  praise: 'kind-words amazing awesome great best brilliant excellent wonderful fantastic love loved helpful superb outstanding',
  hours: 'open opening opens close closing closes hours store shop branch sunday saturday holiday',
  price: 'price prices priced cheaper cheapest less lower expensive cost costs match',
  privacy: 'delete deletion remove erase data privacy personal gdpr information permanently permanent',
  email: 'email emails newsletter newsletters spam marketing inbox mailing promotional mails',
};

const numberWithUnit = /^\d+(?:[.,]\d+)?([a-z]+)$/;

/** Stems as the index stems them, so "crashing" and "crashes" name the same word; "200mb" is its unit. */
function stemOf(word: string): string {
  const folded = foldWord(word);
  return stemmer(numberWithUnit.exec(folded)?.[1] ?? folded);
}

let byStem: Map<string, string[]> | undefined;

function table(): Map<string, string[]> {
  if (byStem) return byStem;
  byStem = new Map();
  for (const [concept, words] of Object.entries(careConcepts)) {
    for (const entry of words.split(' ')) {
      const key = entry.split('-').map(stemOf).join(' ');
      const named = byStem.get(key) ?? [];
      if (!named.includes(concept)) byStem.set(key, [...named, concept]);
    }
  }
  return byStem;
}

/**
 * The concepts a text names, each once, as index terms ("~parcel") that no written word can be,
 * with the first words of the text that name each.
 */
export function namedConcepts(text: string): Map<string, string> {
  const written = wordsOf(text);
  const stems = written.map(stemOf);
  const found = new Map<string, string>();
  const lookup = table();
  const note = (concepts: string[] | undefined, words: string) => {
    for (const concept of concepts ?? []) if (!found.has(`~${concept}`)) found.set(`~${concept}`, words.toLowerCase());
  };
  for (let i = 0; i < stems.length; i++) {
    note(lookup.get(stems[i]!), written[i]!);
    if (i + 1 < stems.length) note(lookup.get(`${stems[i]} ${stems[i + 1]}`), `${written[i]} ${written[i + 1]}`);
  }
  return found;
}

/** The concepts a text names, as index terms. */
export const conceptsOf = (text: string): string[] => [...namedConcepts(text).keys()];
