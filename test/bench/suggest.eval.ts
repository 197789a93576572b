/**
 * How often the ranked suggestions hold a reply of the right kind, on real support conversations
 * (../shared/data/support/twcs_head5000.csv): `npm run eval:suggest`.
 *
 * Pairs: each inbound customer tweet with the brand's tweet that answers it (the brand tweet's
 * in_response_to_tweet_id). Split: per brand, by time — the earliest 70 % of its pairs are the
 * reply library, the latest 30 % are the test posts; brands with fewer than 5 pairs are left out.
 * For each test post, the library's replies of the same brand are ranked as `pastReplies` (the
 * reply, and the customer post it answered) by `rankReplies`, with no templates.
 *
 * "The right kind": the same brand (every candidate is) and the same intent, where the intent is
 * the first of the keyword rules below that the brand's reply matches. The rules read only the
 * brand's reply, never the customer's post that BM25 ranks by; they share one thing with the
 * ranker: the `apology` rule and the ranker's tone boost both look for "sorry"/"apolog…", which
 * matters only in the run with tone. Test posts whose reply matches no rule (`other`) are left out.
 *
 * Templates: each brand also gets the templates its team would have written from its library
 * (./suggest-templates.ts): one per kind of reply, with the library's customer posts of that kind
 * as its example posts. A template suggestion is of its template's kind. The runs with templates
 * measure what example posts add, with and without the past replies beside them.
 *
 * Cold and after history: "cold" is the templates alone (title and text, no example posts); "after
 * history" adds the library's replies as sent from the template of their kind (`templateId`), so
 * the posts they answered count for that template. "BM25 alone" is the same ranking searching the
 * post's own words only (`relatedWeight: 0`).
 *
 * Then the labelled care set (./suggest-labelled.ts, test/fixtures/suggest/care-set.json), or the
 * set given by `npm run eval:suggest -- --set <file>` (only that set is measured then).
 *
 * `npm run eval:suggest -- --tune` measures on a tuning split instead, for choosing the ranking's
 * field boosts: the library alone, split again the same way (its earliest 70 % per brand as the
 * library, its latest 30 % as the posts). The test posts are not read in that mode.
 */
import { fieldBoosts, rankReplies, type FieldBoosts, type PastReply, type PostTone, type SuggestionTemplate } from '../../api/domain/suggestions.js';
import { resolve } from 'node:path';
import { tone } from '../../api/domain/tone.js';
import { loadSupportTweets, type SupportTweet } from './support-data.js';
import { templatesFrom, withoutExamples, type EvalTemplate } from './suggest-templates.js';
import { labelledRows, loadLabelledSet } from './suggest-labelled.js';
import { Results } from './results.js';

const careSet = resolve(import.meta.dirname, '../fixtures/suggest/care-set.json');

export const intentRules: [intent: string, rule: RegExp][] = [
  // Moves the conversation to private messages.
  ['dm', /\b(dm|dms|direct message|private message|message us|send us a message|click ‘message’|click 'message')\b/i],
  // Sends the customer to another channel: a phone line, chat, a contact form.
  ['contact', /\b(call us|give us a call|phone|chat (with|to) us|chat in|ring|contact us|reach (out to )?us|get in touch|contact form|customer service)\b/i],
  ['refund_billing', /\b(refund\w*|charge[ds]?|bill(ed|ing)?|payment|paid|credit|fee|price|invoice|account number|acct)\b/i],
  ['delivery_travel', /\b(deliver\w*|tracking|track|parcel|package|shipp?\w*|courier|order (number|status)|flight|gate|booking|baggage|bag|delay\w*|driver|trip|train|service (is|was) delayed)\b/i],
  ['troubleshoot', /\b(restart|reboot|reinstall|update|updating|clear (the )?cache|reset|settings|version|log ?out|sign ?out|power cycle|back(ing)? up|try (to|again|this|these)|steps)\b/i],
  ['feedback', /\b(pass (it |this |that )?on|passed|feedback|suggestion|share[ds]? (this|your)|forward(ed)?|let (the|our) team know)\b/i],
  ['thanks', /\b(thank\w*|glad|appreciate\w*|love|awesome|enjoy\w*|happy to hear|great to hear|welcome)\b/i],
  ['apology', /\b(sorry|apolog\w*|regret\w*)\b/i],
  // Asks the customer for details.
  ['question', /\?\s*(\S+\s*)?$/],
];

export function intentOf(reply: string): string {
  return intentRules.find(([, rule]) => rule.test(reply))?.[0] ?? 'other';
}

