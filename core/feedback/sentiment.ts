/**
 * Comment sentiment (negative / neutral / positive) for short English and Chinese survey comments.
 *
 * A lexicon-and-rules method (see SENTIMENT.md beside this file for the method, its limits and
 * its measured accuracy):
 *   1. Normalise (NFKC, lower case) and split the text into tokens: Latin words, runs of Han
 *      characters (cut into words by longest match against the Chinese lexicon), emoji and
 *      emoticons, and clause boundaries (punctuation).
 *   2. Look every word up: English in AFINN-165 (from the `sentiment` npm package) plus a small
 *      customer-care supplement below; Chinese in sentiment-lexicon-zh.ts; emoji in the
 *      `sentiment` package's emoji table.
 *   3. Rules: a negator flips and damps the next sentiment word within a short window; an
 *      intensifier or downtoner scales it; after a contrast marker ("but", 但是, 不过) what came
 *      before counts half and what follows counts one and a half; a concessive clause
 *      ("although", 虽然) counts half and the clause after it one and a half.
 *   4. The sum s becomes a score in -1..1 as s / sqrt(s² + 15) (the normalisation VADER uses);
 *      |score| < NEUTRAL_BAND is neutral.
 *
 * Pure: no I/O; the lexicons are data imported at module load.
 */
import afinnLabels from 'sentiment/languages/en/labels.json' with { type: 'json' };
import emojiLabels from 'sentiment/build/emoji.json' with { type: 'json' };
import {
  ZH_CONCESSIVE,
  ZH_CONTRAST,
  ZH_INTENSIFIERS,
  ZH_NEGATABLE,
  ZH_NEGATORS,
  ZH_NEUTRAL,
  ZH_SENTIMENT,
} from './sentiment-lexicon-zh.js';

export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export interface SentimentResult {
  label: Sentiment;
  /** -1 (very negative) .. 1 (very positive). */
  score: number;
  /** By script: any Han text that outweighs the Latin words makes 'zh'. */
  language: 'en' | 'zh' | 'other';
}

/** Scores with |score| below this are neutral. Chosen on the dev halves of the fixtures. */
export const NEUTRAL_BAND = 0.1;
/** VADER's normalisation constant: a sum of ±3.9 maps to ±0.71. */
const NORMALISE_ALPHA = 15;
/** A negated word keeps this much of its weight, with the sign flipped (VADER's 0.74). */
const NEGATION_FACTOR = -0.74;
/** "not very good", 不太好: a negated, intensified word becomes mildly the opposite. */
const NEGATED_BOOST_FACTOR = -0.5;
/**
 * A negator that negates no sentiment word ("no instructions", 没有豆腐脑) still complains a
 * little: in feedback it mostly says something is missing or did not happen.
 */
const UNUSED_NEGATION = -0.5;
/** Score of a word like "answered" or 回复 when negated ("nobody answered", 没回复). */
const NEGATED_EXPECTATION = -1.5;
const CONTRAST_BEFORE = 0.5;
const CONTRAST_AFTER = 1.5;
/** How far a negator reaches: English words, or Chinese characters. */
const NEGATION_REACH_EN = 3;
const NEGATION_REACH_ZH = 4;
const BOOST_REACH_EN = 2;
const BOOST_REACH_ZH = 3;

// ---------------------------------------------------------------- English tables

/**
 * Customer-care words AFINN lacks or scores for another domain; these override AFINN.
 * Multi-word entries are matched as phrases (up to three words).
 */