interface Pair {
  brand: string;
  post: SupportTweet;
  reply: SupportTweet;
  intent: string;
}

const idOf = (value: string | null) => (value ? value.replace(/\.0$/, '') : null);

function loadPairs(): Pair[] {
  const tweets = loadSupportTweets();
  const byId = new Map(tweets.map((tweet) => [tweet.tweetId, tweet]));
  const pairs: Pair[] = [];
  for (const reply of tweets) {
    const post = reply.inbound ? undefined : byId.get(idOf(reply.inResponseTo) ?? '');
    if (post?.inbound) pairs.push({ brand: reply.authorId, post, reply, intent: intentOf(reply.text) });
  }
  return pairs;
}

function split(pairs: Pair[]): { library: Map<string, Pair[]>; test: Pair[] } {
  const byBrand = new Map<string, Pair[]>();
  for (const pair of pairs) byBrand.set(pair.brand, [...(byBrand.get(pair.brand) ?? []), pair]);
  const library = new Map<string, Pair[]>();
  const test: Pair[] = [];
  for (const [brand, list] of byBrand) {
    if (list.length < 5) continue;
    list.sort((a, b) => a.reply.createdAt.getTime() - b.reply.createdAt.getTime() || a.reply.tweetId.localeCompare(b.reply.tweetId));
    const cut = Math.floor(list.length * 0.7);
    library.set(brand, list.slice(0, cut));
    test.push(...list.slice(cut).filter((pair) => pair.intent !== 'other'));
  }
  return { library, test };
}

/** The 1-based rank of the first reply of the right kind in a ranked list of intents, or null. */
const firstHit = (intents: string[], wanted: string) => {
  const index = intents.indexOf(wanted);
  return index === -1 ? null : index + 1;
};

interface Score { recallAt3: number; mrr: number; coverage: number }

function measure(test: Pair[], rankedIntents: (pair: Pair) => string[]): Score {
  let hits = 0;
  let reciprocal = 0;
  let answered = 0;
  for (const pair of test) {
    const intents = rankedIntents(pair);
    if (intents.length > 0) answered += 1;
    const rank = firstHit(intents, pair.intent);
    if (rank !== null && rank <= 3) hits += 1;
    if (rank !== null) reciprocal += 1 / rank;
  }
  return { recallAt3: hits / test.length, mrr: reciprocal / test.length, coverage: answered / test.length };
}