const EN_SUPPLEMENT: Readonly<Record<string, number>> = {
  late: -1.5, later: 0, slow: -1.5, slowly: -1, slower: -1, delayed: -2, delay: -1.5, delays: -1.5,
  rude: -2.5, unhelpful: -2, unresponsive: -2, faulty: -2, stale: -2, overpriced: -2, bland: -1.5,
  mediocre: -1.5, junk: -3, crappy: -3, refund: -1, waited: -1, waiting: -0.5, forever: -1,
  fast: 1.5, quick: 1.5, quickly: 1.5, prompt: 2, promptly: 1.5, professional: 2, courteous: 2,
  knowledgeable: 2, tasty: 2, yum: 2, decent: 1, ok: 0.5, okay: 0.5, flimsy: -2, broken: -2,
  broke: -2, unusable: -2.5, poorly: -2, lukewarm: -1, soggy: -1.5, greasy: -1, worth: 1.5,
  reliable: 2, unreliable: -2, sturdy: 2, durable: 2, seamless: 2, seamlessly: 2, smooth: 1.5,
  issue: -1, issues: -1, waste: -2, overcharged: -2.5, charged: -1, charges: -0.5, ignored: -2,
  disrespectful: -2.5, unprofessional: -2.5, incompetent: -2.5, lied: -2.5, useless: -2.5,
  quality: 0, support: 0, well: 1, perfectly: 2.5, excellently: 3, recommended: 2, fresh: 1.5,
  please: 0, want: 0, hope: 0.5, matter: 0, fire: 0, pay: 0, joke: -1, care: 1, super: 1,
  cares: 1, kill: 0, killer: 1, sound: 0, top: 1, true: 0, share: 0, dear: 0,
  rocks: 2, jerks: -3, jerk: -3, freezes: -2, freeze: -1.5, crash: -2, crashes: -2, glitch: -2,
  glitchy: -2, buggy: -2, laggy: -2, cheap: -0.5, negligent: -2.5, underwhelming: -2,
  elsewhere: -1, gift: 0.5, inedible: -3, dry: -1, eew: -2, ugh: -2, plenty: 1,
  'as well': 0, 'waste of': -2, 'no way': -1, 'stay away': -2.5, 'steer clear': -2.5,
  'send it back': -2, 'sending it back': -2, 'sent it back': -2, 'gave up': -1.5, 'give up': -1.5,
  'nothing special': -1.5, 'low quality': -2, 'poor quality': -2.5, 'high quality': 2,
  'hoping for more': -2, 'expected more': -1.5, 'expected better': -2, 'expect better': -2,
  'what i wanted': 1.5, 'above and beyond': 3, 'for no reason': -1,
  'never again': -2.5, 'waste your': -2, 'money back': -1.5, 'on hold': -1, 'hung up': -2,
  'go back': 1, 'come back': 1.5, 'be back': 1.5, 'coming back': 1.5, 'going back': 1,
  'not bad': 1.5, 'thank you': 2, 'five stars': 3, '5 stars': 3, 'one star': -2,
  '1 star': -2, 'zero stars': -3, 'up to par': 1, 'fell apart': -2.5, 'falls apart': -2.5,
  'stopped working': -2.5, 'does not work': -2.5, "doesn't work": -2.5, "didn't work": -2.5,
};

const EN_NEGATORS = new Set([
  'not', 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'cannot', 'without',
  'hardly', 'nowhere', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'arent', 'werent', 'wont',
  'wouldnt', 'couldnt', 'shouldnt', 'cant', 'havent', 'hasnt', 'hadnt', 'aint', 'no one',
]);

const EN_INTENSIFIERS: Readonly<Record<string, number>> = {
  very: 1.5, really: 1.4, so: 1.3, extremely: 1.8, super: 1.5, too: 1.3, absolutely: 1.5,
  completely: 1.5, totally: 1.5, highly: 1.5, incredibly: 1.7, most: 1.4, such: 1.3, quite: 1.2,
  pretty: 1.2, exceptionally: 1.7, especially: 1.3, seriously: 1.4, truly: 1.4, utterly: 1.7,
  terribly: 1.6, awfully: 1.5, insanely: 1.7, amazingly: 1.6, ridiculously: 1.6, way: 1.3,
  entirely: 1.5, definitely: 1.3, even: 1.2, more: 1.2, overly: 1.4, much: 1.2,
  slightly: 0.6, somewhat: 0.7, bit: 0.7, little: 0.7, fairly: 0.8, rather: 0.9, kinda: 0.7,
  'kind of': 0.7, 'sort of': 0.7, 'a bit': 0.7, 'a little': 0.7,
};

const EN_CONTRAST = new Set(['but', 'however', 'nevertheless', 'nonetheless']);
const EN_CONCESSIVE = new Set(['although', 'though', 'even though', 'despite']);

/** Neutral verbs that say something expected happened; negated they complain. */
const EN_NEGATABLE = new Set([
  'work', 'works', 'worked', 'working', 'arrive', 'arrived', 'arrives', 'answer', 'answered',
  'answers', 'answering', 'respond', 'responded', 'responds', 'response', 'reply', 'replied',
  'replies', 'receive', 'received', 'fix', 'fixed', 'resolve', 'resolved', 'solved', 'refunded',
  'delivered', 'shipped', 'included', 'charge', 'fit', 'fits', 'last', 'lasts', 'lasted', 'hold',
  'holds', 'turn', 'connect', 'connects', 'pair', 'load', 'loads', 'open', 'start', 'starts',
  'returned', 'called', 'call', 'showed', 'show', 'came', 'come', 'heard', 'back', 'contacted',
  'explained', 'followed', 'listen', 'listened', 'acknowledged', 'processed', 'updated',
  'buy', 'bought', 'purchase', 'go', 'eat', 'order', 'bother', 'got', 'edible',
]);

/**
 * "like" is a verb of liking only after a subject or an adverb ("I like", "really like"); after
 * "looks", "smelled", "was" it is a preposition and carries nothing.
 */
const LIKE_AFTER = new Set([
  'i', 'we', 'you', 'they', 'he', 'she', 'really', "i'd", "we'd", 'would', 'also', 'still',
  'definitely', 'totally', 'do', 'did', 'does', 'truly', 'actually', 'just', 'personally', 'kids',
]);

/** Words that are intensifiers before a sentiment word and sentiment words elsewhere. */
const DUAL_INTENSIFIERS: Readonly<Record<string, number>> = { pretty: 1.2, 好: 1.5 };

const EMOTICONS: Readonly<Record<string, number>> = {
  ':)': 2, ':-)': 2, ';)': 1.5, ';-)': 1.5, ':d': 2, ':-d': 2, '=)': 2, '^_^': 2, '^^': 1.5,
  ':(': -2, ':-(': -2, ":'(": -2, ':/': -1, ':-/': -1, '>:(': -3,
};

const AFINN: Readonly<Record<string, number>> = afinnLabels as Record<string, number>;
const EMOJI: Readonly<Record<string, number>> = emojiLabels as Record<string, number>;


// ---------------------------------------------------------------- Chinese dictionary

type ZhEntry =
  | { kind: 'sentiment'; score: number }
  | { kind: 'negator' }
  | { kind: 'intensifier'; factor: number }
  | { kind: 'contrast' }
  | { kind: 'concessive' }
  | { kind: 'negatable' }
  | { kind: 'neutral' };

/** Every Chinese entry by word; a word listed twice keeps its first table (see the test). */
const ZH_DICT = new Map<string, ZhEntry>();
function addZh(word: string, entry: ZhEntry): void {
  if (!ZH_DICT.has(word)) ZH_DICT.set(word, entry);
}
for (const w of ZH_NEUTRAL) addZh(w, { kind: 'neutral' });
for (const w of ZH_CONTRAST) addZh(w, { kind: 'contrast' });
for (const w of ZH_CONCESSIVE) addZh(w, { kind: 'concessive' });
for (const [w, s] of Object.entries(ZH_SENTIMENT)) addZh(w, { kind: 'sentiment', score: s });
for (const w of ZH_NEGATORS) addZh(w, { kind: 'negator' });
for (const [w, f] of Object.entries(ZH_INTENSIFIERS)) addZh(w, { kind: 'intensifier', factor: f });
for (const w of ZH_NEGATABLE) addZh(w, { kind: 'negatable' });
const ZH_MAX_WORD = Math.max(...[...ZH_DICT.keys()].map((w) => w.length));

const ZH_ADVERB_BEFORE_WORD = new Set(['一般']);
const ZH_PARTICLES = new Set(['了', '吧', '啊', '呀', '的', '哦', '呢', '啦', '般', '嘛', '吗', '哈', '额', '而已']);

// ---------------------------------------------------------------- tokens

type Token =
  | { kind: 'word'; text: string; zh: boolean }
  | { kind: 'emoji'; score: number }
  | { kind: 'break' };