// Seeded, so the random baseline is the same on every run.
function shuffled<T>(items: T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

interface RankingRun {
  withTone: boolean;
  pastReplies: boolean;
  templates: 'none' | 'without examples' | 'with examples';
  /** The past replies carry the id of the template of their kind. */
  history?: boolean;
  relatedWeight?: number;
  boosts?: Partial<FieldBoosts>;
}

function labelled(path: string, results?: Results): void {
  const set = loadLabelledSet(path);
  console.log(`\nLabelled set ${path}: ${set.templates.length} templates, ${set.posts.length} posts; every suggestion checked: ≤ 280 weighted characters, every variable filled`);
  console.log('\n| ranking | posts | recall@3 | MRR |\n|---|---:|---:|---:|');
  for (const [label, weight] of [['rankReplies', undefined], ['BM25 alone (shared words only: no concepts, no related words)', 0]] as const) {
    const rows = labelledRows(set, weight);
    for (const [row, score] of rows) console.log(`| ${label}: ${row} | ${score.posts} | ${(score.recallAt3 * 100).toFixed(1)} % | ${score.mrr.toFixed(3)} |`);
    if (!results) continue;
    // The goals are judged on the posts the ranking was not tuned on: the held-out half, then after history.
    const [cold, after] = [rows.find(([row]) => row.includes('held-out half') && row.startsWith('cold'))?.[1] ?? rows[0]![1], rows.at(-1)![1]];
    const prefix = weight === 0 ? 'care.bm25' : 'care';
    results.add(`${prefix}.cold.recallAt3`, cold.recallAt3, 'fraction', weight === 0 ? undefined : { atLeast: 0.9 });
    results.add(`${prefix}.cold.mrr`, cold.mrr, 'MRR');
    results.add(`${prefix}.afterHistory.recallAt3`, after.recallAt3, 'fraction', weight === 0 ? undefined : { atLeast: 0.95 });
    results.add(`${prefix}.afterHistory.mrr`, after.mrr, 'MRR');
  }
  // Random order's expectation, exactly: the right template is equally likely at each rank.
  const n = set.templates.length;
  const harmonic = Array.from({ length: n }, (_, i) => 1 / (i + 1)).reduce((sum, value) => sum + value, 0);
  console.log(`| baseline: random order (expected) | ${set.posts.length} | ${((Math.min(3, n) / n) * 100).toFixed(1)} % | ${(harmonic / n).toFixed(3)} |`);
}

function main(): void {
  const started = performance.now();
  const setAt = process.argv.indexOf('--set');
  if (setAt !== -1) {
    const path = process.argv[setAt + 1];
    if (!path) throw new Error('--set needs the path of a labelled set (see test/bench/suggest-labelled.ts)');
    labelled(resolve(process.cwd(), path));
    return;
  }
  const tuning = process.argv.includes('--tune');
  const pairs = loadPairs();
  const first = split(pairs);
  // Tuning never reads the test posts: it splits the library again, by the same rule.
  const { library, test } = tuning ? split([...first.library.values()].flat()) : first;
  const libraryReplies = new Map<string, PastReply[]>();
  const libraryTemplates = new Map<string, EvalTemplate[]>();
  const intentByText = new Map<string, string>();
  const intentByTemplate = new Map<string, string>();
  for (const [brand, list] of library) {
    libraryReplies.set(brand, list.map((pair) => ({ text: pair.reply.text, inReplyTo: pair.post.text })));
    // rankReplies returns a reply without its leading mentions; key the labels the same way.
    for (const pair of list) intentByText.set(pair.reply.text.replace(/^(\s*[@＠]\w+)+\s*/u, '').trim(), pair.intent);
    const templates = templatesFrom(brand, list.map((pair) => ({ post: pair.post.text, reply: pair.reply.text, intent: pair.intent })));
    libraryTemplates.set(brand, templates);
    for (const { template, intent } of templates) intentByTemplate.set(template.id, intent);
  }

  const ranked = (run: RankingRun) => (pair: Pair) => {
    const postTone: PostTone | undefined = run.withTone ? tone(pair.post.text).label : undefined;
    const made = libraryTemplates.get(pair.brand) ?? [];
    const templates: SuggestionTemplate[] = run.templates === 'none' ? [] : run.templates === 'with examples' ? made.map(({ template }) => template) : withoutExamples(made);
    const replies = run.pastReplies ? libraryReplies.get(pair.brand) ?? [] : [];
    const kinds = new Set(templates.map((template) => template.id));
    const sent = run.history ? replies.map((reply) => {
      const templateId = `${pair.brand}:${intentByText.get(reply.text.replace(/^(\s*[@＠]\w+)+\s*/u, '').trim())}`;
      return kinds.has(templateId) ? { ...reply, templateId } : reply;
    }) : replies;
    const suggestions = rankReplies({
      templates, pastReplies: sent, post: { text: pair.post.text, tone: postTone },
      values: {}, limit: 1000, ...(run.boosts ? { boosts: run.boosts } : {}), ...(run.relatedWeight !== undefined ? { relatedWeight: run.relatedWeight } : {}),
    });
    return suggestions.map((suggestion) => (suggestion.templateId && intentByTemplate.get(suggestion.templateId)) || intentByText.get(suggestion.text) || 'trimmed');
  };
  const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
  const table = (rows: [string, Score][]) => {
    console.log('\n| ranking | recall@3 | MRR | posts with any suggestion |\n|---|---:|---:|---:|');
    for (const [label, score] of rows) console.log(`| ${label} | ${percent(score.recallAt3)} | ${score.mrr.toFixed(3)} | ${percent(score.coverage)} |`);
  };
  const templateCount = [...libraryTemplates.values()].reduce((sum, list) => sum + list.length, 0);
  const exampleCount = [...libraryTemplates.values()].flat().reduce((sum, { template }) => sum + (template.examples?.length ?? 0), 0);
  console.log(`${tuning ? 'TUNING split (the library split again; test posts not read): ' : ''}pairs ${tuning ? [...library.values()].flat().length + test.length : pairs.length}, brands ${library.size}, library ${[...library.values()].reduce((sum, list) => sum + list.length, 0)}, test posts ${test.length} (kind "other" left out)`);
  console.log(`templates ${templateCount}, with ${exampleCount} example posts`);

  if (tuning) {
    // The example posts' boost, against the title's (topic) and the past replies' (answered).
    const rows: [string, Score][] = [
      ['templates alone, without examples', measure(test, ranked({ withTone: true, pastReplies: false, templates: 'without examples' }))],
      ['templates and past replies, without examples', measure(test, ranked({ withTone: true, pastReplies: true, templates: 'without examples' }))],
    ];
    for (const examples of [0.5, 1, 1.5, 2, 3, 4, 6, 10]) {
      rows.push([`templates alone, example boost ${examples}`, measure(test, ranked({ withTone: true, pastReplies: false, templates: 'with examples', boosts: { examples } }))]);
      rows.push([`templates and past replies, example boost ${examples}`, measure(test, ranked({ withTone: true, pastReplies: true, templates: 'with examples', boosts: { examples } }))]);
    }
    table(rows);
    console.log(`\nboosts now: ${JSON.stringify(fieldBoosts)}; ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return;
  }
  const byFrequency = (brand: string) => {
    const counts = new Map<string, number>();
    for (const pair of library.get(brand) ?? []) counts.set(pair.intent, (counts.get(pair.intent) ?? 0) + 1);
    // "other" is never a right kind (its test posts are left out), so it goes last.
    const order = [...counts].sort((a, b) => Number(a[0] === 'other') - Number(b[0] === 'other') || b[1] - a[1] || a[0].localeCompare(b[0])).map(([intent]) => intent);
    return (library.get(brand) ?? []).map((pair) => pair.intent).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  };
  const randomRuns = 20;
  const random: Score = { recallAt3: 0, mrr: 0, coverage: 0 };
  for (let run = 1; run <= randomRuns; run += 1) {
    const score = measure(test, (pair) => shuffled(library.get(pair.brand) ?? [], run * 7919).map((item) => item.intent));
    random.recallAt3 += score.recallAt3 / randomRuns;
    random.mrr += score.mrr / randomRuns;
    random.coverage += score.coverage / randomRuns;
  }

  const rows: [string, Score][] = [
    ['rankReplies (BM25 over similar posts)', measure(test, ranked({ withTone: false, pastReplies: true, templates: 'none' }))],
    ['rankReplies with the post\'s tone', measure(test, ranked({ withTone: true, pastReplies: true, templates: 'none' }))],
    ['baseline: the brand\'s replies, most frequent kind first', measure(test, (pair) => byFrequency(pair.brand))],
    [`baseline: random order (mean of ${randomRuns})`, random],
    ['templates alone (title and text), with tone', measure(test, ranked({ withTone: true, pastReplies: false, templates: 'without examples' }))],
    ['templates alone, with their example posts, with tone', measure(test, ranked({ withTone: true, pastReplies: false, templates: 'with examples' }))],
    ['templates and past replies, with tone', measure(test, ranked({ withTone: true, pastReplies: true, templates: 'without examples' }))],
    ['templates with example posts and past replies, with tone', measure(test, ranked({ withTone: true, pastReplies: true, templates: 'with examples' }))],
    ['cold: templates alone, BM25 alone (shared words only: no concepts, no related words)', measure(test, ranked({ withTone: true, pastReplies: false, templates: 'without examples', relatedWeight: 0 }))],
    ['cold: templates alone, by meaning (concepts and related words)', measure(test, ranked({ withTone: true, pastReplies: false, templates: 'without examples' }))],
    ['after history: templates, replies sent from them, BM25 alone', measure(test, ranked({ withTone: true, pastReplies: true, templates: 'without examples', history: true, relatedWeight: 0 }))],
    ['after history: templates, replies sent from them, by meaning (concepts and related words)', measure(test, ranked({ withTone: true, pastReplies: true, templates: 'without examples', history: true }))],
  ];

  const intents = new Map<string, number>();
  for (const pair of test) intents.set(pair.intent, (intents.get(pair.intent) ?? 0) + 1);
  console.log(`test posts by kind: ${[...intents].sort((a, b) => b[1] - a[1]).map(([intent, count]) => `${intent} ${count}`).join(', ')}`);
  table(rows);
  const results = new Results('suggest', 'npm run eval:suggest');
  const named: Record<string, string> = {
    'support.bm25.cold': 'cold: templates alone, BM25 alone (shared words only: no concepts, no related words)',
    'support.cold': 'cold: templates alone, by meaning (concepts and related words)',
    'support.bm25.afterHistory': 'after history: templates, replies sent from them, BM25 alone',
    'support.afterHistory': 'after history: templates, replies sent from them, by meaning (concepts and related words)',
    'support.random': `baseline: random order (mean of ${randomRuns})`,
  };
  for (const [name, label] of Object.entries(named)) {
    const score = rows.find(([row]) => row === label)?.[1];
    if (!score) throw new Error(`No row "${label}"`);
    results.add(`${name}.recallAt3`, score.recallAt3, 'fraction');
    results.add(`${name}.mrr`, score.mrr, 'MRR');
  }
  labelled(careSet, tuning ? undefined : results);
  if (!tuning) results.write();
  console.log(`\n${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main();