const TOKEN_RE =
  /(\p{Script=Han}+)|(>:\(|:'\(|[:;=]-?[()d/](?![a-z0-9/])|\^_?\^)|([a-z0-9]+(?:'[a-z]+)*)|([,.!?;:。、…~\n\r()[\]{}"|/\\-]+)|(\p{Extended_Pictographic})/gu;

/** Cuts a run of Han characters into dictionary words (longest match) and single characters. */
function scanHan(run: string, out: Token[]): void {
  let i = 0;
  while (i < run.length) {
    let len = Math.min(ZH_MAX_WORD, run.length - i);
    for (; len > 1; len--) if (ZH_DICT.has(run.slice(i, i + len))) break;
    out.push({ kind: 'word', text: run.slice(i, i + len), zh: true });
    i += len;
  }
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    if (m[1] !== undefined) scanHan(m[1], out);
    else if (m[2] !== undefined) out.push({ kind: 'emoji', score: EMOTICONS[m[2]] ?? 0 });
    else if (m[3] !== undefined) out.push({ kind: 'word', text: m[3], zh: false });
    else if (m[4] !== undefined) out.push({ kind: 'break' });
    else if (m[5] !== undefined) out.push({ kind: 'emoji', score: EMOJI[m[5]] ?? 0 });
  }
  return out;
}

// ---------------------------------------------------------------- rules

type Role =
  | { kind: 'sentiment'; score: number; len: number }
  | { kind: 'negator'; len: number }
  | { kind: 'intensifier'; factor: number; len: number }
  | { kind: 'contrast'; len: number }
  | { kind: 'concessive'; len: number }
  | { kind: 'negatable'; len: number }
  | { kind: 'other'; len: number };

function enRole(words: readonly string[]): Role {
  const phrase = words.join(' ');
  const len = words.length;
  if (EN_NEGATORS.has(phrase) || (len === 1 && phrase.endsWith("n't"))) return { kind: 'negator', len };
  if (EN_CONTRAST.has(phrase)) return { kind: 'contrast', len };
  if (EN_CONCESSIVE.has(phrase)) return { kind: 'concessive', len };
  const factor = EN_INTENSIFIERS[phrase];
  if (factor !== undefined && DUAL_INTENSIFIERS[phrase] === undefined) return { kind: 'intensifier', factor, len };
  const own = EN_SUPPLEMENT[phrase];
  if (own !== undefined) return { kind: 'sentiment', score: own, len };
  if (len === 1 && EN_NEGATABLE.has(phrase)) return { kind: 'negatable', len };
  const afinn = AFINN[phrase];
  if (afinn !== undefined) return { kind: 'sentiment', score: afinn, len };
  return { kind: 'other', len };
}

/** The role of the token at i, matching English phrases of up to three words first. */
function roleAt(tokens: readonly Token[], i: number): Role {
  const t = tokens[i];
  if (t === undefined || t.kind !== 'word') return { kind: 'other', len: 1 };
  if (t.zh) {
    const e = ZH_DICT.get(t.text);
    if (e === undefined || e.kind === 'neutral') return { kind: 'other', len: 1 };
    return { ...e, len: 1 };
  }
  for (let n = 3; n >= 2; n--) {
    const words: string[] = [];
    for (let j = i; j < i + n; j++) {
      const u = tokens[j];
      if (u === undefined || u.kind !== 'word' || u.zh) break;
      words.push(u.text);
    }
    if (words.length < n) continue;
    const role = enRole(words);
    if (role.kind !== 'other' && role.kind !== 'negatable') return role;
  }
  return enRole([t.text]);
}

function isSentimentAt(tokens: readonly Token[], i: number): boolean {
  const r = roleAt(tokens, i);
  return r.kind === 'sentiment' && r.score !== 0;
}

/** Sum of the rule-adjusted word scores. */
function rawScore(tokens: readonly Token[]): number {
  let total = 0;
  let weight = 1;
  let concession = false; // inside an "although" clause
  let negLeft = -1; // reach left for a pending negator; < 0 when none
  let boost = 1;
  let boostLeft = -1;
  let boostAfterNeg = false;

  const expireNegation = () => {
    if (negLeft >= 0) total += UNUSED_NEGATION * weight;
    negLeft = -1;
  };
  const reset = () => {
    negLeft = -1;
    boost = 1;
    boostLeft = -1;
    boostAfterNeg = false;
  };

  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as Token;
    if (t.kind === 'break') {
      expireNegation();
      reset();
      if (concession) {
        concession = false;
        weight = CONTRAST_AFTER;
      }
      i++;
      continue;
    }
    if (t.kind === 'emoji') {
      total += t.score * weight;
      i++;
      continue;
    }
    const zh = t.zh;
    let role = roleAt(tokens, i);
    const dual = DUAL_INTENSIFIERS[t.text];
    if (role.kind === 'sentiment' && role.len === 1 && dual !== undefined && isSentimentAt(tokens, i + 1)) {
      role = { kind: 'intensifier', factor: dual, len: 1 };
    }
    // "like" only counts after a subject or adverb.
    if (role.kind === 'sentiment' && !zh && role.len === 1 && (t.text === 'like' || t.text === 'likes')) {
      const prev = tokens[i - 1];
      const prevText = prev !== undefined && prev.kind === 'word' ? prev.text : '';
      if (!LIKE_AFTER.has(prevText) && negLeft < 0) role = { kind: 'other', len: 1 };
    }
    // 一般 is "mediocre" at the end of a clause but "usually" before a verb (我一般用手机).
    if (zh && role.kind === 'sentiment' && ZH_ADVERB_BEFORE_WORD.has(t.text)) {
      const next = tokens[i + 1];
      if (next !== undefined && next.kind === 'word' && next.zh && !ZH_PARTICLES.has(next.text)) {
        role = { kind: 'other', len: 1 };
      }
    }
    const width = zh ? t.text.length : role.len;

    switch (role.kind) {
      case 'negator':
        expireNegation();
        negLeft = zh ? NEGATION_REACH_ZH : NEGATION_REACH_EN;
        boostAfterNeg = false;
        break;
      case 'intensifier':
        boost *= role.factor;
        boostLeft = zh ? BOOST_REACH_ZH : BOOST_REACH_EN;
        if (negLeft >= 0) boostAfterNeg = true;
        break;
      case 'contrast':
        expireNegation();
        total *= CONTRAST_BEFORE;
        weight = CONTRAST_AFTER;
        concession = false;
        reset();
        break;
      case 'concessive':
        expireNegation();
        weight = CONTRAST_BEFORE;
        concession = true;
        reset();
        break;
      case 'sentiment':
      case 'negatable': {
        const base = role.kind === 'sentiment' ? role.score : 0;
        const negated = negLeft >= 0;
        let v: number;
        if (!negated) v = base * boost;
        else if (role.kind === 'negatable') v = NEGATED_EXPECTATION;
        else if (boostAfterNeg) v = base * NEGATED_BOOST_FACTOR;
        else v = base * NEGATION_FACTOR * boost;
        if (role.kind === 'sentiment' || negated) {
          total += v * weight;
          reset();
        } else {
          boostLeft -= width;
        }
        break;
      }
      default:
        if (negLeft >= 0) {
          negLeft -= width;
          if (negLeft < 0) {
            negLeft = 0;
            expireNegation();
          }
        }
        if (boostLeft >= 0) {
          boostLeft -= width;
          if (boostLeft < 0) boost = 1;
        }
    }
    i += role.len;
  }
  expireNegation();
  return total;
}

// ---------------------------------------------------------------- language

const HAN_RE = /\p{Script=Han}/gu;
const KANA_HANGUL_RE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const LATIN_WORD_RE = /\p{Script=Latin}+/gu;

function detectLanguage(text: string): SentimentResult['language'] {
  if (KANA_HANGUL_RE.test(text)) return 'other';
  const han = text.match(HAN_RE)?.length ?? 0;
  const latinWords = text.match(LATIN_WORD_RE)?.length ?? 0;
  if (han === 0 && latinWords === 0) return 'other';
  // A Han character is about a word's worth of meaning: compare characters with words.
  return han >= latinWords ? 'zh' : 'en';
}

// ---------------------------------------------------------------- API

export function analyseSentiment(text: string): SentimentResult {
  const normalised = text.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'");
  const language = detectLanguage(normalised);
  const sum = rawScore(tokenize(normalised));
  const score = sum === 0 ? 0 : sum / Math.sqrt(sum * sum + NORMALISE_ALPHA);
  const label: Sentiment = score >= NEUTRAL_BAND ? 'positive' : score <= -NEUTRAL_BAND ? 'negative' : 'neutral';
  return { label, score, language };
}
